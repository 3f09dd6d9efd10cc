/** Dutch: texts the server writes for people (mail). */
import type { en } from './en.js';

export const nl: Record<keyof typeof en, string> = {
  'from.agent': '{agent} van {company}',

  'transcript.subject': 'Chatverslag: {visitor}',
  'transcript.title': 'Chatverslag',
  'transcript.startedOn': 'Begonnen op: {page}',
  'transcript.visitor': 'Bezoeker: {visitor}',
  'transcript.closed': 'Gesloten: {at}',
  'transcript.messages': '{count, plural, =0 {Geen berichten} one {# bericht} other {# berichten}}',
  'transcript.unknownPage': 'onbekend',
  'transcript.someVisitor': 'Bezoeker',
  'transcript.someAgent': 'Medewerker',

  'verify.subject': 'Je verificatiecode: {code}',
  'verify.body':
    'Iemand heeft gevraagd om e-mail te versturen als {address} vanuit de inbox "{inbox}" in Switchboard.\n\nVerificatiecode: {code}\n\nDe code verloopt over {minutes, plural, one {# minuut} other {# minuten}}. Was jij dit niet, negeer dan dit bericht.\n',

  'test.subject': 'Testmail van Switchboard',
  'test.body':
    'Hallo {name},\n\nDit is een testmail van Switchboard. Hij is verstuurd via de uitgaande mailserver {server}, dus antwoorden uit je inboxen kunnen op dezelfde manier vertrekken.\n',

  'reset.subject': 'Stel je Switchboard-wachtwoord in',
  'reset.body':
    'Hallo {name},\n\nEen beheerder heeft Switchboard gevraagd je een nieuw wachtwoord te laten instellen. Open deze link binnen {hours, plural, one {# uur} other {# uur}}; hij werkt één keer:\n\n{link}\n\nHet instellen van het wachtwoord meldt je overal af en beëindigt je API-tokens. Had je dit niet verwacht, laat het je beheerder weten.\n',

  'export.subject': 'Je Switchboard-export staat klaar',
  'export.body':
    'Hallo {name},\n\nDe export van alles in Switchboard die je hebt gestart staat klaar. Download hem binnen {days, plural, one {# dag} other {# dagen}}; daarna werkt de link niet meer en wordt het bestand verwijderd:\n\n{link}\n\nIedereen met deze link kan de export downloaden, dus houd hem voor jezelf. Je kunt hem ook downloaden via Instellingen › Exporteren.\n',

  'snippet.subject': '{sender} vraagt je een chat aan de website toe te voegen',
  'snippet.body':
    'Hallo,\n\n{sender} vraagt je de websitechat "{channel}" aan de website toe te voegen. Plak deze code in de HTML van elke pagina waar de chat moet verschijnen, vlak voor de afsluitende </body>-tag:\n\n{snippet}\n\nZodra de pagina opnieuw is geladen, staat de chatknop rechtsonder. Meer is er niet nodig.\n',
  'snippet.note': 'Een bericht van {sender}:\n\n{note}\n',

  'notify.subject': '{count, plural, one {# nieuwe melding} other {# nieuwe meldingen}} in Switchboard',
  'notify.intro':
    'Hallo {name},\n\n{count, plural, one {Dit gebeurde} other {Deze # dingen gebeurden}} terwijl je niet in Switchboard was:',
  'notify.subjectLine': 'Onderwerp: {subject}',
  'notify.noSubject': '(geen onderwerp)',
  'notify.contactLine': 'Contact: {contact}',
  'notify.open': 'Openen: {link}',
  'notify.footer':
    'Je krijgt deze e-mail omdat e-mail aanstaat voor deze meldingen en je niet in de app was. Kies welke meldingen je per e-mail krijgt, en hoe lang ze eerst wachten:\n{link}',

  // Not mail, but written in the channel's language the same way: a ticket made from a conversation without subject or text.
  'ticket.defaultTitle': 'Supportverzoek',
};
