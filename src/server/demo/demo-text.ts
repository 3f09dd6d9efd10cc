/** Words for the demo data (invented). */
export const demoText = {
  agents: ['Ana', 'Ben', 'Cyrus', 'Dana', 'Emil', 'Fatima', 'Gustav', 'Hanna'],
  firstNames: ['Olivia', 'Liam', 'Noah', 'Emma', 'Sofia', 'Lucas', 'Mia', 'Elias', 'Saga', 'Daan', 'Sanne', 'Jonas', 'Freja', 'Milan', 'Isla', 'Omar', 'Yara', 'Kenji', 'Priya', 'Mateo'],
  lastNames: ['Jansen', 'Andersson', 'Smith', 'de Vries', 'Nilsson', 'Garcia', 'Bakker', 'Larsson', 'Chen', 'Patel', 'Visser', 'Berg', 'Müller', 'Rossi', 'Okafor', 'Kowalski'],
  topics: [
    { subject: 'Cannot log in to my account', body: 'Hi, since this morning I cannot log in. It says my password is wrong but I reset it twice. Can you help?' },
    { subject: 'Invoice for October is missing', body: 'Hello, I cannot find the invoice for October in the billing page. Our accountant needs it by Friday.' },
    { subject: 'Question about the Pro plan', body: 'We are a team of 12. Does the Pro plan include phone support and how does pricing work for extra seats?' },
    { subject: 'Refund request', body: 'I was charged twice for my subscription this month. Please refund the duplicate payment.' },
    { subject: 'Export to CSV not working', body: 'When I click export the file is empty. I tried Chrome and Firefox. Screenshot attached.' },
    { subject: 'Change billing address', body: 'Our company moved. Please update the billing address to Keizersgracht 100, Amsterdam.' },
    { subject: 'Feature request: dark mode', body: 'Love the product! Any plans for a dark mode? My eyes would thank you.' },
    { subject: 'Integration with our CRM', body: 'Is there an API we can use to push new leads from our CRM into your system?' },
    { subject: 'Shipping delay', body: 'My order #48213 was supposed to arrive last week. Where is it?' },
    { subject: 'Demo request', body: 'Could we schedule a demo for our support team next Tuesday afternoon?' },
    { subject: 'Password reset email never arrives', body: 'I requested a reset link three times and nothing arrived, not even in spam.' },
    { subject: 'Cancel subscription', body: 'Please cancel my subscription at the end of the current period. Thanks for everything.' },
  ],
  replies: [
    'Thanks for reaching out! I have looked into this and fixed it on our side. Could you try again?',
    'Sorry for the trouble. I have forwarded this to our billing team and will get back to you today.',
    'Good question! The Pro plan includes phone support; extra seats are billed monthly.',
    'I have issued the refund; it should show on your statement within 5 business days.',
    'Thanks for the details. Our engineers are on it and I will update you as soon as I hear back.',
  ],
  comments: ['Checked the logs: looks like a duplicate charge from the payment provider.', 'Escalating to engineering, this is the third report today.', 'VIP customer, please handle with care.'],
  followUps: ['Thank you, that worked!', 'Still not working for me, sorry.', 'Great, thanks for the quick answer.', 'Any update on this?'],
  snippets: [
    { name: 'thanks', body: 'Thanks for reaching out! ' },
    { name: 'refund', body: 'I have issued the refund; it should show on your statement within 5 business days.' },
    { name: 'followup', body: 'Is there anything else I can help you with?' },
  ],
};
