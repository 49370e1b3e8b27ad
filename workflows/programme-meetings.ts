import { patched, proxyActivities, setHandler } from '@temporalio/workflow';
import type { Activities } from '@fullfolj/activities';
import { MeetingState, programmeUpdates, type CancelMeetingInput, type MoveMeetingInput } from '@fullfolj/contracts';
import { isLocalTime } from '@fullfolj/domain/calendar/stockholm-time';
import { PATCH_MEETING_INVITATIONS, PATCH_MINUTES_FOLLOW_MEETING, ProgrammeContext, reject } from './programme-context';

// Mail waits in the outbox and is retried while SMTP is down.
const { sendMeetingInvitations } = proxyActivities<Activities>({
  startToCloseTimeout: '2 minutes',
  retry: { initialInterval: '5 seconds', backoffCoefficient: 2, maximumInterval: '10 minutes' },
});

const DEFAULT_MEETING_TIME = '09:00';
const DEFAULT_MEETING_MINUTES = 120;

export interface Meetings {
  /** When a phase opens, its meetings' participants get invitations (with an iCalendar part). */
  inviteToMeetings(phaseKey: string): Promise<void>;
}

/**
 * Meetings (möten) of the programme: invited when their phase opens, moved (with a reason;
 * the minutes' deadline follows) or cancelled, each change sent to the participants.
 */
export function installMeetings(ctx: ProgrammeContext): Meetings {
  const { def, state, emit } = ctx;

  state.meetings ??= def.meetings.map((m) => ({
    key: m.key,
    phaseKey: m.phaseKey,
    date: m.date,
    startTime: m.startTime ?? DEFAULT_MEETING_TIME,
    durationMinutes: m.durationMinutes ?? DEFAULT_MEETING_MINUTES,
    sequence: 0,
    status: 'planned' as const,
  }));
  const meetings = state.meetings;
  const meeting = (key: string): MeetingState => {
    const found = meetings.find((m) => m.key === key);
    if (!found) throw reject('notFound', { code: 'not_found', message: `meeting ${key} is not part of this programme` });
    return found;
  };
  const minutesOf = (meetingKey: string) => state.assignments.find((a) => a.kind === 'minutes' && a.templateKey === `${meetingKey}/minutes`);
  const invite = (m: MeetingState, previous: { date: string; time: string } | null = null, reason: string | null = null) =>
    sendMeetingInvitations({
      programmeId: def.programmeId,
      meetingKey: m.key,
      date: m.date,
      startTime: m.startTime,
      durationMinutes: m.durationMinutes,
      sequence: m.sequence,
      method: m.status === 'cancelled' ? 'CANCEL' : 'REQUEST',
      previous,
      reason,
    });

  setHandler(
    programmeUpdates.moveMeeting,
    async ({ actorId, meetingKey, date, startTime, reason, minutesDueDate }: MoveMeetingInput) => {
      const m = meeting(meetingKey);
      const previous = { date: m.date, time: m.startTime };
      m.date = date;
      m.startTime = startTime ?? m.startTime;
      m.sequence += 1;
      await emit('meeting_moved', { meetingKey, from: previous, to: { date: m.date, time: m.startTime }, sequence: m.sequence, reason: reason.trim() }, actorId, meetingKey);
      if (m.status === 'invited') await invite(m, previous);
      // The minutes' deadline follows the meeting (programmes moved before this replay without it).
      if (minutesDueDate && patched(PATCH_MINUTES_FOLLOW_MEETING)) {
        const minutes = minutesOf(meetingKey);
        if (minutes && !minutes.completedAt && minutes.dueDate !== minutesDueDate) {
          const from = minutes.dueDate;
          minutes.dueDate = minutesDueDate;
          await emit(
            'deadline_moved',
            { assignmentId: minutes.id, from, to: minutesDueDate, original: minutes.originalDueDate, reason: reason.trim(), meetingKey },
            actorId,
            minutes.id,
          );
          await ctx.tellReminders(minutes.id, { dueDate: minutesDueDate, actorId });
        }
      }
      return m;
    },
    {
      validator: ({ meetingKey, date, startTime, reason, minutesDueDate }: MoveMeetingInput) => {
        ctx.requireProgrammeOpen();
        const m = meeting(meetingKey);
        if (m.status === 'cancelled') throw reject('conflict', { code: 'meeting_cancelled', message: `meeting ${meetingKey} is cancelled` });
        ctx.requireDate('date', date);
        if (minutesDueDate != null) ctx.requireDate('minutesDueDate', minutesDueDate);
        if (startTime != null && !isLocalTime(startTime)) throw reject('invalid', { field: 'startTime', code: 'must_be_time', message: 'must be a time HH:mm' });
        if (!reason?.trim()) throw reject('invalid', { field: 'reason', code: 'reason_required', message: 'moving a meeting needs a reason' });
        if (m.date === date && (startTime == null || startTime === m.startTime)) {
          throw reject('conflict', { field: 'date', code: 'already_scheduled', message: 'the meeting is already then' });
        }
      },
    },
  );

  setHandler(
    programmeUpdates.cancelMeeting,
    async ({ actorId, meetingKey, reason }: CancelMeetingInput) => {
      const m = meeting(meetingKey);
      const wasInvited = m.status === 'invited';
      m.status = 'cancelled';
      m.sequence += 1;
      await emit('meeting_cancelled', { meetingKey, sequence: m.sequence, reason: reason.trim() }, actorId, meetingKey);
      if (wasInvited) await invite(m, null, reason.trim());
      return m;
    },
    {
      validator: ({ meetingKey, reason }: CancelMeetingInput) => {
        ctx.requireProgrammeOpen();
        if (meeting(meetingKey).status === 'cancelled') throw reject('conflict', { code: 'already_cancelled', message: `meeting ${meetingKey} is already cancelled` });
        if (!reason?.trim()) throw reject('invalid', { field: 'reason', code: 'reason_required', message: 'cancelling a meeting needs a reason' });
      },
    },
  );

  return {
    async inviteToMeetings(phaseKey: string) {
      if (!patched(PATCH_MEETING_INVITATIONS)) return;
      for (const m of meetings.filter((x) => x.phaseKey === phaseKey && x.status === 'planned')) {
        m.status = 'invited';
        await emit('meeting_invited', { meetingKey: m.key, date: m.date, startTime: m.startTime, sequence: m.sequence }, null, m.key);
        await invite(m);
      }
    },
  };
}
