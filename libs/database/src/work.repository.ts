import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/** One open item waiting for a person: an assignment (or report, minutes) or a gate decision. */
export interface WorkItemRow {
  kind: 'assignment' | 'report' | 'minutes' | 'gate';
  programmeId: string;
  programmeName: string;
  /** The assignment's id, or the phase key for a gate. */
  id: string;
  phaseKey: string;
  title: string;
  dueDate: string;
  /** The assignment's status, or `open` for a gate waiting for the person's decision. */
  status: string;
  comment: string | null;
}

/** What is waiting for one person across every programme ("my work"). */
@Injectable()
export class WorkRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Open items, nearest due date first: the person's uncompleted assignments, and the open
   * gate rounds they are a member of and have not decided in yet. Gate titles are the
   * phase's name in the person's language. A completed programme's items are left out: nobody
   * is chased for them any more, though they stay in its reports.
   */
  openFor(personId: string, language: 'sv' | 'en', limit: number): Promise<WorkItemRow[]> {
    return this.dataSource.query<WorkItemRow[]>(
      `SELECT kind, "programmeId", "programmeName", id, "phaseKey", title, to_char(due, 'YYYY-MM-DD') AS "dueDate", status, comment
         FROM (
           SELECT a.kind, a.programme_id AS "programmeId", p.name AS "programmeName", a.id::text AS id, a.phase_key AS "phaseKey",
                  a.title, a.due_date AS due, a.status, a.comment
             FROM assignment a JOIN programme p ON p.id = a.programme_id
            WHERE a.responsible_id = $1 AND a.completed_at IS NULL AND p.status <> 'completed'
           UNION ALL
           SELECT 'gate', g.programme_id, p.name, g.phase_key, g.phase_key, COALESCE(ph.name ->> $2, ph.name ->> 'sv'), g.due_date, 'open', NULL
             FROM gate_round g
             JOIN programme p ON p.id = g.programme_id
             JOIN programme_phase ph ON ph.programme_id = g.programme_id AND ph.key = g.phase_key
            WHERE g.status = 'open' AND g.members @> ARRAY[$1::uuid] AND p.status <> 'completed'
              AND NOT EXISTS (SELECT 1 FROM gate_decision d
                               WHERE d.programme_id = g.programme_id AND d.phase_key = g.phase_key AND d.round = g.round AND d.person_id = $1)
         ) work
        ORDER BY due, "programmeName", title, id
        LIMIT $3`,
      [personId, language, limit],
    );
  }
}
