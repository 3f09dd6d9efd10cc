/** Dutch: Facebook Messenger-kanalen (Instellingen › Inboxen › Messenger), de melding in de editor, ontvangstbevestigingen. */
import type { messenger as en } from '../en/messenger.js';

export const messenger: Record<keyof typeof en, string> = {
  'messenger.title': 'Facebook Messenger',
  'messenger.intro':
    'Berichten aan je Facebook-pagina komen hier binnen als gesprekken; antwoorden gaan terug via Messenger. Plak in je Meta-app de webhook-URL en het verificatietoken, en abonneer de pagina op messages, postbacks, deliveries en reads.',
  'messenger.connect': 'Messenger verbinden',
  'connect.messengerText': 'Berichten aan je Facebook-pagina komen in deze inbox binnen; antwoorden gaan terug via Messenger.',
  'messenger.connectTitle': 'Een Facebook-pagina verbinden',
  'messenger.empty': 'Er is nog geen Facebook-pagina verbonden.',
  'messenger.name': 'Naam',
  'messenger.inbox': 'Inbox',
  'messenger.pageId': 'Pagina-ID',
  'messenger.pageIdHint': 'Het nummer onder Info › Paginatransparantie, of in de Messenger-instellingen van de Meta-app.',
  'messenger.token': 'Pagina-toegangstoken',
  'messenger.appSecret': 'App-geheim',
  'messenger.appSecretHint':
    'Uit de basisinstellingen van de Meta-app; hiermee wordt gecontroleerd dat gebeurtenissen echt van Meta komen.',
  'messenger.verifyToken': 'Verificatietoken',
  'messenger.verifyTokenHint': 'Een zelfgekozen zin; typ dezelfde in de webhook-instellingen van de Meta-app.',
  'messenger.secretsHidden': 'Opgeslagen geheimen worden nooit meer getoond; opnieuw verbinden vervangt alle drie.',
  'messenger.webhookUrl': 'Webhook-URL',
  'messenger.copy': 'Webhook-URL kopiëren',
  'messenger.copied': 'Webhook-URL gekopieerd',
  'messenger.copyByHand': 'Kopiëren mislukte: selecteer de URL en kopieer hem zelf',
  'messenger.state': 'Status',
  'messenger.state.connected': 'Verbonden',
  'messenger.state.reconnect_needed': 'Opnieuw verbinden nodig: {error}',
  'messenger.reconnect': 'Opnieuw verbinden',
  'messenger.reconnectTitle': '{name} opnieuw verbinden',
  'messenger.saved': 'Messenger verbonden',
  'messenger.windowClosed':
    'Messenger staat geen antwoord toe meer dan 7 dagen na het laatste bericht van de klant. Voeg een notitie toe, of wacht tot de klant weer schrijft.',
  'thread.delivered': 'Afgeleverd',
  'thread.read': 'Gelezen',
};
