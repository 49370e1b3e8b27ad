// The programme page's planned reminders, in Swedish and English. Merged into the dictionaries by i18n.js.

export const remindersSv = {
  'programme.reminders': 'Kommande påminnelser',
  'programmeReminders.leadAll': 'Allt som planen fortfarande kommer att skicka: påminnelser och eskaleringar, till vem, när och om vad. Listan ändras när uppdrag blir klara, flyttas eller får ny ansvarig.',
  'programmeReminders.leadMine': 'Påminnelserna som planen kommer att skicka till dig, när och om vad.',
  'programmeReminders.noneAll': 'Planen har inga fler påminnelser att skicka.',
  'programmeReminders.noneMine': 'Du har inga kommande påminnelser i det här programmet.',
  'programmeReminders.caption': 'Kommande påminnelser ({n})',
};

export const remindersEn = {
  'programme.reminders': 'Upcoming reminders',
  'programmeReminders.leadAll': 'Everything the plan will still send: reminders and escalations, to whom, when and about what. The list changes as items are done, moved or reassigned.',
  'programmeReminders.leadMine': 'The reminders the plan will send you, when and about what.',
  'programmeReminders.noneAll': 'The plan has no more reminders to send.',
  'programmeReminders.noneMine': 'You have no upcoming reminders in this programme.',
  'programmeReminders.caption': 'Upcoming reminders ({n})',
};
