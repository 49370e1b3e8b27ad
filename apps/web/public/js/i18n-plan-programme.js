// UI text for linking a follow-up plan into a programme's reports, in Swedish and English.
// Merged into the dictionaries by i18n.js. The refusals' codes (`code.plan_editor_required`,
// `code.programme_owner_required`) are worded in i18n-plan-members.js.

export const planProgrammeSv = {
  'planProgramme.heading': 'Program',
  'planProgramme.lead': 'Ett kopplat programs lägesrapport och slutrapport tar med planens uppföljning, indikatorer och analyser.',
  'planProgramme.linkedTo': 'Kopplad till programmet',
  'planProgramme.linkedHidden': 'Kopplad till ett program där du inte har någon roll.',
  'planProgramme.none': 'Inte kopplad till något program.',
  'planProgramme.noneVisible': 'Inte kopplad till något program där du har en roll.',
  'planProgramme.programme': 'Koppla till program',
  'planProgramme.hint': 'Program som du äger. En plan kan vara kopplad till ett program i taget.',
  'planProgramme.choose': 'Välj ett program',
  'planProgramme.chooseProgramme': 'Välj ett program.',
  'planProgramme.link': 'Koppla',
  'planProgramme.unlink': 'Ta bort kopplingen',
  'planProgramme.unlinkConfirm':
    'Ta bort kopplingen till {name}? Programmets lägesrapport och slutrapport tar då inte längre med planens uppföljning, indikatorer och analyser.',
  'planProgramme.linked': 'Planen är nu kopplad till {name}. Programmets lägesrapport och slutrapport tar med planens uppföljning.',
  'planProgramme.unlinked': 'Planen är inte längre kopplad till {name}.',
  'planProgramme.theProgramme': 'programmet',
};

export const planProgrammeEn = {
  'planProgramme.heading': 'Programme',
  'planProgramme.lead': "A linked programme's status report and final report include the plan's follow-up, indicators and analyses.",
  'planProgramme.linkedTo': 'Linked to the programme',
  'planProgramme.linkedHidden': 'Linked to a programme you have no role in.',
  'planProgramme.none': 'Not linked to any programme.',
  'planProgramme.noneVisible': 'Not linked to any programme you have a role in.',
  'planProgramme.programme': 'Link to programme',
  'planProgramme.hint': 'Programmes you own. A plan is linked to one programme at a time.',
  'planProgramme.choose': 'Choose a programme',
  'planProgramme.chooseProgramme': 'Choose a programme.',
  'planProgramme.link': 'Link',
  'planProgramme.unlink': 'Unlink',
  'planProgramme.unlinkConfirm':
    "Unlink the plan from {name}? The programme's status report and final report then no longer include the plan's follow-up, indicators and analyses.",
  'planProgramme.linked': "The plan is now linked to {name}. The programme's status report and final report include the plan's follow-up.",
  'planProgramme.unlinked': 'The plan is no longer linked to {name}.',
  'planProgramme.theProgramme': 'the programme',
};
