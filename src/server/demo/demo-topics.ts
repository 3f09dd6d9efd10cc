/** The demo's conversations by inbox and channel: a question, the answer that fits it, a follow-up and a note. */
export interface Topic {
  subject: string;
  /** What the customer writes first. */
  question: string;
  /** The agent's answer to it. */
  answer: string;
  /** The customer's next message (a thank-you or a further question) and the agent's answer to that. */
  followUp: string;
  followUpAnswer: string;
  /** An internal note an agent may leave. */
  note: string;
  /** A file the customer attaches to the first mail. */
  file?: 'screenshot' | 'csv' | 'pdf';
}

export const demoTopics = {
  support: [
    {
      subject: 'Cannot log in to my account',
      question:
        'Since this morning I cannot log in. It says my password is wrong, but I reset it twice and the new one does not work either.',
      answer:
        'I am sorry for the trouble. Your account was locked after several attempts in a row; I have unlocked it just now. Please sign in with the password you set last, and clear the saved password in your browser if it fills in the old one.',
      followUp: 'That did it, I am in again. The browser kept filling in the old password. Thanks!',
      followUpAnswer: 'Glad you are back in! I will close this conversation; just reply if it happens again.',
      note: 'Account was locked by the login limit, not a bug. Unlocked by hand.',
      file: 'screenshot',
    },
    {
      subject: 'Export to CSV is empty',
      question: 'When I export my orders to CSV the file only has the header row. I tried Chrome and Firefox. I attached the file I get.',
      answer:
        'Thanks for the file, that helped. The export uses the date filter of the list, and yours was set to "today". Set the filter to "last 30 days" (or clear it) before exporting and all your orders will be in the file.',
      followUp: 'Clearing the filter worked, the export has all 412 orders now.',
      followUpAnswer: 'Great to hear. We will make the export mention the active filter; thanks for pointing us to it.',
      note: 'Second report this week about the export and the date filter. Filed a UX issue.',
      file: 'csv',
    },
    {
      subject: 'Password reset email never arrives',
      question: 'I requested a reset link three times and nothing arrived, not even in my spam folder.',
      answer:
        'I checked our mail log: the messages to your address bounced because the mailbox was full. Could you free some space, then request a new link? It is valid for 24 hours.',
      followUp: 'My mailbox was indeed full. The link arrived now and I have a new password.',
      followUpAnswer: 'Perfect, thanks for letting us know. Have a good day!',
      note: 'Bounce reason in the log: mailbox full (552).',
    },
    {
      subject: 'Shipping delay on order #48213',
      question: 'My order #48213 was supposed to arrive last week. The tracking page has not changed for five days. Where is it?',
      answer:
        'I have looked up order #48213: the parcel was held at the sorting centre because the house number was missing. The carrier has the corrected address now and expects to deliver it within two working days.',
      followUp: 'The parcel arrived this morning. Thanks for chasing it.',
      followUpAnswer: 'Happy it reached you! Sorry again for the wait.',
      note: 'Carrier ticket opened for the missing house number. Check the address form validation.',
    },
    {
      subject: 'The app crashes when I upload a photo',
      question: 'Every time I upload a photo from my phone the app closes. It is an iPhone 15 with the latest update. Screenshot attached.',
      answer:
        'Thank you for the screenshot. Photos in HEIC format trigger this in the current version; a fix is in the next release. Until then, you can switch the camera to "Most Compatible" in Settings › Camera › Formats, or upload the photo from the website.',
      followUp: 'Uploading from the website works. When is the next release?',
      followUpAnswer: 'It is planned for next Tuesday. I will write to you once it is in the App Store.',
      note: 'HEIC crash, known issue, fix merged. Tell the customer when the release is out.',
      file: 'screenshot',
    },
    {
      subject: 'How do I add a second user?',
      question: 'My colleague needs access to our account too. How do I add her without sharing my password?',
      answer:
        'You can invite her from Settings › Team › Invite. She gets an email with a link to choose her own password, and you decide whether she may see billing.',
      followUp: 'Found it and sent the invite. Can I change her permissions later?',
      followUpAnswer: 'Yes, any time: open Settings › Team, pick her name and change the role. The change applies at once.',
      note: 'Could link the team guide in the welcome email.',
    },
    {
      subject: 'Notifications stopped working',
      question: 'I no longer get notifications when a customer books an appointment. They used to work until last week.',
      answer:
        'I see that notifications were switched off for your account when your browser blocked them. Please allow notifications for our site in the browser settings, then turn them on again under Settings › Notifications.',
      followUp: 'They are back on, and I got one just now. Thank you.',
      followUpAnswer: 'Good to hear. Thanks for your patience!',
      note: 'Browser permission revoked, nothing on our side.',
    },
    {
      subject: 'Can I import my contacts from a spreadsheet?',
      question: 'We keep our customers in an Excel sheet. Can I import them instead of typing them in one by one?',
      answer:
        'Yes: save the sheet as CSV, then use Contacts › Import. The first row must hold the column names (name, email, phone); you can map other columns during the import.',
      followUp: 'The import worked for 180 contacts, but 3 were skipped. Why?',
      followUpAnswer:
        'Those three rows had an email address that was already used by another contact, so they were skipped to avoid duplicates. The import report lists them.',
      note: 'Good candidate for the import guide FAQ.',
      file: 'csv',
    },
  ] satisfies Topic[],
  sales: [
    {
      subject: 'Question about the Pro plan',
      question: 'We are a team of 12. Does the Pro plan include phone support, and how does pricing work for the extra seats?',
      answer:
        'The Pro plan includes phone support on working days. It covers 10 seats; each extra seat is billed monthly at the same rate, so for 12 people you would pay for 2 extra seats. I have attached our price sheet.',
      followUp: 'Thanks. Is there a discount if we pay yearly?',
      followUpAnswer: 'Yes: paying yearly gives two months free. I can send you a quote for 12 seats on a yearly plan if you like.',
      note: 'Warm lead, 12 seats. Send the yearly quote if they ask.',
    },
    {
      subject: 'Demo request for our support team',
      question: 'Could we schedule a demo for our support team next week? Tuesday or Wednesday afternoon would suit us.',
      answer:
        'Happy to! I have reserved Wednesday at 14:00 for you and sent a calendar invitation with the video link. The demo takes about 45 minutes, with time for questions.',
      followUp: 'Got the invite, we will be there with four people.',
      followUpAnswer: 'Great, see you Wednesday. I will prepare examples for a team of your size.',
      note: 'Demo booked Wednesday 14:00.',
    },
    {
      subject: 'Integration with our CRM',
      question: 'Is there an API we can use to push new leads from our CRM into your system?',
      answer:
        'Yes, there is a REST API with webhooks. Creating a lead is one POST request; the documentation has examples in several languages. I can also put you in touch with our integrations team.',
      followUp: 'We found the documentation. Does the API have a rate limit?',
      followUpAnswer:
        'It allows 600 requests a minute per account, which is plenty for pushing leads. Larger imports can use the bulk endpoint.',
      note: 'Technical buyer, interested in the API. Possible Enterprise.',
    },
    {
      subject: 'Volume discount for schools',
      question: 'We are a group of six schools. Do you offer an education discount or a price for several sites?',
      answer:
        'We do: schools get 30% off, and with several sites we bill them on one contract. I have prepared a quote for six sites and attached it.',
      followUp: 'The quote looks good. Who should sign it on our side?',
      followUpAnswer:
        'Anyone who may sign contracts for the group; we send the agreement for electronic signature to the address you give us.',
      note: 'Six sites, education discount. Agreement to be signed.',
      file: 'pdf',
    },
    {
      subject: 'Trial extension',
      question: 'Our trial ends on Friday but our manager is on holiday until the week after. Can we extend it?',
      answer: 'Of course. I have extended your trial by 14 days, so it now ends two weeks after Friday. Your data stays as it is.',
      followUp: 'Thank you, that gives us time to decide together.',
      followUpAnswer: 'You are welcome. Let me know if a short call with your manager would help.',
      note: 'Trial extended 14 days.',
    },
  ] satisfies Topic[],
  billing: [
    {
      subject: 'Invoice for last month is missing',
      question: 'I cannot find last month\u2019s invoice on the billing page. Our accountant needs it by Friday.',
      answer:
        'I am sorry about that. The invoice was created but not published because the payment was still pending. It is on the billing page now, and I have attached a copy to this mail.',
      followUp: 'Got it, thank you. Can the invoices go to our accountant directly from now on?',
      followUpAnswer: 'Yes: I have added your accountant\u2019s address as the billing contact, so every new invoice is mailed there too.',
      note: 'Pending payment blocked publishing the invoice. Published by hand.',
      file: 'pdf',
    },
    {
      subject: 'Charged twice this month',
      question: 'I was charged twice for my subscription this month. Please refund the duplicate payment. Bank statement attached.',
      answer:
        'You are right, the payment went through twice. I have refunded the second charge; depending on your bank it shows on your statement within 5 working days.',
      followUp: 'I can see the refund pending in my bank app. Thanks for the quick help.',
      followUpAnswer: 'Thank you for letting us know, and sorry for the trouble.',
      note: 'Duplicate charge from the payment provider retry. Refunded.',
      file: 'screenshot',
    },
    {
      subject: 'Change our billing address',
      question: 'Our company moved. Please change the billing address to Keizersgracht 100, 1015 AA Amsterdam.',
      answer: 'Done: the billing address is now Keizersgracht 100, 1015 AA Amsterdam. Your next invoice will show it.',
      followUp: 'Could you also reissue last month\u2019s invoice with the new address?',
      followUpAnswer: 'Sure, the corrected invoice is on the billing page now; the old one is marked as replaced.',
      note: 'Address changed; invoice reissued.',
    },
    {
      subject: 'Cancel my subscription',
      question: 'Please cancel my subscription at the end of the current period. Thanks for everything.',
      answer:
        'I have set your subscription to end at the end of the current period; you keep full access until then and will not be charged again. Could you tell us briefly why you are leaving?',
      followUp: 'We are merging with another company that uses a different tool. Nothing wrong with yours!',
      followUpAnswer:
        'Thanks for telling us, and good luck with the merger. Your data can be exported from Settings until the period ends.',
      note: 'Churn: merger, not product related.',
    },
    {
      subject: 'VAT number on invoices',
      question: 'Our invoices do not show our VAT number, so we cannot reclaim the VAT. Can you add it? It is NL123456789B01.',
      answer: 'I have added VAT number NL123456789B01 to your account. New invoices show it, and reverse charge applies from now on.',
      followUp: 'Thanks. Can you also correct the two invoices from this quarter?',
      followUpAnswer: 'Yes, both are reissued with the VAT number; you find them on the billing page.',
      note: 'VAT number validated in VIES before adding.',
    },
  ] satisfies Topic[],
  /** Chat: short questions on the website, answered within minutes. */
  chat: [
    {
      subject: '/pricing',
      question: 'Hi! Is there a free plan?',
      answer: 'Hi there! There is no free plan, but every plan has a 30-day trial without a credit card.',
      followUp: 'OK, and can I cancel the trial any time?',
      followUpAnswer: 'Yes, any time. If you do nothing it simply ends, and you are never charged.',
      note: 'Price-sensitive visitor.',
    },
    {
      subject: '/help/login',
      question: 'hi, the login page keeps loading forever',
      answer: 'Sorry about that! We had a short outage a few minutes ago. Could you reload the page and try again?',
      followUp: 'works now, thanks',
      followUpAnswer: 'Great! Have a nice day.',
      note: 'During the outage window.',
    },
    {
      subject: '/checkout',
      question: 'Do you ship to Norway?',
      answer: 'We do! Shipping to Norway takes 3 to 5 working days; customs fees are included in the price at checkout.',
      followUp: 'Perfect. Can I pay with Vipps?',
      followUpAnswer: 'Not yet, sorry: card, PayPal and bank transfer for now.',
      note: 'Vipps requested again.',
    },
    {
      subject: '/features',
      question: 'Does it work with Slack?',
      answer: 'Yes: there is a Slack integration. Connect it in Settings › Integrations and you get a message for every new conversation.',
      followUp: 'Can I choose the channel it posts to?',
      followUpAnswer: 'Yes, you pick the channel when connecting, and you can change it later.',
      note: 'Asked about Slack.',
    },
    {
      subject: '/contact',
      question: 'What are your opening hours?',
      answer:
        'Our team is here on working days from 8:00 to 18:00 CET. Outside those hours you can leave a message and we answer first thing.',
      followUp: 'Thanks!',
      followUpAnswer: 'You are welcome!',
      note: 'Opening hours.',
    },
    {
      subject: '/account/orders',
      question: 'Can I change the delivery address of an order I placed an hour ago?',
      answer: 'If it has not shipped yet, yes. I can see your order is still being packed; what is the new address?',
      followUp: 'Stationsstraat 12, 3511 CE Utrecht',
      followUpAnswer: 'Done: the order will go to Stationsstraat 12, 3511 CE Utrecht. You will get a new confirmation by mail.',
      note: 'Address changed before shipping.',
    },
  ] satisfies Topic[],
  /** The website's contact form, posted through the API channel. */
  form: [
    {
      subject: 'Contact form: partnership',
      question: 'We run a web agency and would like to resell your product to our clients. Who can we talk to?',
      answer:
        'Thanks for your interest! Our partner programme gives agencies a discount and a shared dashboard. I will set up a call this week.',
      followUp: 'Thursday morning works for us.',
      followUpAnswer: 'Thursday at 10:00 it is; the invitation is on its way.',
      note: 'Agency partner lead.',
    },
    {
      subject: 'Contact form: press enquiry',
      question: 'I am writing an article about small business software. Could I ask your founder a few questions?',
      answer: 'With pleasure. Our founder can do a 20-minute call next week; could you send the questions beforehand?',
      followUp: 'Sent the questions just now, thank you.',
      followUpAnswer: 'Received, thanks. We will confirm a time tomorrow.',
      note: 'Press, forward to marketing.',
    },
    {
      subject: 'Contact form: data request',
      question: 'Under the GDPR I would like a copy of all personal data you hold about me.',
      answer:
        'Of course. We will send you an export of your data within 30 days, usually much sooner. For your security we send it to the address of your account only.',
      followUp: 'Received the export, thank you.',
      followUpAnswer: 'Thanks for confirming. Let us know if anything is unclear.',
      note: 'GDPR access request, deadline 30 days.',
    },
  ] satisfies Topic[],
  /** A customer writing again after a conversation was closed. */
  again: [
    {
      text: 'Hi again, the same problem is back since yesterday. Could you have another look?',
      answer: 'Thanks for letting us know. I have looked again and fixed the cause this time; it should not come back.',
    },
    {
      text: 'Sorry to reopen this, but I have one more question: is this written down somewhere for my colleagues?',
      answer: 'No problem at all! Yes, our help centre has an article on exactly this; I have sent the link to your colleagues too.',
    },
    {
      text: 'It happened again this morning, unfortunately.',
      answer: 'Sorry to hear that. We found a second cause and fixed it an hour ago; please tell us if you see it once more.',
    },
  ],
  /** Senders whose mail goes to Filtered (blocked by an agent): automatic mail nobody answers. */
};
