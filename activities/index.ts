import { createMailActivities, MailActivities, MailActivityDeps } from './mail.activities';
import { createProgrammeActivities, ProgrammeActivities, ProgrammeActivityDeps, ProgrammeEvent, ProgrammeEventType } from './programme.activities';

export { createMailActivities, createProgrammeActivities };
export type { MailActivities, MailActivityDeps, ProgrammeActivities, ProgrammeActivityDeps, ProgrammeEvent, ProgrammeEventType };

export type ActivityDeps = MailActivityDeps & ProgrammeActivityDeps;

/** Every activity the worker registers, built over its dependencies. */
export function createActivities(deps: ActivityDeps) {
  return { ...createMailActivities(deps), ...createProgrammeActivities(deps) };
}

export type Activities = ReturnType<typeof createActivities>;
