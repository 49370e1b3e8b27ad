import type { ProgrammeDefinition, ProgrammeRole } from '@fullfolj/contracts';

/** Which roles each field of a start request sets. */
const ROLE_FIELDS: ReadonlyArray<readonly [string, readonly ProgrammeRole[]]> = [
  ['steeringGroup', ['steering_chair', 'steering_member']],
  ['referenceGroupIds', ['reference']],
  ['secretaryId', ['secretary']],
  ['teams', ['team_member']],
];

/** JSON with object keys sorted, so two equal values always read the same. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b))) : v,
  );
}

/**
 * The fields of a start request in which a repeated start of the same programme id differs
 * from the start that created it, named as the request names them; empty when it is the same
 * request. Compares what the request decides (name, template, dates, people, reminder policy),
 * never what happened since.
 */
export function startDifferences(started: ProgrammeDefinition, repeated: ProgrammeDefinition): string[] {
  const fields: string[] = [];
  if (started.name !== repeated.name) fields.push('name');
  if (started.template.id !== repeated.template.id) fields.push('templateId');
  else if (started.template.version !== repeated.template.version) fields.push('templateVersion');

  const dates = (d: ProgrammeDefinition) =>
    canonical({
      phases: d.phases.map((p) => [p.key, p.startDate, p.endDate, p.gate?.dueDate ?? null]),
      meetings: d.meetings.map((m) => [m.key, m.date, m.startTime ?? null, m.durationMinutes ?? null]),
      items: d.assignments.map((a) => [a.id, a.dueDate]),
    });
  if (dates(started) !== dates(repeated)) fields.push('dates');

  const holders = (d: ProgrammeDefinition, roles: readonly ProgrammeRole[]) =>
    d.roles
      .filter((r) => roles.includes(r.role))
      .map((r) => `${r.role}:${r.personId}:${r.team ?? ''}`)
      .sort()
      .join(',');
  for (const [field, roles] of ROLE_FIELDS) if (holders(started, roles) !== holders(repeated, roles)) fields.push(field);

  const responsibles = (d: ProgrammeDefinition) =>
    d.assignments
      .map((a) => `${a.id}:${a.responsibleId ?? ''}`)
      .sort()
      .join(',');
  if (responsibles(started) !== responsibles(repeated)) fields.push('responsibles');
  if (canonical(started.reminderPolicy ?? null) !== canonical(repeated.reminderPolicy ?? null)) fields.push('reminderPolicy');
  return fields;
}
