/**
 * Workflow ids are derived from business ids, so a repeated start finds the running
 * workflow instead of starting a second one. They never contain personal data.
 */
export const workflowIds = {
  mailDelivery: (key: string): string => `mail-${key}`,
};

/** Workflow type names, shared by the starters (API, tests) and the worker. */
export const workflowTypes = {
  mailDelivery: 'mailDeliveryWorkflow',
} as const;
