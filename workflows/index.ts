// Every workflow the worker runs. Workflow code is deterministic: it imports only
// @temporalio/workflow, contracts and pure domain code (enforced by eslint).
export { mailDeliveryWorkflow } from './mail-delivery.workflow';
export { programmeWorkflow } from './programme.workflow';
export { itemRemindersWorkflow } from './item-reminders.workflow';
export { indicatorRemindersWorkflow } from './indicator-reminders.workflow';
export { digestWorkflow } from './digest.workflow';
export { retentionWorkflow } from './retention.workflow';
