import ICAL from 'ical.js';
import { meetingIcs, MeetingIcsInput, meetingUid } from './ics';

const programmeId = '7d0f4c9e-1b2a-4c3d-8e9f-0a1b2c3d4e5f';

function invitation(overrides: Partial<MeetingIcsInput> = {}): MeetingIcsInput {
  return {
    uid: meetingUid(programmeId, 'kickoff'),
    sequence: 0,
    method: 'REQUEST',
    title: 'Uppstartsträff: Fullföljd utbildning 2027',
    description: 'Uppstart för ägarnivå och rektorer.\nTa med nulägesanalysen; frågor till Sara Ek.',
    location: 'Stadshuset, sal 3',
    start: { date: '2027-03-29', time: '09:00' },
    durationMinutes: 90,
    organizer: { name: 'Anna Lindqvist', email: 'anna.lindqvist@kommun.example' },
    attendees: [
      { name: 'Lars Berg', email: 'lars.berg@kommun.example' },
      { name: 'Sofia Karlsson', email: 'sofia.karlsson@kommun.example' },
    ],
    url: `https://fullfolj.kommun.se/programmes/${programmeId}`,
    stamp: new Date('2027-01-15T10:00:00Z'),
    ...overrides,
  };
}

/** Parses as a calendar client would: the VCALENDAR, its method, and its one VEVENT. */
function parse(ics: string) {
  const calendar = new ICAL.Component(ICAL.parse(ics));
  const vevent = calendar.getFirstSubcomponent('vevent')!;
  return { calendar, method: calendar.getFirstPropertyValue('method'), vevent, event: new ICAL.Event(vevent) };
}

/**
 * A calendar that applies iTIP messages the way RFC 5546 (3.2.2, 3.2.5) says a client does:
 * a REQUEST adds the event or, with the same UID and a higher SEQUENCE, replaces it; a
 * CANCEL removes it. Built with ical.js components.
 */
class Calendar {
  readonly component = new ICAL.Component(['vcalendar', [], []]);

  apply(ics: string): void {
    const { calendar, method, vevent, event } = parse(ics);
    // Keep the zone definitions the message brings, as a client does, so TZID resolves here too.
    for (const zone of calendar.getAllSubcomponents('vtimezone')) {
      const tzid = zone.getFirstPropertyValue('tzid');
      if (!this.component.getAllSubcomponents('vtimezone').some((z) => z.getFirstPropertyValue('tzid') === tzid)) this.component.addSubcomponent(zone);
    }
    const existing = this.component.getAllSubcomponents('vevent').find((v) => new ICAL.Event(v).uid === event.uid);
    const existingSequence = existing ? new ICAL.Event(existing).sequence : -1;
    if (method === 'REQUEST' && event.sequence > existingSequence) {
      if (existing) this.component.removeSubcomponent(existing);
      this.component.addSubcomponent(vevent);
    } else if (method === 'CANCEL' && existing && event.sequence >= existingSequence) {
      this.component.removeSubcomponent(existing);
    }
  }

  events() {
    return this.component.getAllSubcomponents('vevent').map((v) => new ICAL.Event(v));
  }
}

const utc = (t: ICAL.Time) => t.toJSDate().toISOString();

