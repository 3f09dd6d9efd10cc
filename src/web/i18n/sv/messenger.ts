/** Swedish: Facebook Messenger-kanaler (Inställningar › Inkorgar › Messenger), meddelandet i redigeraren, kvitton. */
import type { messenger as en } from '../en/messenger.js';

export const messenger: Record<keyof typeof en, string> = {
  'messenger.title': 'Facebook Messenger',
  'messenger.intro':
    'Meddelanden till din Facebook-sida kommer hit som konversationer; svar går tillbaka via Messenger. Klistra in webhook-URL:en och verifieringstoken i din Meta-app och prenumerera sidan på messages, postbacks, deliveries och reads.',
  'messenger.connect': 'Anslut Messenger',
  'connect.messengerText': 'Meddelanden till din Facebook-sida hamnar i den här inkorgen; svar går tillbaka via Messenger.',
  'messenger.connectTitle': 'Anslut en Facebook-sida',
  'messenger.empty': 'Ingen Facebook-sida är ansluten ännu.',
  'messenger.name': 'Namn',
  'messenger.inbox': 'Inkorg',
  'messenger.pageId': 'Sid-ID',
  'messenger.pageIdHint': 'Numret under Om › Sidans transparens, eller i Meta-appens Messenger-inställningar.',
  'messenger.token': 'Sidans åtkomsttoken',
  'messenger.appSecret': 'Apphemlighet',
  'messenger.appSecretHint': 'Från Meta-appens grundinställningar; den kontrollerar att händelserna verkligen kommer från Meta.',
  'messenger.verifyToken': 'Verifieringstoken',
  'messenger.verifyTokenHint': 'Valfri fras; skriv samma i Meta-appens webhook-inställningar.',
  'messenger.secretsHidden': 'Sparade hemligheter visas aldrig igen; att ansluta igen ersätter alla tre.',
  'messenger.webhookUrl': 'Webhook-URL',
  'messenger.copy': 'Kopiera webhook-URL',
  'messenger.copied': 'Webhook-URL kopierad',
  'messenger.copyByHand': 'Kopieringen misslyckades: markera URL:en och kopiera den själv',
  'messenger.state': 'Status',
  'messenger.state.connected': 'Ansluten',
  'messenger.state.reconnect_needed': 'Behöver anslutas igen: {error}',
  'messenger.reconnect': 'Anslut igen',
  'messenger.reconnectTitle': 'Anslut {name} igen',
  'messenger.saved': 'Messenger ansluten',
  'messenger.windowClosed':
    'Messenger tillåter inget svar mer än 7 dagar efter kundens senaste meddelande. Lägg till en kommentar, eller vänta tills kunden skriver igen.',
  'thread.delivered': 'Levererat',
  'thread.read': 'Läst',
};
