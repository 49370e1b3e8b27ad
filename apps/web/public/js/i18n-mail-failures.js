// UI text for "mail that did not reach people" on the programme page, in Swedish and
// English. Merged into the dictionaries by i18n.js.

export const mailFailuresSv = {
  'programme.mailFailures': 'E-post som inte kom fram',
  'mailFailures.lead': 'E-postservern vägrade ta emot de här meddelandena. De skickas inte igen; kontakta personerna på annat sätt och kontrollera deras adress.',
  'mailFailures.none': 'All e-post från programmet har tagits emot av e-postservern.',
  'mailFailures.caption': 'E-post som e-postservern vägrade ta emot',
  'mailFailures.recipient': 'Mottagare',
  'mailFailures.about': 'Meddelande',
  'mailFailures.answer': 'Svar från e-postservern',
  'mailFailures.kind.meeting': 'Mötesinbjudan',
  'mailFailures.kind.gate': 'Beslutspunkt',
  'mailFailures.kind.handover': 'Överlämnat uppdrag',
  'mailFailures.kind.reminder': 'Påminnelse',
};

export const mailFailuresEn = {
  'programme.mailFailures': 'E-mail that did not arrive',
  'mailFailures.lead': 'The mail server refused these messages. They are not sent again; reach the people another way and check their address.',
  'mailFailures.none': "The mail server has accepted all of the programme's e-mail.",
  'mailFailures.caption': 'E-mail the mail server refused',
  'mailFailures.recipient': 'Recipient',
  'mailFailures.about': 'Message',
  'mailFailures.answer': "The mail server's answer",
  'mailFailures.kind.meeting': 'Meeting invitation',
  'mailFailures.kind.gate': 'Gate',
  'mailFailures.kind.handover': 'Handed-over assignment',
  'mailFailures.kind.reminder': 'Reminder',
};
