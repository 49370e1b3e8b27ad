import type { ProgrammeRole } from '@fullfolj/contracts';

/** The steering group (styrgrupp): its chair and its members. */
export const STEERING_ROLES: readonly ProgrammeRole[] = ['steering_chair', 'steering_member'];
/** Who may plan a programme's items: its owner and its steering group. */
export const PLANNER_ROLES: readonly ProgrammeRole[] = ['owner', ...STEERING_ROLES];

/** The people of the steering group, each once, in the order their roles were given. */
export function steeringGroupOf(roles: ReadonlyArray<{ personId: string; role: ProgrammeRole }>): string[] {
  return [...new Set(roles.filter((r) => STEERING_ROLES.includes(r.role)).map((r) => r.personId))];
}
