import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/**
 * What the indicator reminder activities read besides the indicator itself
 * (IndicatorRepository.reminderTarget) and the people (NotificationRepository.recipients).
 */
@Injectable()
export class IndicatorNotificationRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** The plan's owners (follow_up_plan_member role 'owner'): who hears when a value is overdue. In the order they became owners. */
  async planOwnerIds(planId: string): Promise<string[]> {
    const rows = await this.dataSource.query<Array<{ personId: string }>>(
      `SELECT person_id AS "personId" FROM follow_up_plan_member WHERE plan_id = $1 AND role = 'owner' ORDER BY added_at, person_id`,
      [planId],
    );
    return rows.map((r) => r.personId);
  }
}
