import { patched, setHandler } from '@temporalio/workflow';
import {
  ASSIGNMENT_STATUSES,
  AssignmentState,
  programmeUpdates,
  type CompleteInput,
  type CreateAssignmentInput,
  type MoveDeadlineInput,
  type ReassignInput,
  type RecordStatusInput,
} from '@fullfolj/contracts';
import { PATCH_RESPONSIBLE_FOLLOWS_ASSIGNMENTS, ProgrammeContext, reject, textOrNull } from './programme-context';

/**
 * Assignments (uppdrag): created by the planners, reassigned, given a status or completed by
 * their responsible, and their deadlines moved with a reason. Each act tells the item's
 * reminder workflow what changed.
 */
export function installAssignments(ctx: ProgrammeContext): void {
  const { state, emit } = ctx;

  setHandler(
    programmeUpdates.createAssignment,
    async (input: CreateAssignmentInput) => {
      const created: AssignmentState = {
        id: input.id,
        phaseKey: input.phaseKey,
        kind: 'assignment',
        templateKey: null,
        title: input.title,
        description: input.description ?? null,
        responsibleId: input.responsibleId ?? null,
        team: input.team ?? null,
        dueDate: input.dueDate,
        originalDueDate: input.dueDate,
        expectedEffect: input.expectedEffect ?? null,
        followUp: input.followUp ?? null,
        resources: input.resources ?? null,
        reminderPolicy: input.reminderPolicy ?? null,
        status: 'remaining',
        comment: null,
        completedAt: null,
      };
      state.assignments.push(created);
      const { originalDueDate: _o, status: _s, comment: _c, completedAt: _d, ...definition } = created;
      await emit('assignment_created', { assignment: definition }, input.actorId, created.id);
      if (created.responsibleId) await ctx.grantIfMissing({ personId: created.responsibleId, role: 'responsible' }, input.actorId);
      if (ctx.phaseIsOpen(created.phaseKey)) await ctx.startReminders([created]);
      return created;
    },
    {
      validator: (input: CreateAssignmentInput) => {
        ctx.requireProgrammeOpen();
        ctx.requirePlanner(input.actorId);
        if (state.assignments.some((a) => a.id === input.id)) throw reject('conflict', { code: 'already_exists', message: `assignment ${input.id} already exists` });
        if (!input.title?.trim()) throw reject('invalid', { field: 'title', code: 'must_not_be_empty', message: 'must not be empty' });
        ctx.requirePhase(input.phaseKey);
        ctx.requireDate('dueDate', input.dueDate);
      },
    },
  );

  setHandler(
    programmeUpdates.reassign,
    async ({ actorId, assignmentId, responsibleId }: ReassignInput) => {
      const a = ctx.assignment(assignmentId);
      const from = a.responsibleId ?? null;
      a.responsibleId = responsibleId;
      await emit('assignment_reassigned', { assignmentId, from, to: responsibleId }, actorId, assignmentId);
      await ctx.grantIfMissing({ personId: responsibleId, role: 'responsible' }, actorId);
      // Runs recorded before this kept the role for good, and replay it so.
      if (from !== null && patched(PATCH_RESPONSIBLE_FOLLOWS_ASSIGNMENTS)) await ctx.dropIdleResponsible(from, actorId);
      await ctx.tellReminders(assignmentId, { responsibleId, actorId });
      return a;
    },
    {
      validator: ({ actorId, assignmentId, responsibleId }: ReassignInput) => {
        ctx.requireProgrammeOpen();
        ctx.requirePlanner(actorId);
        const a = ctx.openAssignment(assignmentId);
        if (a.responsibleId === responsibleId) {
          throw reject('conflict', { field: 'responsibleId', code: 'already_responsible', message: 'that person is already responsible' });
        }
      },
    },
  );

  setHandler(
    programmeUpdates.recordStatus,
    async ({ actorId, assignmentId, status, comment: given }: RecordStatusInput) => {
      const a = ctx.assignment(assignmentId);
      const from = a.status;
      const comment = textOrNull(given);
      a.status = status;
      if (comment !== null) a.comment = comment;
      if (status === 'done') {
        a.completedAt = new Date().toISOString();
        await emit('assignment_completed', { assignmentId, from, comment: comment ?? null }, actorId, assignmentId);
        await ctx.tellReminders(assignmentId, { closed: true, actorId });
      } else {
        await emit('status_recorded', { assignmentId, from, to: status, comment: comment ?? null }, actorId, assignmentId);
      }
      return a;
    },
    {
      validator: ({ actorId, assignmentId, status }: RecordStatusInput) => {
        ctx.requireProgrammeOpen();
        ctx.requireResponsibleOrOwner(actorId, assignmentId);
        if (!(ASSIGNMENT_STATUSES as readonly string[]).includes(status)) {
          throw reject('invalid', { field: 'status', code: 'unknown_status', message: `must be one of ${ASSIGNMENT_STATUSES.join(', ')}` });
        }
        ctx.openAssignment(assignmentId);
      },
    },
  );

  setHandler(
    programmeUpdates.complete,
    async ({ actorId, assignmentId, comment: given }: CompleteInput) => {
      const a = ctx.assignment(assignmentId);
      const from = a.status;
      const comment = textOrNull(given);
      a.status = 'done';
      a.completedAt = new Date().toISOString();
      if (comment !== null) a.comment = comment;
      await emit('assignment_completed', { assignmentId, from, comment: comment ?? null }, actorId, assignmentId);
      await ctx.tellReminders(assignmentId, { closed: true, actorId });
      return a;
    },
    {
      validator: ({ actorId, assignmentId }: CompleteInput) => {
        ctx.requireProgrammeOpen();
        ctx.requireResponsibleOrOwner(actorId, assignmentId);
        ctx.openAssignment(assignmentId);
      },
    },
  );

  setHandler(
    programmeUpdates.moveDeadline,
    async ({ actorId, assignmentId, dueDate, reason }: MoveDeadlineInput) => {
      const a = ctx.assignment(assignmentId);
      const from = a.dueDate;
      a.dueDate = dueDate;
      // The original date stays; the event keeps every move, so reports show the slippage.
      await emit('deadline_moved', { assignmentId, from, to: dueDate, original: a.originalDueDate, reason }, actorId, assignmentId);
      await ctx.tellReminders(assignmentId, { dueDate, actorId });
      return a;
    },
    {
      validator: ({ actorId, assignmentId, dueDate, reason }: MoveDeadlineInput) => {
        ctx.requireProgrammeOpen();
        ctx.requirePlanner(actorId);
        ctx.requireDate('dueDate', dueDate);
        if (!reason?.trim()) throw reject('invalid', { field: 'reason', code: 'reason_required', message: 'a moved deadline needs a reason' });
        const a = ctx.openAssignment(assignmentId);
        if (a.dueDate === dueDate) throw reject('conflict', { field: 'dueDate', code: 'already_due', message: `the deadline is already ${dueDate}` });
      },
    },
  );
}
