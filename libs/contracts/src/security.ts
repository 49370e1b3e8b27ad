/**
 * What the security audit log (`security_audit`) records. Each entry names the actor
 * (null when the identity provider or SCIM acted) and the person it concerns; its detail
 * never holds a password, a token or a session id.
 */
export const SECURITY_ACTIONS = [
  'sign_in', // inloggning
  'sign_in_refused', // nekad inloggning
  'sign_out_everywhere',
  'person_created',
  'person_updated',
  'person_deactivated',
  'person_reactivated',
  'right_granted', // detail: { right: 'canOwnProgrammes' | 'isAdmin', via }
  'right_revoked',
  'identity_linked', // detail: { protocol, issuer }
  'password_changed',
  'password_reset_requested',
  'password_reset_completed',
  'api_token_created',
  'api_token_revoked',
  'scim_token_created',
  'scim_token_revoked',
  'template_co_owner_added', // medägare av mall; detail: { templateId }
  'template_co_owner_removed',
  'plan_editor_added', // redigerare av plan; detail: { planId }
  'plan_editor_removed',
  'personal_data_exported', // registerutdrag; detail: { by: 'self' | 'admin' }
  'person_erased', // radering; detail: { reason, pseudonym }
] as const;
export type SecurityAction = (typeof SECURITY_ACTIONS)[number];

/** The rights a person holds regardless of programme (programme roles are separate). */
export const PERSON_RIGHTS = ['canOwnProgrammes', 'isAdmin'] as const;
export type PersonRight = (typeof PERSON_RIGHTS)[number];
