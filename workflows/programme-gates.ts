import { condition, proxyActivities, setHandler, uuid4 } from '@temporalio/workflow';
import type { Activities } from '@fullfolj/activities';
import {
  AssignmentState,
  GATE_DECISIONS,
  GateCondition,
  GateDecisionRecord,
  GateSnapshotItem,
  PhaseState,
  programmeUpdates,
  type GateDecisionInput,
  type GateOwnerActInput,
} from '@fullfolj/contracts';
import { isLocalDate } from '@fullfolj/domain/calendar/local-date';
import { evaluateGate, MemberDecision } from '@fullfolj/domain/gates/gate-rule';
import { steeringGroupOf } from '@fullfolj/domain/gates/steering-group';
import { ProgrammeContext, reject } from './programme-context';

const { planGateNotices, sendGateNotice } = proxyActivities<Activities>({
  startToCloseTimeout: '2 minutes',
  retry: { initialInterval: '5 seconds', backoffCoefficient: 2, maximumInterval: '10 minutes' },
});

export interface Gates {
  /** At the phase's end: open the first round, then wait until a round approves. */
  passGate(index: number): Promise<void>;
  /** Whether a gate's reminders and escalations are still running. */
  chasing(): boolean;
  /** Resolves when every running chaser has finished (they end once their round closes). */
  chasersFinished(): Promise<void>;
}

/**
 * Phase gates (grindar): the steering group signs off a phase before the next one opens.
 * A round opens on a snapshot of the phase's items; members approve (with or without
 * conditions), send back or abstain, and may change their minds until the rule is met or
 * can no longer be met. The owner may withdraw an open gate or re-open a closed one.
 */
