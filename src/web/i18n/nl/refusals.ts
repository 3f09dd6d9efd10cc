/** Dutch: refusals the API answers by reason, shown when an action is refused. */
import type { refusals as reference } from '../en/refusals.js';

export const refusals: Record<keyof typeof reference, string> = {
  'refusal.not_inbox_member': 'Je kunt deze inbox bekijken, maar je bent er geen lid van, dus je kunt hier niets doen.',
  'refusal.admin_only': 'Alleen beheerders kunnen instellingen wijzigen.',
  'refusal.super_admin_only': 'Alleen een superbeheerder kan de rol superbeheerder toekennen of wijzigen.',
  'refusal.ticket_inbox_member': 'Je bent geen lid van de inbox van het gesprek van dit ticket.',
  'refusal.contact_private_conversations': 'Dit contact heeft gesprekken die je niet kunt zien; vraag het een beheerder.',
  'refusal.token_read_only': 'Deze API-token kan alleen lezen.',
  'refusal.token_cannot_manage': 'Log in op de app om API-tokens en je wachtwoord te beheren.',
  'refusal.own_account': 'Dit kun je niet met je eigen account doen.',
  'refusal.cross_site': 'Dit verzoek kwam van een andere site en is geweigerd.',
  'refusal.embed_refused': 'Deze site mag de chat niet insluiten.',
  'refusal.already_exists': 'Dat bestaat al.',
  'refusal.user_exists': 'Er bestaat al een gebruiker met dit e-mailadres.',
  'refusal.team_exists': 'Er bestaat al een team met deze naam.',
  'refusal.pipeline_exists': 'Er bestaat al een pipeline met deze naam.',
  'refusal.contact_email_taken': 'Een ander contact heeft dit e-mailadres al.',
  'refusal.address_taken': 'Een ander kanaal gebruikt dit adres al.',
  'refusal.from_name_clash':
    'Het kanaal “{channel}” verstuurt ook vanaf {address} met een andere afzendernaam; een adres heeft één afzendernaam: gebruik daar dezelfde instelling.',
  'refusal.trash_only_delete': 'Alleen gesprekken in de prullenbak kunnen definitief verwijderd worden.',
  'refusal.email_channel_only': 'Alleen e-mailkanalen kunnen hier gewijzigd worden.',
  'refusal.mailbox_only': 'Alleen een gekoppelde mailbox (IMAP) heeft serverinstellingen.',
  'refusal.api_channel_only': 'Klantberichten kunnen alleen in gesprekken van een API-kanaal geplaatst worden.',
  'refusal.not_awaiting_delivery': 'Dit bericht wacht niet op bezorging.',
  'refusal.inbox_limit': 'Een account kan hoogstens {max} inboxen hebben.',
  'refusal.last_inbox': 'De laatste inbox kan niet verwijderd worden.',
  'refusal.contact_has_conversations': 'Dit contact heeft gesprekken of tickets: wis het contact in plaats daarvan (beheerders).',
  'refusal.messenger_window_closed':
    'Messenger staat geen antwoord toe meer dan 7 dagen na het laatste bericht van de klant. Het gesprek gaat verder zodra die weer schrijft.',
};
