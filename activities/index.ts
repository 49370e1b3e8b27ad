import { createMailActivities, MailActivities, MailActivityDeps } from './mail.activities';

export { createMailActivities };
export type { MailActivities, MailActivityDeps };

export type ActivityDeps = MailActivityDeps;

/** Every activity the worker registers, built over its dependencies. */
export function createActivities(deps: ActivityDeps) {
  return { ...createMailActivities(deps) };
}

export type Activities = ReturnType<typeof createActivities>;
