import type { NotificationRepository } from '@fullfolj/database';
import { webLinks } from '@fullfolj/contracts';
import { meetingIcs, meetingUid, renderMail } from '@fullfolj/mail';
import { STEERING_ROLES } from '@fullfolj/domain';
import type { MailActivities } from './mail.activities';
import { sendThroughOutbox } from './recipients';

export interface MeetingDeps {
  notifications: Pick<NotificationRepository, 'meeting' | 'invitees' | 'invitee'>;
  mail: Pick<MailActivities, 'enqueueMail' | 'deliverMail'>;
  baseUrl: string;
}

export interface SendMeetingInput {
  programmeId: string;
  meetingKey: string;
  /** What the invitation says: the meeting as it is now (after a move, the new time). */
  date: string;
  startTime: string;
  durationMinutes: number;
  /** 0 for the first invitation; each change raises it, so calendars replace the event. */
  sequence: number;
  method: 'REQUEST' | 'CANCEL';
  previous?: { date: string; time: string } | null;
  reason?: string | null;
}

/** Template participant roles → the programme roles whose people are invited. */
const PARTICIPANT_ROLES: Record<string, readonly string[]> = {
  programme_owner: ['owner'],
  owner: ['owner'],
  steering_group: STEERING_ROLES,
  chair: ['steering_chair'],
  reference_group: ['reference'],
  officials: ['responsible'],
  secretary: ['secretary'],
  head_teachers: ['team_member'],
  development_team: ['team_member'],
  members: ['steering_member', 'team_member'],
  heads_of_education: ['team_member'],
  head_of_education_contact: ['team_member'],
  skr_process_leaders: [],
  boards: [],
};

/**
 * Meeting invitations with an iCalendar part (METHOD:REQUEST, a stable UID, a SEQUENCE
 * that rises with each change; METHOD:CANCEL to cancel), one outbox message per person
 * and version, so a retry never sends the same version twice.
 */
export function createMeetingActivities(deps: MeetingDeps) {
  return {
    async sendMeetingInvitations(input: SendMeetingInput): Promise<number> {
      const meeting = await deps.notifications.meeting(input.programmeId, input.meetingKey);
      if (!meeting) throw new Error(`no meeting ${input.meetingKey} in programme ${input.programmeId}`);
      const roles = [...new Set(meeting.participants.flatMap((p) => PARTICIPANT_ROLES[p] ?? []))];
      const invited = await deps.notifications.invitees(input.programmeId, roles);
      const organizer = await deps.notifications.invitee(meeting.ownerId);
      const link = webLinks(deps.baseUrl).programme(input.programmeId);
      const uid = meetingUid(input.programmeId, input.meetingKey);
      let sent = 0;
      for (const person of invited) {
        const lang = person.language === 'en' ? 'en' : 'sv';
        const mailMeeting = { name: meeting.name[lang], date: input.date, time: input.startTime, durationMinutes: input.durationMinutes };
        const common = { recipientName: person.name, programmeName: meeting.programme, link, meeting: mailMeeting, organizerName: organizer?.name ?? 'Fullfölj' };
        const mail =
          input.method === 'CANCEL'
            ? renderMail('meeting-cancelled', lang, { ...common, reason: input.reason ?? null })
            : input.sequence === 0
              ? renderMail('meeting-invitation', lang, common)
              : renderMail('meeting-update', lang, { ...common, previous: input.previous ?? null });
        const ics = meetingIcs({
          uid,
          sequence: input.sequence,
          method: input.method,
          title: `${meeting.name[lang]} – ${meeting.programme}`,
          description: mail.text,
          start: { date: input.date, time: input.startTime },
          durationMinutes: input.durationMinutes,
          organizer: { name: organizer?.name ?? 'Fullfölj', email: organizer?.email ?? 'no-reply@fullfolj.local' },
          attendees: invited.map((p) => ({ name: p.name, email: p.email })),
          url: link,
        });
        const key = `meeting:${input.programmeId}:${input.meetingKey}:s${input.sequence}:${person.id}`;
        const request = { key, to: person.email, subject: mail.subject, text: mail.text, html: mail.html, icalEvent: { method: input.method, content: ics } };
        if ((await sendThroughOutbox(deps.mail, request)).sentNow) sent++;
      }
      return sent;
    },
  };
}

export type MeetingActivities = ReturnType<typeof createMeetingActivities>;
