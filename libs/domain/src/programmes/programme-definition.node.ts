import { v5 as uuidv5 } from 'uuid';
import type { AssignmentDefinition, ItemKind, ProgrammeDefinition, RoleGrant } from '@fullfolj/contracts';
import type { ProgrammePlan } from '../planning/plan-programme';
import type { ProgrammeTemplate } from '../templates';

/** A problem with one field of the caller's input; the API answers it as a 400. */
export interface FieldProblem {
  field: string;
  message: string;
}

// Namespace for item ids derived from programme id + item key, so a repeated start sends the same plan.
const ITEM_NAMESPACE = '6f3b1d52-4f7e-4a43-9c55-0f2f4e1d9b8a';

export interface ProgrammePeople {
  ownerId: string;
  chairId: string;
  memberIds: string[];
  referenceGroupIds: string[];
  teams: Array<{ name: string; memberIds: string[] }>;
  secretaryId?: string;
  /** Template role key → the person responsible for that role's items. */
  responsibles: Record<string, string>;
}

/**
 * Turns a dated plan and the people the owner named into what the programme workflow runs.
 * Pure, so the mapping is unit-tested without servers.
 */
export function toProgrammeDefinition(
  template: ProgrammeTemplate,
  plan: ProgrammePlan,
  input: { programmeId: string; name: string; people: ProgrammePeople },
): { ok: true; definition: ProgrammeDefinition } | { ok: false; errors: FieldProblem[] } {
  const { programmeId, people } = input;
  const templateRoles = new Set(template.roles.map((r) => r.key));
  const errors: FieldProblem[] = [];
  for (const key of Object.keys(people.responsibles)) {
    if (!templateRoles.has(key)) {
      errors.push({ field: `responsibles.${key}`, message: `is not a role of template ${template.id} (roles: ${[...templateRoles].join(', ')})` });
    }
  }
  if (errors.length > 0) return { ok: false, errors };

  const responsibleFor = (roleKey: string): string => {
    if (people.responsibles[roleKey]) return people.responsibles[roleKey];
    if (roleKey === 'secretary' && people.secretaryId) return people.secretaryId;
    if (roleKey === 'steering_group' || roleKey === 'chair') return people.chairId;
    // The owner answers for whatever nobody else was named for.
    return people.ownerId;
  };

  const items: AssignmentDefinition[] = [];
  const item = (phaseKey: string, kind: ItemKind, key: string, title: string, description: string | null, dueDate: string, roleKey: string) =>
    items.push({
      // Minutes are due after the meeting: no reminders before it, then until they are in.
      ...(kind === 'minutes' ? { reminderPolicy: { daysBefore: [] } } : {}),
      id: uuidv5(`${programmeId}:${key}`, ITEM_NAMESPACE),
      phaseKey,
      kind,
      templateKey: key,
      title,
      description,
      responsibleId: responsibleFor(roleKey),
      dueDate,
    });

  for (const phase of plan.phases) {
    for (const a of phase.assignments) item(phase.key, 'assignment', a.key, a.title.sv, a.description?.sv ?? null, a.due, a.responsibleRole);
    for (const d of phase.deliverables) item(phase.key, 'report', d.key, d.name.sv, null, d.due, d.responsibleRole);
    for (const m of phase.meetings) {
      if (m.minutesDue) item(phase.key, 'minutes', `${m.key}/minutes`, `Protokoll: ${m.name.sv}`, null, m.minutesDue, m.minutesResponsibleRole ?? 'secretary');
    }
  }

  const roles: RoleGrant[] = [];
  const grant = (personId: string, role: RoleGrant['role'], team: string | null = null) => {
    if (!roles.some((r) => r.personId === personId && r.role === role)) roles.push({ personId, role, team });
  };
  grant(people.ownerId, 'owner');
  grant(people.chairId, 'steering_chair');
  people.memberIds.forEach((id) => grant(id, 'steering_member'));
  people.referenceGroupIds.forEach((id) => grant(id, 'reference'));
  people.teams.forEach((t) => t.memberIds.forEach((id) => grant(id, 'team_member', t.name)));
  if (people.secretaryId) grant(people.secretaryId, 'secretary');
  items.forEach((i) => grant(i.responsibleId!, 'responsible'));

  return {
    ok: true,
    definition: {
      programmeId,
      name: input.name,
      template: { id: template.id, version: template.version },
      ownerId: people.ownerId,
      phases: plan.phases.map((p) => ({
        key: p.key,
        name: p.name,
        startDate: p.start,
        endDate: p.end,
        gate: p.gate ? { name: p.gate.name, rule: p.gate.rule, ...(p.gate.quorum ? { quorum: p.gate.quorum } : {}), dueDate: p.gate.due } : null,
      })),
      meetings: plan.phases.flatMap((p) =>
        p.meetings.map((m) => ({ key: m.key, phaseKey: p.key, kind: m.kind, name: m.name, date: m.date, participants: [...m.participants] })),
      ),
      assignments: items,
      roles,
    },
  };
}

/** Every person id a start request names, with the field it came from. */
export function namedPeople(people: ProgrammePeople): Array<{ field: string; personId: string }> {
  return [
    { field: 'steeringGroup.chairId', personId: people.chairId },
    ...people.memberIds.map((id, i) => ({ field: `steeringGroup.memberIds[${i}]`, personId: id })),
    ...people.referenceGroupIds.map((id, i) => ({ field: `referenceGroupIds[${i}]`, personId: id })),
    ...people.teams.flatMap((t, ti) => t.memberIds.map((id, i) => ({ field: `teams[${ti}].memberIds[${i}]`, personId: id }))),
    ...(people.secretaryId ? [{ field: 'secretaryId', personId: people.secretaryId }] : []),
    ...Object.entries(people.responsibles).map(([role, id]) => ({ field: `responsibles.${role}`, personId: id })),
  ];
}
