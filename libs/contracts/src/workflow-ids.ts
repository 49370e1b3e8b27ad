/**
 * Workflow ids are derived from business ids, so a repeated start finds the running
 * workflow instead of starting a second one. They never contain personal data.
 */
export const workflowIds = {
  mailDelivery: (key: string): string => `mail-${key}`,
  programme: (programmeId: string): string => `programme-${programmeId}`,
  itemReminders: (itemId: string): string => `item-${itemId}`,
  /** One follow-up indicator's value reminders (rapportera utfall). */
  indicatorReminders: (indicatorId: string): string => `indicator-${indicatorId}`,
  /** The one daily-digest workflow. */
  digest: (): string => 'digest',
  /** The one daily retention (gallring) workflow. */
  retention: (): string => 'retention',
};

/** Workflow type names, shared by the starters (API, tests) and the worker. */
export const workflowTypes = {
  mailDelivery: 'mailDeliveryWorkflow',
  programme: 'programmeWorkflow',
  itemReminders: 'itemRemindersWorkflow',
  indicatorReminders: 'indicatorRemindersWorkflow',
  digest: 'digestWorkflow',
  retention: 'retentionWorkflow',
} as const;