export function installGates(ctx: ProgrammeContext): Gates {
  const { def, state, emit } = ctx;

  // Each round's chaser runs alongside the workflow; it is kept here so the run can await it.
  const chasers = new Set<Promise<void>>();
  function chase(phaseKey: string, round: number): void {
    const chaser: Promise<void> = chaseUndecided(phaseKey, round).finally(() => chasers.delete(chaser));
    chasers.add(chaser);
  }

  const phaseIndex = (key: string) => state.phases.findIndex((p) => p.key === key);
  const gated = (key: string): { phase: PhaseState; index: number } => {
    const index = phaseIndex(key);
    if (index < 0) throw reject('invalid', { field: 'phaseKey', code: 'unknown_phase', message: `no phase "${key}" in this programme` });
    const phase = state.phases[index];
    if (!phase.gate) throw reject('invalid', { field: 'phaseKey', code: 'no_gate', message: `phase "${key}" has no gate` });
    return { phase, index };
  };
  const isOwner = (personId: string) => ctx.hasRole(personId, 'owner');
  const chairId = () => state.roles.find((r) => r.role === 'steering_chair')?.personId ?? null;

  const latestDecisions = (phase: PhaseState) => {
    const latest = new Map<string, MemberDecision>();
    for (const d of phase.gate!.decisions) latest.set(d.personId, d.decision);
    return latest;
  };

  function snapshotOf(phaseKey: string): GateSnapshotItem[] {
    return state.assignments
      .filter((a) => a.phaseKey === phaseKey)
      .map((a) => ({ id: a.id, kind: a.kind, title: a.title, status: a.status, dueDate: a.dueDate, responsibleId: a.responsibleId ?? null, completedAt: a.completedAt }));
  }

  /** Opens a new round: the first at the phase's end, later ones when the owner re-opens. */
  async function openRound(index: number, actorId: string | null, reason: string | null): Promise<void> {
    const phase = state.phases[index];
    const gateDef = def.phases[index].gate!;
    const gate = phase.gate!;
    gate.round += 1;
    gate.status = 'open';
    gate.members = gateDef.memberIds?.length ? [...gateDef.memberIds] : steeringGroupOf(state.roles);
    gate.snapshot = snapshotOf(phase.key);
    gate.decisions = [];
    gate.openedAt = new Date().toISOString();
    gate.closedAt = null;
    gate.reason = reason;
    phase.status = 'awaiting_gate';
    state.status = 'awaiting_gate';
    const round = gate.round;
    await emit(
      round === 1 ? 'gate_opened' : 'gate_reopened',
      { phaseKey: phase.key, round, rule: gateDef.rule, quorum: gateDef.quorum ?? null, dueDate: gateDef.dueDate, members: gate.members, snapshot: gate.snapshot, reason },
      actorId,
      phase.key,
    );
    chase(phase.key, round);
  }

  /** Reminds members who have not decided, then escalates to the owner and chair after the deadline. */
  async function chaseUndecided(phaseKey: string, round: number): Promise<void> {
    const phase = state.phases[phaseIndex(phaseKey)];
    const gateDef = def.phases[phaseIndex(phaseKey)].gate!;
    const stillOpen = () => phase.gate!.round === round && phase.gate!.status === 'open';
    // A re-opened round gets a fresh deadline; the first round keeps the template's.
    const notices = await planGateNotices({ dueDate: round === 1 ? gateDef.dueDate : null, openedAt: phase.gate!.openedAt! });
    for (const [n, notice] of notices.entries()) {
      const wait = Date.parse(notice.at) - Date.now();
      if (wait > 0 && (await condition(() => !stillOpen(), wait))) return;
      if (!stillOpen()) return;
      const undecided = phase.gate!.members.filter((m) => !latestDecisions(phase).has(m));
      if (undecided.length === 0) return;
      if (notice.kind === 'reminder' && wait < 0) continue; // a reminder whose day has passed is noise
      const recipients = notice.kind === 'reminder' ? undecided : [...new Set([def.ownerId, chairId()].filter((p): p is string => !!p))];
      await sendGateNotice({ programmeId: def.programmeId, phaseKey, round, kind: notice.kind, index: n, recipientIds: recipients, dueDate: notice.dueDate, undecidedIds: undecided });
      await emit(notice.kind === 'reminder' ? 'gate_reminded' : 'gate_escalated', { phaseKey, round, recipients, undecided }, null, phaseKey);
    }
  }

  /**
   * Closes the gate in state at once, before anything is awaited, so a decision arriving
   * meanwhile finds it closed; the events and notices follow.
   */
  function settle(phase: PhaseState, index: number, outcome: 'approved' | 'rejected'): AssignmentState[] {
    const gate = phase.gate!;
    gate.status = outcome;
    gate.closedAt = new Date().toISOString();
    if (outcome === 'rejected') {
      gate.reason = 'the decision rule can no longer be met';
      phase.status = 'open'; // the phase goes on; the owner re-opens the gate when it is ready
      state.status = 'running';
      return [];
    }
    // Conditions of the approvals that count become assignments of the next phase.
    const next = state.phases[index + 1];
    const conditions = latestPerMember(phase).flatMap((d) => (d.decision === 'approve_with_conditions' ? d.conditions : []));
    const created: AssignmentState[] = conditions.map((c) => ({
      id: uuid4(),
      phaseKey: next.key,
      kind: 'assignment',
      templateKey: null,
      title: c.title,
      description: `Villkor från grindbeslut (${phase.key}, omgång ${gate.round})`,
      responsibleId: c.responsibleId,
      team: null,
      dueDate: c.dueDate,
      originalDueDate: c.dueDate,
      expectedEffect: null,
      followUp: null,
      resources: null,
      status: 'remaining',
      comment: null,
      completedAt: null,
    }));
    state.assignments.push(...created);
    return created;
  }

  async function announce(phase: PhaseState, outcome: 'approved' | 'rejected', created: AssignmentState[], actorId: string) {
    const gate = phase.gate!;
    if (outcome === 'rejected') {
      await emit('gate_rejected', { phaseKey: phase.key, round: gate.round, reason: gate.reason }, actorId, phase.key);
      await sendGateNotice({ programmeId: def.programmeId, phaseKey: phase.key, round: gate.round, kind: 'rejected', index: 0, recipientIds: [def.ownerId], dueDate: null, undecidedIds: [] });
      return;
    }
    await emit('gate_approved', { phaseKey: phase.key, round: gate.round, conditionAssignments: created.map((a) => a.id) }, actorId, phase.key);
    for (const a of created) {
      const { originalDueDate: _o, status: _s, comment: _c, completedAt: _d, ...definition } = a;
      await emit('assignment_created', { assignment: definition, fromGate: { phaseKey: phase.key, round: gate.round } }, actorId, a.id);
      await ctx.grantIfMissing({ personId: a.responsibleId!, role: 'responsible' }, actorId);
    }
  }

  const latestPerMember = (phase: PhaseState): GateDecisionRecord[] => {
    const latest = new Map<string, GateDecisionRecord>();
    for (const d of phase.gate!.decisions) latest.set(d.personId, d);
    return [...latest.values()].filter((d) => phase.gate!.members.includes(d.personId));
  };

  setHandler(
    programmeUpdates.decideGate,
    async ({ actorId, phaseKey, decision, comment, conditions }: GateDecisionInput) => {
      const { phase, index } = gated(phaseKey);
      const gate = phase.gate!;
      const previous = [...gate.decisions].reverse().find((d) => d.personId === actorId) ?? null;
      const record = { personId: actorId, decision, comment: comment?.trim() || null, conditions: conditions ?? [], at: new Date().toISOString() };
      gate.decisions.push(record);
      const gateDef = def.phases[index].gate!;
      const outcome = evaluateGate({ rule: gateDef.rule, quorum: gateDef.quorum, members: gate.members, chairId: chairId(), latest: latestDecisions(phase) });
      const created = outcome === 'undecided' ? [] : settle(phase, index, outcome);
      const decided = emit(
        'gate_decided',
        { phaseKey, round: gate.round, decision, comment: record.comment, conditions: record.conditions, previous: previous?.decision ?? null },
        actorId,
        phaseKey,
      );
      if (outcome !== 'undecided') await announce(phase, outcome, created, actorId);
      await decided;
      return phase;
    },
    {
      validator: ({ actorId, phaseKey, decision, comment, conditions }: GateDecisionInput) => {
        ctx.requireProgrammeOpen();
        const { phase, index } = gated(phaseKey);
        const gate = phase.gate!;
        if (gate.status !== 'open') {
          throw reject('conflict', {
            code: gate.status === 'pending' ? 'gate_not_open' : 'gate_closed',
            message: `the gate of "${phaseKey}" is ${gate.status === 'pending' ? 'not open yet' : `closed (${gate.status})`}`,
          });
        }
        if (!gate.members.includes(actorId)) throw reject('forbidden', { code: 'not_gate_member', message: 'only the members named for this gate decide it' });
        if (!(GATE_DECISIONS as readonly string[]).includes(decision)) throw reject('invalid', { field: 'decision', code: 'unknown_decision', message: `must be one of ${GATE_DECISIONS.join(', ')}` });
        if (decision === 'send_back' && !comment?.trim()) throw reject('invalid', { field: 'comment', code: 'comment_required', message: 'sending back needs a comment' });
        if (decision === 'approve_with_conditions') {
          if (!conditions?.length) throw reject('invalid', { field: 'conditions', code: 'conditions_required', message: 'approving with conditions needs at least one condition' });
          if (!state.phases[index + 1]) throw reject('invalid', { field: 'conditions', code: 'no_next_phase', message: 'the last phase has no next phase to put conditions in' });
          conditions.forEach((c: GateCondition, i: number) => {
            if (!c?.title?.trim()) throw reject('invalid', { field: `conditions[${i}].title`, code: 'must_not_be_empty', message: 'must not be empty' });
            if (!c.responsibleId) throw reject('invalid', { field: `conditions[${i}].responsibleId`, code: 'required', message: 'is required' });
            if (!isLocalDate(c.dueDate)) throw reject('invalid', { field: `conditions[${i}].dueDate`, code: 'must_be_date', message: 'must be a date YYYY-MM-DD' });
          });
        } else if (conditions?.length) {
          throw reject('invalid', { field: 'conditions', code: 'conditions_not_allowed', message: 'only an approval with conditions has conditions' });
        }
      },
    },
  );

  setHandler(
    programmeUpdates.withdrawGate,
    async ({ actorId, phaseKey, reason }: GateOwnerActInput) => {
      const { phase } = gated(phaseKey);
      const gate = phase.gate!;
      gate.status = 'withdrawn';
      gate.closedAt = new Date().toISOString();
      gate.reason = reason.trim();
      phase.status = 'open';
      state.status = 'running';
      await emit('gate_withdrawn', { phaseKey, round: gate.round, reason: gate.reason }, actorId, phaseKey);
      return phase;
    },
    {
      validator: ({ actorId, phaseKey, reason }: GateOwnerActInput) => {
        ctx.requireProgrammeOpen();
        const { phase } = gated(phaseKey);
        if (!isOwner(actorId)) throw reject('forbidden', { code: 'requires_owner', message: 'only the programme owner withdraws a gate' });
        if (phase.gate!.status !== 'open') throw reject('conflict', { code: 'gate_not_open', message: `only an open gate can be withdrawn; this one is ${phase.gate!.status}` });
        if (!reason?.trim()) throw reject('invalid', { field: 'reason', code: 'reason_required', message: 'withdrawing a gate needs a reason' });
      },
    },
  );

  setHandler(
    programmeUpdates.reopenGate,
    async ({ actorId, phaseKey, reason }: GateOwnerActInput) => {
      const { phase, index } = gated(phaseKey);
      await openRound(index, actorId, reason.trim());
      return phase;
    },
    {
      validator: ({ actorId, phaseKey, reason }: GateOwnerActInput) => {
        ctx.requireProgrammeOpen();
        const { phase } = gated(phaseKey);
        if (!isOwner(actorId)) throw reject('forbidden', { code: 'requires_owner', message: 'only the programme owner re-opens a gate' });
        const status = phase.gate!.status;
        if (status !== 'rejected' && status !== 'withdrawn') {
          throw reject('conflict', { code: 'gate_not_reopenable', message: `only a rejected or withdrawn gate can be re-opened; this one is ${status}` });
        }
        if (!reason?.trim()) throw reject('invalid', { field: 'reason', code: 'reason_required', message: 're-opening a gate needs a reason' });
      },
    },
  );

  return {
    async passGate(index: number): Promise<void> {
      const phase = state.phases[index];
      if (phase.gate!.status === 'pending') await openRound(index, null, null);
      else if (phase.gate!.status === 'open') chase(phase.key, phase.gate!.round); // resumed run
      await condition(() => phase.gate!.status === 'approved');
    },
    chasing: () => chasers.size > 0,
    async chasersFinished(): Promise<void> {
      while (chasers.size > 0) await Promise.all([...chasers]);
    },
  };
}

export function initialGate(): NonNullable<PhaseState['gate']> {
  return { status: 'pending', round: 0, members: [], snapshot: [], decisions: [], openedAt: null, closedAt: null, reason: null };
}

