// UI text for personal data: download my data, and the administrators' export and erasure
// (radering), in Swedish and English. Merged into the dictionaries by i18n.js.

export const personalDataSv = {
  'personalData.heading': 'Mina uppgifter',
  'personalData.lead': 'Ladda ner allt Fullfölj har sparat om dig: profil, roller, uppdrag, beslut, kommentarer och e-post som skickats till dig. Filen är i JSON-format och innehåller inga lösenord eller nycklar.',
  'personalData.download': 'Ladda ner mina uppgifter',

  'personalData.exportLabel': 'Ladda ner uppgifter: {name}',
  'personalData.export': 'Ladda ner uppgifter',
  'personalData.eraseHeading': 'Radera en persons uppgifter',
  'personalData.eraseLead': 'Namn, e-postadress och fritext ersätts med en pseudonym, till exempel ”Person 7”, och kontot stängs av. Beslut, rapporter och granskningsloggen är allmänna handlingar och finns kvar, med pseudonymen. Det går inte att ångra.',
  'personalData.person': 'Person',
  'personalData.choose': 'Välj person',
  'personalData.reason': 'Skäl',
  'personalData.reasonHint': 'Till exempel begäran enligt artikel 17 och diarienummer. Sparas i säkerhetsloggen.',
  'personalData.erase': 'Radera personuppgifter',
  'personalData.eraseConfirm': 'Radera personuppgifterna om {name}? Det går inte att ångra.',
  'personalData.erased': 'Uppgifterna om {name} är raderade. Personen heter nu {pseudonym}.',

  'code.reason_required': 'Ange ett skäl.',
  'code.reason_too_long': 'Skälet får vara högst 1000 tecken.',
  'code.already_erased': 'Personens uppgifter är redan raderade.',
  'code.cannot_erase_self': 'Du kan inte radera dina egna uppgifter.',
  'code.erased': 'Personens uppgifter är raderade, så kontot kan inte aktiveras igen.',
  'code.person_required': 'Välj en person.',

  'securityAction.personal_data_exported': 'Personuppgifter nedladdade',
  'securityAction.person_erased': 'Personuppgifter raderade',
};

export const personalDataEn = {
  'personalData.heading': 'My data',
  'personalData.lead': 'Download everything Fullfölj holds about you: profile, roles, assignments, decisions, comments and the e-mail sent to you. The file is JSON and holds no passwords or keys.',
  'personalData.download': 'Download my data',

  'personalData.exportLabel': 'Download data: {name}',
  'personalData.export': 'Download data',
  'personalData.eraseHeading': "Erase a person's data",
  'personalData.eraseLead': 'Name, e-mail address and free text are replaced by a pseudonym such as “Person 7”, and the account is deactivated. Decisions, reports and the audit trail are public records and stay, with the pseudonym. This cannot be undone.',
  'personalData.person': 'Person',
  'personalData.choose': 'Choose a person',
  'personalData.reason': 'Reason',
  'personalData.reasonHint': 'For example the request under article 17 and its reference number. Kept in the security log.',
  'personalData.erase': 'Erase personal data',
  'personalData.eraseConfirm': 'Erase the personal data of {name}? This cannot be undone.',
  'personalData.erased': 'The data of {name} are erased. The person is now called {pseudonym}.',

  'code.reason_required': 'Give a reason.',
  'code.reason_too_long': 'The reason may be at most 1000 characters.',
  'code.already_erased': "This person's data have already been erased.",
  'code.cannot_erase_self': 'You cannot erase your own data.',
  'code.erased': "This person's data have been erased, so the account cannot be reactivated.",
  'code.person_required': 'Choose a person.',

  'securityAction.personal_data_exported': 'Personal data downloaded',
  'securityAction.person_erased': 'Personal data erased',
};