describe('meetingIcs', () => {
  it('is a METHOD:REQUEST invitation with a stable UID, organizer, attendees and the meeting in Europe/Stockholm', () => {
    const ics = meetingIcs(invitation());
    expect(ics).toContain('\r\nMETHOD:REQUEST\r\n');
    expect(ics).toContain('DTSTART;TZID=Europe/Stockholm:20270329T090000');
    expect(ics).toContain('DTEND;TZID=Europe/Stockholm:20270329T103000');
    expect(ics).toMatch(/BEGIN:VTIMEZONE\r\nTZID:Europe\/Stockholm\r\n[\s\S]*END:VTIMEZONE\r\nBEGIN:VEVENT/);

    const { method, event, vevent } = parse(ics);
    expect(method).toBe('REQUEST');
    expect(event.uid).toBe(`${programmeId}.kickoff@fullfolj`);
    expect(event.sequence).toBe(0);
    expect(event.summary).toBe('Uppstartsträff: Fullföljd utbildning 2027');
    expect(event.description).toBe('Uppstart för ägarnivå och rektorer.\nTa med nulägesanalysen; frågor till Sara Ek.');
    expect(event.location).toBe('Stadshuset, sal 3');
    expect(vevent.getFirstPropertyValue('status')).toBe('CONFIRMED');
    expect(vevent.getFirstPropertyValue('url')).toBe(`https://fullfolj.kommun.se/programmes/${programmeId}`);
    expect(String(vevent.getFirstPropertyValue('organizer')).toLowerCase()).toBe('mailto:anna.lindqvist@kommun.example');
    expect(event.attendees.map((a) => [a.getParameter('cn'), String(a.getFirstValue()).toLowerCase(), a.getParameter('rsvp')])).toEqual([
      ['Lars Berg', 'mailto:lars.berg@kommun.example', 'TRUE'],
      ['Sofia Karlsson', 'mailto:sofia.karlsson@kommun.example', 'TRUE'],
    ]);
    expect(utc(vevent.getFirstPropertyValue('dtstamp') as ICAL.Time)).toBe('2027-01-15T10:00:00.000Z');
  });

  it('carries its zone: ical.js resolves TZID Europe/Stockholm through the VTIMEZONE', () => {
    const { event } = parse(meetingIcs(invitation()));
    expect(event.startDate.zone?.tzid).toBe('Europe/Stockholm');
    expect(event.startDate.toString()).toBe('2027-03-29T09:00:00');
    expect(event.duration.toSeconds()).toBe(90 * 60);
  });

  // Summer time 2027: from Sunday 28 March 02:00 to Sunday 31 October 03:00.
  it.each([
    ['winter, the Friday before the spring change', '2027-03-26', '09:00', '2027-03-26T08:00:00.000Z', '2027-03-26T09:30:00.000Z'],
    ['summer, the Monday after the spring change', '2027-03-29', '09:00', '2027-03-29T07:00:00.000Z', '2027-03-29T08:30:00.000Z'],
    ['summer, the Monday of the autumn-change week', '2027-10-25', '09:00', '2027-10-25T07:00:00.000Z', '2027-10-25T08:30:00.000Z'],
    ['winter, the Monday after the autumn change', '2027-11-01', '09:00', '2027-11-01T08:00:00.000Z', '2027-11-01T09:30:00.000Z'],
    ['across the spring change itself (01:30 CET → 04:00 CEST)', '2027-03-28', '01:30', '2027-03-28T00:30:00.000Z', '2027-03-28T02:00:00.000Z'],
    ['midsummer', '2027-06-24', '13:15', '2027-06-24T11:15:00.000Z', '2027-06-24T12:45:00.000Z'],
  ])('puts a meeting in %s at the right instant', (_, date, time, start, end) => {
    const { event } = parse(meetingIcs(invitation({ start: { date, time } })));
    expect(utc(event.startDate)).toBe(start);
    expect(utc(event.endDate)).toBe(end);
  });

  it('refuses a local time that does not exist (the hour skipped in spring)', () => {
    expect(() => meetingIcs(invitation({ start: { date: '2027-03-28', time: '02:30' } }))).toThrow(/does not exist in Europe\/Stockholm/);
    expect(() => meetingIcs(invitation({ start: { date: '2027-3-28', time: '09:00' } }))).toThrow(/YYYY-MM-DD/);
    expect(() => meetingIcs(invitation({ durationMinutes: 0 }))).toThrow(/durationMinutes/);
  });

  it('an update keeps the UID, raises the SEQUENCE and replaces the event in a calendar', () => {
    const calendar = new Calendar();
    calendar.apply(meetingIcs(invitation()));
    expect(calendar.events()).toHaveLength(1);

    const moved = meetingIcs(invitation({ sequence: 1, start: { date: '2027-04-05', time: '13:00' }, location: 'Björkskolan, aulan' }));
    const { event } = parse(moved);
    expect(event.uid).toBe(`${programmeId}.kickoff@fullfolj`);
    expect(event.sequence).toBe(1);
    calendar.apply(moved);

    const [only, ...rest] = calendar.events();
    expect(rest).toEqual([]);
    expect(only.sequence).toBe(1);
    expect(utc(only.startDate)).toBe('2027-04-05T11:00:00.000Z');
    expect(only.location).toBe('Björkskolan, aulan');

    // An older version arriving late changes nothing.
    calendar.apply(meetingIcs(invitation({ sequence: 0 })));
    expect(utc(calendar.events()[0].startDate)).toBe('2027-04-05T11:00:00.000Z');
  });

  it('a cancel is METHOD:CANCEL with STATUS:CANCELLED and removes the event', () => {
    const calendar = new Calendar();
    calendar.apply(meetingIcs(invitation()));
    calendar.apply(meetingIcs(invitation({ sequence: 1 })));
    const other = meetingIcs(invitation({ uid: meetingUid(programmeId, 'closing'), start: { date: '2027-11-23', time: '13:00' } }));
    calendar.apply(other);
    expect(calendar.events()).toHaveLength(2);

    const cancel = meetingIcs(invitation({ sequence: 2, method: 'CANCEL' }));
    const { method, vevent } = parse(cancel);
    expect(method).toBe('CANCEL');
    expect(vevent.getFirstPropertyValue('status')).toBe('CANCELLED');
    expect(cancel).not.toContain('RSVP=TRUE');
    calendar.apply(cancel);

    expect(calendar.events().map((e) => e.uid)).toEqual([`${programmeId}.closing@fullfolj`]);
  });

  it('derives the UID from programme and meeting key, the same every time', () => {
    expect(meetingUid(programmeId, 'team-1')).toBe(`${programmeId}.team-1@fullfolj`);
    expect(meetingUid(programmeId, 'team 1')).toBe(`${programmeId}.team=201@fullfolj`);
    expect(meetingIcs(invitation())).toBe(meetingIcs(invitation()));
  });
});
