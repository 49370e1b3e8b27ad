import { setHandler } from '@temporalio/workflow';
import { programmeUpdates, type GrantRoleInput, type RevokeRoleInput } from '@fullfolj/contracts';
import { STEERING_ROLES } from '@fullfolj/domain/gates/steering-group';
import { ProgrammeContext, reject } from './programme-context';

/** Roles in the programme: only its owner gives and revokes them, and each person has a role once. */
export function installRoles(ctx: ProgrammeContext): void {
  const { state } = ctx;

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

  setHandler(
    programmeUpdates.revokeRole,
    async ({ actorId, personId, role }: RevokeRoleInput) => {
      await ctx.revoke(personId, role, actorId, 'revoked');
      return state.roles;
    },
    {
      validator: ({ actorId, personId, role }: RevokeRoleInput) => {
        ctx.requireProgrammeOpen();
        if (!ctx.hasRole(actorId, 'owner')) throw reject('forbidden', { code: 'requires_owner', message: 'only the programme owner revokes roles' });
        if (!ctx.hasRole(personId, role)) throw reject('notFound', { code: 'role_not_held', message: `that person does not have the role ${role}` });
        if (role === 'owner' && state.roles.filter((r) => r.role === 'owner').length === 1) {
          throw reject('conflict', { code: 'last_owner', message: 'the programme must keep at least one owner' });
        }
        // The responsible role follows assignments: it goes with the person's last item.
        if (role === 'responsible' && state.assignments.some((a) => a.responsibleId === personId)) {
          throw reject('conflict', { code: 'still_responsible', message: 'that person is still responsible for items; reassign them first' });
        }
        // A decider of an open round stays until it is decided or withdrawn, so the round can close.
        if (STEERING_ROLES.includes(role) && state.phases.some((p) => p.gate?.status === 'open' && p.gate.members.includes(personId))) {
          throw reject('conflict', { code: 'open_gate_member', message: 'that person decides an open gate; withdraw the gate first' });
        }
      },
    },
  );
}
