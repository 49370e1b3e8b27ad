import { DateTime } from 'luxon';

import { assertLocalDate, type LocalDate } from './local-date';

/** All planning happens in Swedish local time; all instants are stored in UTC. */
export const PLANNING_ZONE = 'Europe/Stockholm';

/** A UTC instant as an ISO string, e.g. '2027-01-27T07:00:00.000Z'. */
export type Instant = string;

/** A wall-clock time 'HH:mm' (24 h). */
export type LocalTime = string;

const LOCAL_TIME = /^([01]\d|2[0-3]):([0-5]\d)$/;
// Instants must carry their offset; a bare '2027-01-27T08:00' would silently use the host zone.
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/;

export function isLocalTime(value: unknown): value is LocalTime {
  return typeof value === 'string' && LOCAL_TIME.test(value);
}

function parseInstant(instant: Instant): DateTime {
  const parsed = INSTANT.test(instant) ? DateTime.fromISO(instant, { zone: PLANNING_ZONE }) : undefined;
  if (!parsed || !parsed.isValid) {
    throw new RangeError(`Expected an ISO instant with 'Z' or an offset, got ${JSON.stringify(instant)}`);
  }
  return parsed;
}

/**
 * The UTC instant of wall-clock `time` on `date` in Stockholm.
 * On the spring-forward day a time in the skipped hour (02:00–02:59) moves forward by an
 * hour; on the fall-back day a time in the repeated hour resolves to its second occurrence
 * (standard time). Both follow luxon and are pinned in the spec.
 */
export function localDateTimeToInstant(date: LocalDate, time: LocalTime): Instant {
  assertLocalDate(date);
  if (!isLocalTime(time)) throw new RangeError(`Expected a time 'HH:mm', got ${JSON.stringify(time)}`);
  const local = DateTime.fromISO(`${date}T${time}`, { zone: PLANNING_ZONE });
  const iso = local.toUTC().toISO();
  if (!local.isValid || iso === null) throw new RangeError(`Cannot place ${date} ${time} in ${PLANNING_ZONE}`);
  return iso;
}

/** The Stockholm calendar date of an instant (23:30Z on 30 June is already 1 July). */
export function instantToLocalDate(instant: Instant): LocalDate {
  return parseInstant(instant).toFormat('yyyy-MM-dd');
}

/** The Stockholm date and wall-clock time of an instant. */
export function instantToLocalDateTime(instant: Instant): { readonly date: LocalDate; readonly time: LocalTime } {
  const local = parseInstant(instant);
  return { date: local.toFormat('yyyy-MM-dd'), time: local.toFormat('HH:mm') };
}
