/** Dutch: Instellingen › Uitgaande e-mail. */
import type { outgoingMail as en } from '../en/outgoing-mail.js';

export const outgoingMail: Record<keyof typeof en, string> = {
  'outgoing.tab': 'Uitgaande e-mail',
  'outgoing.title': 'Uitgaande mailserver',
  'outgoing.intro':
    'Antwoorden vanaf adressen zonder eigen mailboxserver (het doorstuuradres van elke inbox), wachtwoordlinks en chattranscripten worden via deze server verstuurd.',
  'outgoing.stateSettings': 'De hier opgeslagen server wordt gebruikt.',
  'outgoing.stateEnv': 'SMTP_RELAY_URL uit de configuratie wordt gebruikt ({server}). Sla hier een server op om een andere te gebruiken.',
  'outgoing.stateNone': 'Niet ingesteld: antwoorden wachten.',
  'outgoing.held':
    '{n, plural, one {# e-mail wacht} other {# e-mails wachten}} op een uitgaande server; zodra je er een opslaat, worden ze verstuurd.',
  'outgoing.host': 'Server',
  'outgoing.port': 'Poort',
  'outgoing.security': 'Beveiliging',
  'outgoing.security.tls': 'TLS (meestal poort 465)',
  'outgoing.security.starttls': 'STARTTLS (meestal poort 587)',
  'outgoing.security.none': 'Geen (alleen voor een server in je eigen netwerk)',
  'outgoing.user': 'Gebruikersnaam',
  'outgoing.password': 'Wachtwoord',
  'outgoing.passwordKept': 'Er is een wachtwoord opgeslagen. Laat dit leeg om het te houden.',
  'outgoing.fromAddress': 'Afzenderadres van e-mail die Switchboard zelf verstuurt',
  'outgoing.fromHint': 'Laat leeg voor {address}.',
  'outgoing.save': 'Server opslaan',
  'outgoing.saved': 'Uitgaande mailserver opgeslagen',
  'outgoing.remove': 'Opgeslagen server verwijderen',
  'outgoing.removed': 'Opgeslagen server verwijderd',
  'outgoing.testTo': 'Stuur een testmail naar',
  'outgoing.test': 'Testmail versturen',
  'outgoing.testing': 'Bezig met versturen…',
  'outgoing.testOk': 'Testmail verstuurd naar {to}. Controleer of hij is aangekomen.',
  'outgoing.testFailed': 'De testmail is niet verstuurd: {error}',
  'outgoing.testNone': 'Er is geen uitgaande mailserver ingesteld.',
  'outgoing.testHint': 'De test gebruikt wat in het formulier staat, opgeslagen of niet.',
  'outgoing.link': 'Uitgaande e-mail instellen',
  'thread.heldNoServer': 'Wacht: geen uitgaande mailserver',
  'compose.savedHeld': 'Opgeslagen; wacht tot er een uitgaande mailserver is ingesteld.',
};
