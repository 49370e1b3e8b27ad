import { Injectable, NotFoundException } from '@nestjs/common';
import type { Principal } from '@fullfolj/contracts';
import { FollowUpPlanTransaction, FollowUpRepository } from '@fullfolj/database';
import {
  commentChange,
  compareLocalDates,
  deadlineChange,
  formatDue,
  FollowUpHistory,
  parseDue,
  parseFollowUpStatus,
  statusChange,
  type ActivityChange,
  type ActivityState,
  type LocalDate,
} from '@fullfolj/domain';
import { FieldConflictException, invalidField } from '../common/api-error';
import type { MoveActivityDeadlineDto, RecordActivityStatusDto, RecordCommentDto } from './dto/activity.dto';
import { FollowUpPlansService } from './follow-up-plans.service';
import { stockholmToday } from './stockholm-today';

export interface ActivityChangeResult {
  activity: ActivityState & { dueLabel: string };
  effectiveOn: LocalDate;
  /** The changes recorded; empty when the request changed nothing. */
  changes: ActivityChange[];
}

/** Changes to one activity, each written as history in one transaction holding the plan's lock. */
@Injectable()
export class FollowUpChangesService {
  constructor(
    private readonly repository: FollowUpRepository,
    private readonly plans: FollowUpPlansService,
  ) {}

  recordStatus(planId: string, activityId: string, principal: Principal, dto: RecordActivityStatusDto) {
    const status = parseFollowUpStatus(dto.status);
    if (!status) throw invalidField('status', 'must be done, in_progress, remaining, paused or postponed (or Genomfört, Pågående, Kvarstår, Pausad, Förskjuten)');
    return this.change(planId, activityId, principal, dto.effectiveOn, (state) => [
      statusChange(state, status),
      dto.comment === undefined ? null : commentChange(state, normaliseComment(dto.comment)),
    ]);
  }

  recordComment(planId: string, activityId: string, principal: Principal, dto: RecordCommentDto) {
    return this.change(planId, activityId, principal, dto.effectiveOn, (state) => [commentChange(state, normaliseComment(dto.comment))]);
  }

  moveDeadline(planId: string, activityId: string, principal: Principal, dto: MoveActivityDeadlineDto) {
    return this.change(planId, activityId, principal, dto.effectiveOn, (state, planYear) => {
      const parsed = parseDue(dto.due, planYear);
      if (!parsed.ok) throw invalidField('due', parsed.reason);
      if (parsed.due === null) throw invalidField('due', 'is required');
      return [deadlineChange(state, parsed.due, dto.reason.trim())];
    });
  }

  private async change(
    planId: string,
    activityId: string,
    principal: Principal,
    effectiveOn: LocalDate | undefined,
    plan: (state: ActivityState, planYear: number) => Array<ActivityChange | null>,
  ): Promise<ActivityChangeResult> {
    await this.plans.requireEditor(planId, principal);
    const today = stockholmToday();
    const on = effectiveOn ?? today;
    if (compareLocalDates(on, today) > 0) throw invalidField('effectiveOn', `must not be in the future (today is ${today})`);
    const outcome = await this.repository.inPlanTransaction(planId, async (tx) => {
      const state = await currentState(tx, activityId);
      if (!state) throw new NotFoundException(`activity ${activityId} does not exist in follow-up plan ${planId}`);
      const year = tx.plan.year;
      const changes = plan(state, year).filter((c): c is ActivityChange => c !== null);
      if (changes.length === 0) return { state, changes, year };
      const last = await tx.lastEffectiveOn();
      if (last !== null && compareLocalDates(on, last) < 0) {
        throw new FieldConflictException('effectiveOn', `is before ${last}, the date of the plan's latest recorded change`);
      }
      await tx.appendEvents(changes.map((change) => ({ activityId, change, effectiveOn: on, actorId: principal.personId, importId: null })));
      return { state: (await currentState(tx, activityId))!, changes, year };
    });
    if (!outcome) throw new NotFoundException(`follow-up plan ${planId} does not exist`);
    const { state, year } = outcome.value;
    return {
      activity: { ...state, dueLabel: formatDue(state.due, year, state.moved && !(state.due?.postponed ?? false)) },
      effectiveOn: on,
      changes: outcome.value.changes,
    };
  }
}

function normaliseComment(comment: string | null): string | null {
  const trimmed = comment?.replace(/\r\n?/g, '\n').trim() ?? '';
  return trimmed === '' ? null : trimmed;
}

async function currentState(tx: FollowUpPlanTransaction, activityId: string): Promise<ActivityState | undefined> {
  const history = new FollowUpHistory();
  await tx.foldActivity(activityId, (e) => history.apply(e));
  return history.get(activityId);
}
