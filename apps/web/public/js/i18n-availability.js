// The API's answers when Temporal (the workflow service) cannot be reached, and to a start sent again, in Swedish and
// English. Merged into the dictionaries by i18n.js.

export const availabilitySv = {
  'code.temporal_unavailable': 'Fullfölj når inte sin arbetsflödestjänst just nu. Inget har ändrats. Försök igen om en liten stund.',
  'code.temporal_outcome_unknown': 'Fullfölj fick inget svar från sin arbetsflödestjänst, så det är oklart om ändringen hann sparas. Titta i programmets historik innan du försöker igen.',
  'code.mail_not_sent': 'Ändringen är sparad, men e-postmeddelandet kunde inte skickas eftersom arbetsflödestjänsten inte svarar. Försök igen om en liten stund.',
  'code.mail_outcome_unknown': 'Ändringen är sparad, men det är oklart om e-postmeddelandet hann skickas. Kontrollera med mottagaren innan du försöker igen.',
  // A start sent again after an unclear answer, but changed in between.
  'code.differs_from_started': 'Programmet har redan startats, med andra uppgifter än de här. Öppna det under Program, eller ladda om sidan för att starta ett nytt.',
};

export const availabilityEn = {
  'code.temporal_unavailable': 'Fullfölj cannot reach its workflow service right now. Nothing was changed. Try again in a moment.',
  'code.temporal_outcome_unknown': "Fullfölj got no answer from its workflow service, so it is unclear whether the change was saved. Check the programme's history before trying again.",
  'code.mail_not_sent': 'The change is saved, but the e-mail could not be sent because the workflow service does not answer. Try again in a moment.',
  'code.mail_outcome_unknown': 'The change is saved, but it is unclear whether the e-mail was sent. Check with the recipient before trying again.',
  'code.differs_from_started': 'The programme has already been started, with other details than these. Open it under Programmes, or reload the page to start a new one.',
};
