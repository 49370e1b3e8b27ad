import { setHandler } from '@temporalio/workflow';
import { programmeUpdates, type GrantRoleInput } from '@fullfolj/contracts';
import { ProgrammeContext, reject } from './programme-context';

/** Roles in the programme: only its owner gives them, and each person has a role once. */
export function installRoles(ctx: ProgrammeContext): void {
  setHandler(
    programmeUpdates.grantRole,
    async ({ actorId, ...grant }: GrantRoleInput) => {
      await ctx.grantIfMissing({ personId: grant.personId, role: grant.role, team: grant.team ?? null }, actorId);
      return ctx.state.roles;
    },
    {
      validator: ({ actorId, personId, role }: GrantRoleInput) => {
        ctx.requireProgrammeOpen();
        if (!ctx.hasRole(actorId, 'owner')) throw reject('forbidden', { code: 'requires_owner', message: 'only the programme owner gives roles' });
        if (ctx.hasRole(personId, role)) throw reject('conflict', { code: 'already_has_role', message: `that person already has the role ${role}` });
      },
    },
  );
}
