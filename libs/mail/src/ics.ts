import { createEvent, EventAttributes } from 'ics';
import { DateTime } from 'luxon';

/**
 * Meeting invitations as iCalendar (RFC 5545 / iTIP RFC 5546), built with the `ics`
 * library. `ics` writes local times without a zone (floating) and no VTIMEZONE, so its
 * output is post-processed: DTSTART and DTEND get `TZID=Europe/Stockholm` (their values
 * computed here with luxon, not by `ics` in the process's own zone), and a VTIMEZONE for
 * Europe/Stockholm (the EU rule: CEST from the last Sunday of March 02:00 to the last Sunday
 * of October 03:00) is put before the VEVENT, so that mail clients and ical.js resolve it.
 *
 * The UID is stable per meeting (meetingUid), so an update (same UID, higher SEQUENCE)
 * replaces the event in the recipient's calendar and a CANCEL removes it.
 */

export const MEETING_TIME_ZONE = 'Europe/Stockholm';

export interface MeetingIcsInput {
  /** Stable per meeting: meetingUid(programmeId, meetingKey). */
  uid: string;
  /** 0 for the first invitation; higher on each update and on the cancellation. */
  sequence: number;
  method: 'REQUEST' | 'CANCEL';
  title: string;
  description: string;
  location?: string | null;
  /** Local date and time in Europe/Stockholm. */
  start: { date: string; time: string };
  durationMinutes: number;
  organizer: { name: string; email: string };
  attendees: Array<{ name: string; email: string }>;
  /** Where the meeting is in the app. */
  url: string;
  /** DTSTAMP (when this version was made); defaults to now. Fix it for reproducible output. */
  stamp?: Date;
}

/** `<programmeId>.<meetingKey>@fullfolj`: the same for every version of one meeting. */
export function meetingUid(programmeId: string, meetingKey: string): string {
  const safeKey = meetingKey.replace(/[^A-Za-z0-9_-]/g, (c) => `=${c.codePointAt(0)!.toString(16)}`);
  return `${programmeId}.${safeKey}@fullfolj`;
}

const VTIMEZONE_STOCKHOLM = [
  'BEGIN:VTIMEZONE',
  'TZID:Europe/Stockholm',
  'X-LIC-LOCATION:Europe/Stockholm',
  'BEGIN:DAYLIGHT',
  'TZOFFSETFROM:+0100',
  'TZOFFSETTO:+0200',
  'TZNAME:CEST',
  'DTSTART:19700329T020000',
  'RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU',
  'END:DAYLIGHT',
  'BEGIN:STANDARD',
  'TZOFFSETFROM:+0200',
  'TZOFFSETTO:+0100',
  'TZNAME:CET',
  'DTSTART:19701025T030000',
  'RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU',
  'END:STANDARD',
  'END:VTIMEZONE',
].join('\r\n');

/** The .ics text of one meeting: METHOD:REQUEST (invitation or update) or METHOD:CANCEL. */
export function meetingIcs(input: MeetingIcsInput): string {
  if (!Number.isInteger(input.sequence) || input.sequence < 0) throw new Error('sequence must be a whole number ≥ 0');
  if (!Number.isInteger(input.durationMinutes) || input.durationMinutes <= 0) throw new Error('durationMinutes must be a whole number > 0');
  if (!/^[^\s@]+@[^\s@]+$/.test(input.uid)) throw new Error('uid must look like id@domain');
  const start = localTime(input.start.date, input.start.time);
  const end = start.plus({ minutes: input.durationMinutes });
  checkZoneRule(start);
  checkZoneRule(end);

  const attributes: EventAttributes & { timestamp?: number } = {
    productId: '-//Fullfolj//Meetings//SV',
    method: input.method,
    uid: input.uid,
    sequence: input.sequence,
    timestamp: (input.stamp ?? new Date()).getTime(),
    title: input.title,
    description: input.description,
    ...(input.location ? { location: input.location } : {}),
    url: input.url,
    status: input.method === 'CANCEL' ? 'CANCELLED' : 'CONFIRMED',
    busyStatus: 'BUSY',
    // Placeholders: the lines are rewritten below with TZID and values from luxon.
    start: [start.year, start.month, start.day, start.hour, start.minute],
    startInputType: 'local',
    startOutputType: 'local',
    end: [end.year, end.month, end.day, end.hour, end.minute],
    endInputType: 'local',
    endOutputType: 'local',
    organizer: { name: input.organizer.name, email: input.organizer.email },
    attendees: input.attendees.map((a) => ({
      name: a.name,
      email: a.email,
      rsvp: input.method === 'REQUEST',
      partstat: 'NEEDS-ACTION' as const,
      role: 'REQ-PARTICIPANT' as const,
      cutype: 'INDIVIDUAL' as const,
    })),
  };
  const { error, value } = createEvent(attributes);
  if (error || !value) throw new Error(`could not build the calendar event: ${error?.message ?? 'no output'}`);

  const stamp = (t: DateTime) => t.toFormat("yyyyMMdd'T'HHmmss");
  let replaced = 0;
  const ics = value
    .replace(/^DTSTART:[^\r\n]*$/m, () => (replaced++, `DTSTART;TZID=${MEETING_TIME_ZONE}:${stamp(start)}`))
    .replace(/^DTEND:[^\r\n]*$/m, () => (replaced++, `DTEND;TZID=${MEETING_TIME_ZONE}:${stamp(end)}`))
    .replace(/^BEGIN:VEVENT$/m, () => (replaced++, `${VTIMEZONE_STOCKHOLM}\r\nBEGIN:VEVENT`));
  if (replaced !== 3) throw new Error('unexpected output from the ics library (DTSTART, DTEND or VEVENT not found)');
  return ics;
}

function localTime(date: string, time: string): DateTime {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) throw new Error(`start.date must be YYYY-MM-DD, got ${JSON.stringify(date)}`);
  if (!/^\d{2}:\d{2}$/.test(time)) throw new Error(`start.time must be HH:mm, got ${JSON.stringify(time)}`);
  const t = DateTime.fromISO(`${date}T${time}`, { zone: MEETING_TIME_ZONE });
  if (!t.isValid) throw new Error(`${date} ${time} is not a valid date and time`);
  // 02:00–02:59 on the last Sunday of March does not exist in Stockholm; luxon would move it.
  if (t.toFormat('yyyy-MM-dd HH:mm') !== `${date} ${time}`) throw new Error(`${date} ${time} does not exist in ${MEETING_TIME_ZONE} (daylight-saving change)`);
  return t;
}

/**
 * The VTIMEZONE above states the EU rule. Should the time-zone database ever say otherwise
 * for a meeting (e.g. the EU ends clock changes), stop rather than send wrong times.
 */
function checkZoneRule(t: DateTime): void {
  const year = t.year;
  const lastSunday = (month: number) => {
    const last = DateTime.utc(year, month, 1).endOf('month').startOf('day');
    return last.minus({ days: last.weekday % 7 });
  };
  const summerStarts = lastSunday(3).set({ hour: 1 }); // 01:00 UTC
  const summerEnds = lastSunday(10).set({ hour: 1 });
  const instant = t.toUTC();
  const expected = instant >= summerStarts && instant < summerEnds ? 120 : 60;
  if (t.offset !== expected) {
    throw new Error(`${MEETING_TIME_ZONE} is UTC${t.offset >= 0 ? '+' : ''}${t.offset / 60} on ${t.toISODate()}, which the VTIMEZONE in ics.ts does not describe; update it`);
  }
}
