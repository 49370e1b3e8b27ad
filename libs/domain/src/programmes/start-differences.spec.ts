import type { ProgrammeDefinition } from '@fullfolj/contracts';
import { startDifferences } from './start-differences';

const base: ProgrammeDefinition = {
  programmeId: 'p1',
  name: 'Fullföljd utbildning 2027',
  template: { id: 'skr-fullfoljd-utbildning', version: 1 },
  ownerId: 'anna',
  phases: [{ key: 'forberedelse', name: { sv: 'Förberedelse', en: 'Preparation' }, startDate: '2027-01-04', endDate: '2027-01-27', gate: null }],
  meetings: [{ key: 'kickoff', phaseKey: 'forberedelse', kind: 'kickoff', name: { sv: 'Uppstartsträff', en: 'Kick-off' }, date: '2027-01-27', participants: ['steering_group'] }],
  assignments: [{ id: 'a1', phaseKey: 'forberedelse', kind: 'assignment', title: 'Kartlägg', dueDate: '2027-01-20', responsibleId: 'lars' }],
  roles: [
    { personId: 'anna', role: 'owner' },
    { personId: 'erik', role: 'steering_chair' },
    { personId: 'lars', role: 'responsible' },
  ],
  reminderPolicy: { daysBefore: [5], sendAt: '08:00' },
};

describe('startDifferences', () => {
  it('finds none in the same request, whatever the order of roles and keys', () => {
    const same = { ...base, roles: [...base.roles].reverse(), reminderPolicy: { sendAt: '08:00', daysBefore: [5] } };
    expect(startDifferences(base, same)).toEqual([]);
  });

  it('names each field of the request that differs', () => {
    const other: ProgrammeDefinition = {
      ...base,
      name: 'Ett annat namn',
      meetings: [{ ...base.meetings[0], date: '2027-01-28' }],
      roles: [...base.roles.filter((r) => r.role !== 'steering_chair'), { personId: 'fatima', role: 'steering_chair' }, { personId: 'karin', role: 'reference' }],
      assignments: [{ ...base.assignments[0], responsibleId: 'maria' }],
      reminderPolicy: null,
    };
    expect(startDifferences(base, other)).toEqual(['name', 'dates', 'steeringGroup', 'referenceGroupIds', 'responsibles', 'reminderPolicy']);
    expect(startDifferences(base, { ...base, template: { id: 'skr-fullfoljd-utbildning', version: 2 } })).toEqual(['templateVersion']);
    expect(startDifferences(base, { ...base, template: { id: 'natverksar', version: 1 } })).toEqual(['templateId']);
  });
});
