import { Injectable, NotFoundException } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { Principal } from '@fullfolj/contracts';
import { FollowUpPlanRow, FollowUpRepository } from '@fullfolj/database';
import { foldKey, type PlanInfo } from '@fullfolj/domain';
import { FieldConflictException, InvalidInputException } from '../common/api-error';
import type { CreatePlanDto } from './dto/plan.dto';

export type PlanView = FollowUpPlanRow;

@Injectable()
export class FollowUpPlansService {
  constructor(private readonly repository: FollowUpRepository) {}

  /** Creates a plan; repeating the request with the same id returns the same plan (created: false). */
  async create(principal: Principal, dto: CreatePlanDto): Promise<{ created: boolean; plan: PlanView }> {
    const errors: Array<{ field: string; message: string }> = [];
    const seen = new Map<string, number>();
    dto.boards.forEach((b, i) => {
      for (const key of [foldKey(b.code), foldKey(b.name)]) {
        const before = seen.get(key);
        if (before !== undefined && before !== i) errors.push({ field: `boards[${i}].code`, message: `repeats the board in boards[${before}]` });
        else seen.set(key, i);
      }
    });
    if (dto.programmeId && !(await this.repository.programmeExists(dto.programmeId))) errors.push({ field: 'programmeId', message: 'no such programme' });
    if (errors.length > 0) throw new InvalidInputException(errors.filter((e, i, all) => all.findIndex((x) => x.field === e.field) === i));

    const row = {
      id: dto.id ?? randomUUID(),
      name: dto.name.trim(),
      municipality: dto.municipality.trim(),
      year: dto.year,
      boards: dto.boards.map((b) => ({ code: b.code.trim(), name: b.name.trim() })),
      programmeId: dto.programmeId ?? null,
      createdBy: principal.personId,
    };
    const created = await this.repository.insertPlan(row);
    const plan = (await this.repository.findPlan(row.id))!;
    if (!created) {
      const same =
        plan.name === row.name &&
        plan.municipality === row.municipality &&
        plan.year === row.year &&
        plan.programmeId === row.programmeId &&
        JSON.stringify(plan.boards) === JSON.stringify(row.boards);
      if (!same) throw new FieldConflictException('id', 'is already used by a different plan');
    }
    return { created, plan };
  }

  list() {
    return this.repository.listPlans();
  }

  async get(id: string): Promise<PlanView> {
    const plan = await this.repository.findPlan(id);
    if (!plan) throw new NotFoundException(`follow-up plan ${id} does not exist`);
    return plan;
  }
}

export function planInfo(plan: FollowUpPlanRow): PlanInfo {
  return { id: plan.id, name: plan.name, municipality: plan.municipality, year: plan.year, boards: plan.boards };
}
