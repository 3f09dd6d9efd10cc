/** Swedish: refusals the API answers by reason, shown when an action is refused. */
import type { refusals as reference } from '../en/refusals.js';

export const refusals: Record<keyof typeof reference, string> = {
  'refusal.not_inbox_member': 'Du kan se den här inkorgen men är inte medlem i den, så du kan inte agera här.',
  'refusal.admin_only': 'Bara administratörer kan ändra inställningar.',
  'refusal.super_admin_only': 'Bara en superadministratör kan ge eller ändra rollen superadministratör.',
  'refusal.ticket_inbox_member': 'Du är inte medlem i inkorgen för det här ärendets konversation.',
  'refusal.contact_private_conversations': 'Den här kontakten har konversationer som du inte kan se; fråga en administratör.',
  'refusal.token_read_only': 'Den här API-token kan bara läsa.',
  'refusal.token_cannot_manage': 'Logga in i appen för att hantera API-token och ditt lösenord.',
  'refusal.own_account': 'Det kan du inte göra med ditt eget konto.',
  'refusal.cross_site': 'Begäran kom från en annan webbplats och nekades.',
  'refusal.embed_refused': 'Den här webbplatsen får inte bädda in chatten.',
  'refusal.already_exists': 'Det finns redan.',
  'refusal.user_exists': 'Det finns redan en användare med den här e-postadressen.',
  'refusal.team_exists': 'Det finns redan ett team med det här namnet.',
  'refusal.pipeline_exists': 'Det finns redan en pipeline med det här namnet.',
  'refusal.contact_email_taken': 'En annan kontakt har redan den här e-postadressen.',
  'refusal.address_taken': 'En annan kanal använder redan den här adressen.',
  'refusal.from_name_clash':
    'Kanalen ”{channel}” skickar också från {address} med ett annat avsändarnamn; en adress har ett avsändarnamn: använd samma inställning där.',
  'refusal.trash_only_delete': 'Bara konversationer i papperskorgen kan raderas för alltid.',
  'refusal.email_channel_only': 'Bara e-postkanaler kan ändras här.',
  'refusal.mailbox_only': 'Bara en ansluten brevlåda (IMAP) har serverinställningar.',
  'refusal.api_channel_only': 'Kundmeddelanden kan bara läggas till i konversationer från en API-kanal.',
  'refusal.not_awaiting_delivery': 'Meddelandet väntar inte på leverans.',
  'refusal.inbox_limit': 'Ett konto kan ha högst {max} inkorgar.',
  'refusal.last_inbox': 'Den sista inkorgen kan inte raderas.',
  'refusal.contact_has_conversations':
    'Den här kontakten har konversationer eller ärenden: radera kontakten helt i stället (administratörer).',
  'refusal.messenger_window_closed':
    'Messenger tillåter inget svar mer än 7 dagar efter kundens senaste meddelande. Konversationen fortsätter när kunden skriver igen.',
};
