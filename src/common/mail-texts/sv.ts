/** Swedish: texts the server writes for people (mail). */
import type { en } from './en.js';

export const sv: Record<keyof typeof en, string> = {
  'from.agent': '{agent} från {company}',

  'transcript.subject': 'Chattutskrift: {visitor}',
  'transcript.title': 'Chattutskrift',
  'transcript.startedOn': 'Startade på: {page}',
  'transcript.visitor': 'Besökare: {visitor}',
  'transcript.closed': 'Stängd: {at}',
  'transcript.messages': '{count, plural, =0 {Inga meddelanden} one {# meddelande} other {# meddelanden}}',
  'transcript.unknownPage': 'okänd',
  'transcript.someVisitor': 'Besökare',
  'transcript.someAgent': 'Handläggare',

  'verify.subject': 'Din verifieringskod: {code}',
  'verify.body':
    'Någon bad om att skicka e-post som {address} från inkorgen "{inbox}" i Switchboard.\n\nVerifieringskod: {code}\n\nKoden går ut om {minutes, plural, one {# minut} other {# minuter}}. Om det inte var du kan du bortse från det här meddelandet.\n',

  'test.subject': 'Testmejl från Switchboard',
  'test.body':
    'Hej {name},\n\nDet här är ett testmejl från Switchboard. Det skickades via den utgående e-postservern {server}, så svar från era inkorgar kan skickas på samma sätt.\n',

  'reset.subject': 'Ange ditt lösenord för Switchboard',
  'reset.body':
    'Hej {name},\n\nEn administratör bad Switchboard att låta dig ange ett nytt lösenord. Öppna länken inom {hours, plural, one {# timme} other {# timmar}}; den fungerar en gång:\n\n{link}\n\nNär du anger lösenordet loggas du ut överallt och dina API-token upphör. Om du inte väntade dig detta, säg till din administratör.\n',

  'export.subject': 'Din export från Switchboard är klar',
  'export.body':
    'Hej {name},\n\nExporten av allt i Switchboard som du startade är klar. Ladda ner den inom {days, plural, one {# dag} other {# dagar}}; därefter slutar länken att fungera och filen raderas:\n\n{link}\n\nAlla som har länken kan ladda ner exporten, så behåll den för dig själv. Du kan också ladda ner den under Inställningar › Export.\n',

  'snippet.subject': '{sender} ber dig lägga till en chatt på webbplatsen',
  'snippet.body':
    'Hej,\n\n{sender} ber dig lägga till webbchatten "{channel}" på webbplatsen. Klistra in den här koden i HTML-koden på varje sida där chatten ska visas, precis före den avslutande </body>-taggen:\n\n{snippet}\n\nChattknappen syns längst ned till höger när sidan har laddats om. Mer behövs inte.\n',
  'snippet.note': 'Ett meddelande från {sender}:\n\n{note}\n',

  'notify.subject': '{count, plural, one {# ny avisering} other {# nya aviseringar}} i Switchboard',
  'notify.intro': 'Hej {name},\n\n{count, plural, one {Det här hände} other {De här # sakerna hände}} medan du var borta från Switchboard:',
  'notify.subjectLine': 'Ämne: {subject}',
  'notify.noSubject': '(inget ämne)',
  'notify.contactLine': 'Kontakt: {contact}',
  'notify.open': 'Öppna: {link}',
  'notify.footer':
    'Du får det här mejlet eftersom e-post är på för de här aviseringarna och du inte var i appen. Välj vilka aviseringar du får per e-post, och hur länge de väntar först:\n{link}',

  // Not mail, but written in the channel's language the same way: a ticket made from a conversation without subject or text.
  'ticket.defaultTitle': 'Supportärende',
};
