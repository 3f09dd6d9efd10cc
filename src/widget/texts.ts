/** The widget's own words in English, Dutch and Swedish (the channel's welcome and away messages come from its settings). */
import type { ChatLanguage } from '../common/chat-texts.js';

const en = {
  open: 'Open chat',
  chat: 'Chat',
  close: 'Close chat',
  yourEmail: 'Your email',
  save: 'Save',
  placeholder: 'Write a message…',
  message: 'Message',
  send: 'Send',
  seen: 'Seen',
  meeting: 'Book a meeting',
  thanks: 'Thanks! We will answer at {email}.',
  typingOne: '{names} is typing…',
  typingMany: '{names} are typing…',
};
export type WidgetTexts = Record<keyof typeof en, string>;

export const widgetTexts: Record<ChatLanguage, WidgetTexts> = {
  en,
  nl: {
    open: 'Chat openen',
    chat: 'Chat',
    close: 'Chat sluiten',
    yourEmail: 'Je e-mailadres',
    save: 'Opslaan',
    placeholder: 'Schrijf een bericht…',
    message: 'Bericht',
    send: 'Versturen',
    seen: 'Gezien',
    meeting: 'Afspraak maken',
    thanks: 'Bedankt! We antwoorden op {email}.',
    typingOne: '{names} is aan het typen…',
    typingMany: '{names} zijn aan het typen…',
  },
  sv: {
    open: 'Öppna chatten',
    chat: 'Chatt',
    close: 'Stäng chatten',
    yourEmail: 'Din e-postadress',
    save: 'Spara',
    placeholder: 'Skriv ett meddelande…',
    message: 'Meddelande',
    send: 'Skicka',
    seen: 'Sett',
    meeting: 'Boka ett möte',
    thanks: 'Tack! Vi svarar på {email}.',
    typingOne: '{names} skriver…',
    typingMany: '{names} skriver…',
  },
};
