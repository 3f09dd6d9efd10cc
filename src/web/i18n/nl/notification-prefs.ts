import type { notificationPrefs as en } from '../en/notification-prefs.js';

/** Nederlands: het venster Meldingen (gebruikersmenu). */
export const notificationPrefs: Record<keyof typeof en, string> = {
  'menu.notifications': 'Meldingen…',
  'notifyPrefs.title': 'Meldingen',
  'notifyPrefs.intro': 'Kies wat je bereikt, en hoe. De bel toont wat onder In de app is aangevinkt.',
  'notifyPrefs.what': 'Wat',
  'notifyPrefs.inApp': 'In de app',
  'notifyPrefs.push': 'Browser',
  'notifyPrefs.sound': 'Geluid',
  'notifyPrefs.email': 'E-mail',
  'notifyPrefs.cell': '{kind}: {delivery}',
  'notifyPrefs.kind.assigned': 'Een gesprek wordt aan mij toegewezen',
  'notifyPrefs.kind.team_assigned': 'Een gesprek wordt aan mijn team toegewezen',
  'notifyPrefs.kind.new_message': 'Een klant schrijft in mijn gesprek',
  'notifyPrefs.kind.mention': 'Iemand noemt mij met @',
  'notifyPrefs.kind.new_conversation_email': 'Nieuw e-mailgesprek',
  'notifyPrefs.kind.new_conversation_chat': 'Nieuwe chat',
  'notifyPrefs.kind.new_conversation_api': 'Nieuw gesprek via de API',
  'notifyPrefs.kind.new_conversation_messenger': 'Nieuw Messenger-gesprek',
  'notifyPrefs.kind.new_conversation_form': 'Nieuw formulier',
  'notifyPrefs.kind.handover': 'Een bot draagt een gesprek over',
  'notifyPrefs.kind.webhook_disabled': 'Een webhook is uitgezet (beheerders)',
  'notifyPrefs.kind.channel_reconnect': 'Een kanaal moet opnieuw verbonden worden (beheerders)',
  'notifyPrefs.soundOptions': 'Geluid',
  'notifyPrefs.repeat': 'Elke 30 seconden herhalen tot ik het gelezen heb',
  'notifyPrefs.whenFocused': 'Ook afspelen terwijl ik naar het Switchboard-venster kijk',
  'notifyPrefs.soundHint': 'Browsers spelen pas geluid af nadat je één keer in Switchboard hebt geklikt of getypt.',
  'notifyPrefs.emailDelay': 'E-mail sturen na (minuten)',
  'notifyPrefs.emailDelayHint': 'Vervalt als je het eerder leest; meerdere worden samen verstuurd.',
  'notifyPrefs.desktop': 'Bureaubladmeldingen',
  'notifyPrefs.desktopExplain':
    'Hiermee toont deze browser een melding buiten de pagina voor wat onder Browser is aangevinkt, ook als er geen Switchboard-tabblad open is. Je browser vraagt of je dat toestaat.',
  'notifyPrefs.desktopOn': 'Bureaubladmeldingen aanzetten',
  'notifyPrefs.desktopIsOn': 'Bureaubladmeldingen staan aan in deze browser.',
  'notifyPrefs.desktopOff': 'Uitzetten in deze browser',
  'notifyPrefs.desktopDenied':
    'Deze browser blokkeert meldingen van Switchboard. Sta ze toe in de site-instellingen van de browser om ze aan te zetten.',
  'notifyPrefs.desktopUnsupported': 'Deze browser kan geen bureaubladmeldingen tonen.',
  'notifyPrefs.desktopNoPush':
    'Meldingen verschijnen zolang er een Switchboard-tabblad open is; zonder tabblad kan deze browser ze niet ontvangen.',
  'notifyPrefs.saved': 'Meldingsinstellingen opgeslagen',
};
