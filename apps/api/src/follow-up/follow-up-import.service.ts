import { Injectable, NotFoundException } from '@nestjs/common';
import { createHash, randomUUID } from 'node:crypto';
import type { Principal } from '@fullfolj/contracts';
import { FollowUpRepository, NewFollowUpEvent } from '@fullfolj/database';
import { changesFromImport, compareLocalDates, FollowUpHistory, parseFollowUpTable, type LocalDate } from '@fullfolj/domain';
import { FieldConflictException, invalidField } from '../common/api-error';
import { ImportRejectedException } from './follow-up-errors';
import { FollowUpPlansService } from './follow-up-plans.service';
import { stockholmToday } from './stockholm-today';
import { readTable, type UploadedTable } from './table-reader';

export interface ImportResult {
  planId: string;
  /** Null when the file changed nothing (nothing is recorded then, not even the import). */
  importId: string | null;
  asOf: LocalDate;
  format: 'csv' | 'xlsx';
  sheet: string | null;
  headerRow: number;
  /** Activity rows read. */
  rows: number;
  created: number;
  changed: number;
  unchanged: number;
  /** Changes recorded (one per field that changed). */
  changes: number;
  /** Activities of the plan that this file does not mention (left as they are). */
  notInFile: number;
  ignoredColumns: string[];
}

/**
 * Imports a follow-up table into a plan: all or nothing, in one transaction holding the
 * plan's lock. Rows are matched to activities by natural key (hierarchy, activity text,
 * occurrence); only real differences become history, effective on the table's date.
 */
@Injectable()
export class FollowUpImportService {
  constructor(
    private readonly repository: FollowUpRepository,
    private readonly plans: FollowUpPlansService,
  ) {}

  async import(planId: string, principal: Principal, file: UploadedTable | undefined, asOf: LocalDate): Promise<ImportResult> {
    // Before the file is read: only the plan's owners and editors import into it.
    const plan = await this.plans.requireEditor(planId, principal);
    if (!file) throw invalidField('file', 'is required (multipart/form-data, a CSV or XLSX file)');
    const today = stockholmToday();
    if (compareLocalDates(asOf, today) > 0) throw invalidField('asOf', `must not be in the future (today is ${today})`);

    const table = await readTable(file);
    const parsed = parseFollowUpTable(table.rows, { year: plan.year, boards: plan.boards });
    if (!parsed.ok) throw new ImportRejectedException(parsed.issues);
    const sha256 = createHash('sha256').update(file.buffer).digest('hex');

    const present = { status: parsed.columns.includes('status'), comment: parsed.columns.includes('comment') };
    const outcome = await this.repository.inPlanTransaction(planId, async (tx) => {
      const history = new FollowUpHistory();
      await tx.fold((e) => history.apply(e));
      const keys = await tx.activityKeys();
      const inFile = new Set<string>();
      const newActivities: Array<{ id: string; naturalKey: string }> = [];
      const events: Omit<NewFollowUpEvent, 'importId'>[] = [];
      let created = 0;
      let changed = 0;
      for (const row of parsed.activities) {
        let id = keys.get(row.naturalKey);
        const changes = changesFromImport(id ? history.get(id) : undefined, row, present);
        if (!id) {
          id = randomUUID();
          newActivities.push({ id, naturalKey: row.naturalKey });
          created += 1;
        } else if (changes.length > 0) changed += 1;
        inFile.add(id);
        for (const change of changes) events.push({ activityId: id, change, effectiveOn: asOf, actorId: principal.personId });
      }
      const base = {
        planId,
        asOf,
        format: table.format,
        sheet: table.sheet,
        headerRow: parsed.headerRow,
        rows: parsed.activities.length,
        created,
        changed,
        unchanged: parsed.activities.length - created - changed,
        changes: events.length,
        notInFile: [...keys.values()].filter((id) => !inFile.has(id)).length,
        ignoredColumns: [...parsed.ignoredColumns],
      };
      if (events.length === 0) return { ...base, importId: null };

      // History only grows forward: a table may not rewrite what was recorded for later dates.
      const last = await tx.lastEffectiveOn();
      if (last !== null && compareLocalDates(asOf, last) < 0) {
        throw new FieldConflictException('asOf', `is before ${last}, the date of the plan's latest recorded change; import a table as of ${last} or later`);
      }
      const importId = randomUUID();
      await tx.insertImport({
        id: importId,
        fileName: file.originalname ? file.originalname.slice(0, 500) : null,
        format: table.format,
        sha256,
        asOf,
        rows: base.rows,
        created,
        changed,
        unchanged: base.unchanged,
        actorId: principal.personId,
      });
      await tx.insertActivities(newActivities);
      await tx.appendEvents(events.map((e) => ({ ...e, importId })));
      return { ...base, importId };
    });
    if (!outcome) throw new NotFoundException(`follow-up plan ${planId} does not exist`);
    return outcome.value;
  }
}
