/** Roles a person can have in one programme (roller per program). */
export const PROGRAMME_ROLES = [
  'owner', // programägare
  'steering_chair', // styrgruppens ordförande / sammankallande
  'steering_member', // styrgruppsledamot
  'reference', // referensgrupp (reads only)
  'team_member', // utvecklingsteam
  'responsible', // ansvarig tjänsteperson
  'secretary', // sekreterare
] as const;
export type ProgrammeRole = (typeof PROGRAMME_ROLES)[number];

export type Language = 'sv' | 'en';

/** The authenticated person behind a request, whichever way they signed in. */
export interface Principal {
  personId: string;
  name: string;
  email: string;
  language: Language;
  /** May create programmes and templates (programme owners). */
  canOwnProgrammes: boolean;
  /** Administrator: manages people, rights, single sign-on mappings and SCIM tokens. */
  isAdmin: boolean;
  via: 'session' | 'token';
}
