/**
 * When a phase gate is decided. Pure and workflow-safe: the programme workflow calls it
 * after every decision, and the tests can check it exhaustively.
 *
 * Each member's latest decision counts. Approvals with conditions are approvals; an
 * abstention leaves the member out of the count; a send-back counts against.
 * - all:      every member who does not abstain approves (at least one approval);
 * - majority: more than half of the members who do not abstain approve;
 * - quorum:   at least `quorum` members approve;
 * - chair:    the chair alone decides.
 * The gate is rejected as soon as its rule can no longer be met, whatever the members
 * who have not decided yet do.
 */
export type GateRuleName = 'all' | 'majority' | 'quorum' | 'chair';
export type MemberDecision = 'approve' | 'approve_with_conditions' | 'send_back' | 'abstain';
export type GateOutcome = 'approved' | 'rejected' | 'undecided';

export interface GateRuleInput {
  rule: GateRuleName;
  quorum?: number | null;
  members: readonly string[];
  chairId?: string | null;
  /** The latest decision of each member who has decided. */
  latest: ReadonlyMap<string, MemberDecision>;
}

export function evaluateGate(input: GateRuleInput): GateOutcome {
  const members = [...new Set(input.members)];
  const decisionOf = (id: string) => input.latest.get(id);
  const approves = (d: MemberDecision | undefined) => d === 'approve' || d === 'approve_with_conditions';
  let approvals = 0;
  let against = 0;
  let abstentions = 0;
  let undecided = 0;
  for (const member of members) {
    const d = decisionOf(member);
    if (d === undefined) undecided++;
    else if (approves(d)) approvals++;
    else if (d === 'send_back') against++;
    else abstentions++;
  }

  switch (input.rule) {
    case 'chair': {
      const chair = input.chairId && members.includes(input.chairId) ? input.chairId : undefined;
      if (!chair) return 'rejected';
      const d = decisionOf(chair);
      if (d === undefined) return 'undecided';
      return approves(d) ? 'approved' : 'rejected';
    }
    case 'all':
      if (against > 0) return 'rejected';
      if (undecided === 0) return approvals > 0 ? 'approved' : 'rejected';
      return 'undecided';
    case 'majority': {
      const voting = members.length - abstentions;
      if (approvals * 2 > voting) return 'approved';
      // Best case: every undecided member approves (an abstention would only lower the bar less).
      if ((approvals + undecided) * 2 <= voting) return 'rejected';
      return 'undecided';
    }
    case 'quorum': {
      const needed = input.quorum ?? members.length;
      if (approvals >= needed) return 'approved';
      if (approvals + undecided < needed) return 'rejected';
      return 'undecided';
    }
  }
}
