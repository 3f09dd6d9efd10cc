/**
 * A notification in words, the one place for them: the bell, the browser notification an open tab
 * shows, Web Push and the email notification (the server writes those in the user's language).
 * English, Dutch and Swedish; a kind a language lacks is a type error.
 */
import { format } from './icu.js';
import { pickLanguage, type Language } from './languages.js';
import type { NotificationData, NotificationKind } from './notification-api.js';

export type NotificationLanguage = Language;
type Catalog = Record<NotificationKind, string> & {
  someone: string;
  yourTeam: string;
  open: string;
  gone: string;
  failures: string;
  reconnect: string;
};

const en: Catalog = {
  assigned: '{actor} assigned a conversation to you',
  team_assigned: 'A conversation for {team}',
  new_message: '{contact} wrote in your conversation',
  mention: '{actor} mentioned you',
  new_conversation_email: 'New email from {contact}',
  new_conversation_chat: '{contact} started a chat',
  new_conversation_api: 'New conversation from {contact}',
  new_conversation_messenger: 'New message from {contact}',
  new_conversation_form: 'New form from {contact}',
  handover: '{contact} asks for a person',
  webhook_disabled: 'The webhook “{webhook}” was turned off',
  channel_reconnect: 'The channel “{channel}” needs to be reconnected',
  someone: 'Someone',
  yourTeam: 'your team',
  open: 'Open Switchboard to see it.',
  gone: 'Its address answered that it no longer exists (410 Gone), so no more events are sent to it. Check it, then turn the webhook on again in Settings.',
  failures:
    'Too many deliveries in a row failed, so no more events are sent to it. Check the receiving end, then turn the webhook on again in Settings.',
  reconnect: 'Facebook refused its access ({error}). Replies fail until an admin reconnects it in Settings, Inboxes.',
};

const nl: Catalog = {
  assigned: '{actor} heeft een gesprek aan je toegewezen',
  team_assigned: 'Een gesprek voor {team}',
  new_message: '{contact} schreef in jouw gesprek',
  mention: '{actor} noemde je',
  new_conversation_email: 'Nieuwe e-mail van {contact}',
  new_conversation_chat: '{contact} begon een chat',
  new_conversation_api: 'Nieuw gesprek van {contact}',
  new_conversation_messenger: 'Nieuw bericht van {contact}',
  new_conversation_form: 'Nieuw formulier van {contact}',
  handover: '{contact} vraagt om een mens',
  webhook_disabled: 'De webhook “{webhook}” is uitgezet',
  channel_reconnect: 'Het kanaal “{channel}” moet opnieuw verbonden worden',
  someone: 'Iemand',
  yourTeam: 'je team',
  open: 'Open Switchboard om het te zien.',
  gone: 'Het adres antwoordde dat het niet meer bestaat (410 Gone), dus er worden geen gebeurtenissen meer naartoe gestuurd. Controleer het en zet de webhook daarna weer aan in Instellingen.',
  failures:
    'Te veel leveringen op rij zijn mislukt, dus er worden geen gebeurtenissen meer naartoe gestuurd. Controleer de ontvangende kant en zet de webhook daarna weer aan in Instellingen.',
  reconnect:
    'Facebook weigerde de toegang ({error}). Antwoorden mislukken tot een beheerder het opnieuw verbindt in Instellingen, Inboxen.',
};

const sv: Catalog = {
  assigned: '{actor} tilldelade dig en konversation',
  team_assigned: 'En konversation för {team}',
  new_message: '{contact} skrev i din konversation',
  mention: '{actor} nämnde dig',
  new_conversation_email: 'Nytt mejl från {contact}',
  new_conversation_chat: '{contact} startade en chatt',
  new_conversation_api: 'Ny konversation från {contact}',
  new_conversation_messenger: 'Nytt meddelande från {contact}',
  new_conversation_form: 'Nytt formulär från {contact}',
  handover: '{contact} vill prata med en människa',
  webhook_disabled: 'Webhooken ”{webhook}” stängdes av',
  channel_reconnect: 'Kanalen ”{channel}” behöver anslutas igen',
  someone: 'Någon',
  yourTeam: 'ditt team',
  open: 'Öppna Switchboard för att se den.',
  gone: 'Adressen svarade att den inte längre finns (410 Gone), så inga fler händelser skickas dit. Kontrollera den och slå sedan på webhooken igen under Inställningar.',
  failures:
    'För många leveranser i rad misslyckades, så inga fler händelser skickas dit. Kontrollera mottagarsidan och slå sedan på webhooken igen under Inställningar.',
  reconnect: 'Facebook nekade åtkomsten ({error}). Svar misslyckas tills en administratör ansluter den igen under Inställningar, Inkorgar.',
};

const catalogs: Record<NotificationLanguage, Catalog> = { en, nl, sv };

/** The language of a user's locale ("nl-BE" is Dutch), English otherwise. */
export const notificationLanguage = (locale: string | null | undefined): NotificationLanguage => pickLanguage(locale);

/** Title and body of a notification: who or what in the title, the subject or an excerpt below. */
export function notificationWords(
  language: NotificationLanguage,
  n: { kind: NotificationKind; actor: { name: string } | null; data: NotificationData },
): { title: string; body: string } {
  const cat = catalogs[language];
  const someone = cat.someone;
  const title = format(language, cat[n.kind], {
    actor: n.actor?.name || someone,
    contact: n.data.contactName || someone,
    team: n.data.teamName || cat.yourTeam,
    webhook: n.data.webhookName || '',
    channel: n.data.channelName || '',
  });
  const body =
    n.kind === 'webhook_disabled'
      ? cat[n.data.webhookReason === 'gone' ? 'gone' : 'failures']
      : n.kind === 'channel_reconnect'
        ? format(language, cat.reconnect, { error: n.data.excerpt || '' })
        : [n.data.subject, n.data.excerpt].filter(Boolean).join(' — ').slice(0, 200) || cat.open;
  return { title, body };
}

/** Where a click on a notification goes: its conversation (in its inbox's "all" view), else the app. */
export const notificationUrl = (conversationId: string | null, inboxId: string | null) =>
  conversationId && inboxId ? `/inbox/${encodeURIComponent(inboxId)}/all/${encodeURIComponent(conversationId)}` : '/';
