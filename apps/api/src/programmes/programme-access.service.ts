import { ForbiddenException, Injectable, NotFoundException } from '@nestjs/common';
import type { Principal, ProgrammeRole } from '@fullfolj/contracts';
import { ProgrammeReadRepository } from '@fullfolj/database';

const ROLE_NAMES: Record<ProgrammeRole, string> = {
  owner: 'programme owner',
  steering_chair: 'steering-group chair',
  steering_member: 'steering-group member',
  reference: 'reference group',
  team_member: 'development team',
  responsible: 'responsible official',
  secretary: 'secretary',
};

export const ANY_ROLE: readonly ProgrammeRole[] = Object.keys(ROLE_NAMES) as ProgrammeRole[];

/** Roles are per programme: 404 for a programme that does not exist, 403 naming the role needed. */
@Injectable()
export class ProgrammeAccess {
  constructor(private readonly programmes: ProgrammeReadRepository) {}

  async require(programmeId: string, principal: Principal, allowed: readonly ProgrammeRole[]): Promise<ProgrammeRole[]> {
    const roles = (await this.programmes.rolesOf(programmeId, principal.personId)) as ProgrammeRole[] | null;
    if (roles === null) throw new NotFoundException(`programme ${programmeId} does not exist`);
    if (!roles.some((r) => allowed.includes(r))) {
      throw new ForbiddenException(`requires the role ${describe(allowed)} in this programme`);
    }
    return roles;
  }
}

export function describe(roles: readonly ProgrammeRole[]): string {
  const names = [...new Set(roles.map((r) => ROLE_NAMES[r]))];
  return names.length === 1 ? names[0] : `${names.slice(0, -1).join(', ')} or ${names[names.length - 1]}`;
}
