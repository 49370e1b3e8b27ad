import fc from 'fast-check';
import { evaluateGate, GateRuleInput, GateRuleName, MemberDecision } from './gate-rule';

const members = ['chair', 'b', 'c', 'd', 'e'];
const decide = (rule: GateRuleName, decisions: Record<string, MemberDecision>, quorum?: number) =>
  evaluateGate({ rule, quorum, members, chairId: 'chair', latest: new Map(Object.entries(decisions)) });

describe('evaluateGate', () => {
  it('all: every member approves; one send-back rejects at once', () => {
    expect(decide('all', { chair: 'approve', b: 'approve', c: 'approve', d: 'approve' })).toBe('undecided');
    expect(decide('all', { chair: 'approve', b: 'approve', c: 'approve', d: 'approve', e: 'approve_with_conditions' })).toBe('approved');
    expect(decide('all', { b: 'send_back' })).toBe('rejected');
    expect(decide('all', { chair: 'approve', b: 'abstain', c: 'approve', d: 'approve', e: 'approve' })).toBe('approved');
    expect(decide('all', { chair: 'abstain', b: 'abstain', c: 'abstain', d: 'abstain', e: 'abstain' })).toBe('rejected');
  });

  it('majority: more than half of those not abstaining', () => {
    expect(decide('majority', { chair: 'approve', b: 'approve' })).toBe('undecided');
    expect(decide('majority', { chair: 'approve', b: 'approve', c: 'approve' })).toBe('approved');
    expect(decide('majority', { chair: 'approve', b: 'approve', c: 'abstain' })).toBe('undecided'); // 2 of 4 is not more than half
    expect(decide('majority', { chair: 'approve', b: 'approve', c: 'abstain', d: 'abstain' })).toBe('approved'); // 2 of 3
    expect(decide('majority', { c: 'send_back', d: 'send_back', e: 'send_back' })).toBe('rejected');
    expect(decide('majority', { chair: 'approve', b: 'approve', c: 'send_back', d: 'send_back' })).toBe('undecided');
  });

  it('quorum: at least N approvals, rejected when N can no longer be reached', () => {
    expect(decide('quorum', { chair: 'approve', b: 'approve' }, 3)).toBe('undecided');
    expect(decide('quorum', { chair: 'approve', b: 'approve', c: 'approve_with_conditions' }, 3)).toBe('approved');
    expect(decide('quorum', { c: 'send_back', d: 'abstain', e: 'send_back' }, 3)).toBe('rejected');
  });

  it('chair: only the chair decides', () => {
    expect(decide('chair', { b: 'approve', c: 'approve', d: 'approve', e: 'approve' })).toBe('undecided');
    expect(decide('chair', { chair: 'approve', b: 'send_back' })).toBe('approved');
    expect(decide('chair', { chair: 'send_back' })).toBe('rejected');
    expect(decide('chair', { chair: 'abstain' })).toBe('rejected');
    expect(evaluateGate({ rule: 'chair', members, chairId: null, latest: new Map() })).toBe('rejected');
  });

  const decision = fc.constantFrom<MemberDecision>('approve', 'approve_with_conditions', 'send_back', 'abstain');
  const input = fc
    .record({
      rule: fc.constantFrom<GateRuleName>('all', 'majority', 'quorum', 'chair'),
      size: fc.integer({ min: 1, max: 9 }),
      quorum: fc.integer({ min: 1, max: 9 }),
      decided: fc.array(fc.option(decision, { nil: undefined }), { minLength: 9, maxLength: 9 }),
    })
    .map(({ rule, size, quorum, decided }): GateRuleInput => {
      const ids = Array.from({ length: size }, (_, i) => `m${i}`);
      const latest = new Map<string, MemberDecision>();
      ids.forEach((id, i) => decided[i] !== undefined && latest.set(id, decided[i]));
      return { rule, quorum: Math.min(quorum, size), members: ids, chairId: 'm0', latest };
    });

  it('is always decided once every member has decided', () => {
    fc.assert(
      fc.property(input, decision, (gate, d) => {
        const latest = new Map(gate.latest);
        gate.members.forEach((m) => latest.has(m) || latest.set(m, d));
        expect(evaluateGate({ ...gate, latest })).not.toBe('undecided');
      }),
    );
  });

  it('never rejects a gate that a further approval could still pass, nor passes one a send-back could still fail wrongly', () => {
    fc.assert(
      fc.property(input, (gate) => {
        const outcome = evaluateGate(gate);
        const undecided = gate.members.filter((m) => !gate.latest.has(m));
        const allApprove = new Map(gate.latest);
        undecided.forEach((m) => allApprove.set(m, 'approve'));
        if (outcome === 'rejected') expect(evaluateGate({ ...gate, latest: allApprove })).toBe('rejected');
        if (outcome === 'undecided') expect(evaluateGate({ ...gate, latest: allApprove })).toBe('approved');
      }),
    );
  });
});
