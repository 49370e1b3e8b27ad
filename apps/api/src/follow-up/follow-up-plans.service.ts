import { Injectable, NotFoundException } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { Principal } from '@fullfolj/contracts';
import { FollowUpPlanRow, FollowUpRepository, PeopleRepository, PlanMemberRole, PlanMemberRow } from '@fullfolj/database';
import { foldKey, type PlanInfo } from '@fullfolj/domain';
import { CodedException, FieldConflictException, idUnavailable, InvalidInputException } from '../common/api-error';
import type { CreatePlanDto } from './dto/plan.dto';

export type PlanView = FollowUpPlanRow;

export interface PlanMembersView {
  planId: string;
  members: PlanMemberRow[];
  /** Whether the caller may import and change the plan (an owner or editor). */
  canEdit: boolean;
  /** Whether the caller may add and remove editors (an owner, or an administrator). */
  canManage: boolean;
}

/** The refusal for linking to a programme one does not own: the same whether or not the programme exists. */
const notProgrammeOwner = () =>
  new CodedException(403, 'programme_owner_required', 'only an owner of the programme may link a plan to it');

@Injectable()
export class FollowUpPlansService {
  constructor(
    private readonly repository: FollowUpRepository,
    private readonly people: PeopleRepository,
  ) {}

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
    if (errors.length > 0) throw new InvalidInputException(errors.filter((e, i, all) => all.findIndex((x) => x.field === e.field) === i));
    const programmeId = dto.programmeId?.toLowerCase() ?? null;
    if (programmeId && !(await this.repository.isProgrammeOwner(programmeId, principal.personId))) throw notProgrammeOwner();

    const row = {
      id: dto.id ?? randomUUID(),
      name: dto.name.trim(),
      municipality: dto.municipality.trim(),
      year: dto.year,
      boards: dto.boards.map((b) => ({ code: b.code.trim(), name: b.name.trim() })),
      programmeId,
      createdBy: principal.personId,
    };
    const created = await this.repository.insertPlan(row);
    const plan = (await this.repository.findPlan(row.id))!;
    if (!created) {
      // Someone else's plan id: the same refusal as a different plan, so nothing of theirs shows.
      if (!(await this.repository.memberRole(row.id, principal.personId))) throw idUnavailable();
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

  /** The plans I own or edit, or read through a role in their programme; no foreign programme ids. */
  list(principal: Principal) {
    return this.repository.listPlansFor(principal.personId);
  }

  /** A plan; its programme id only to members and people with a role in that programme. */
  async view(id: string, principal: Principal): Promise<PlanView> {
    const plan = await this.get(id);
    if (plan.programmeId && !(await this.repository.memberRole(id, principal.personId)) && !(await this.repository.hasProgrammeRole(plan.programmeId, principal.personId))) {
      return { ...plan, programmeId: null, linkedBy: null };
    }
    return plan;
  }

  async get(id: string): Promise<PlanView> {
    const plan = await this.repository.findPlan(id);
    if (!plan) throw new NotFoundException(`follow-up plan ${id} does not exist`);
    return plan;
  }

  /** 404 for an unknown plan, 403 unless the person owns or edits it. */
  async requireEditor(planId: string, principal: Principal): Promise<PlanView> {
    const plan = await this.get(planId);
    if (!(await this.repository.memberRole(planId, principal.personId))) {
      throw new CodedException(403, 'plan_editor_required', 'only an owner or editor of this follow-up plan may change it');
    }
    return plan;
  }

  /** 404 for an unknown plan, 403 unless the person owns it (approving analyses and period reports). */
  async requireOwner(planId: string, principal: Principal): Promise<PlanView> {
    const plan = await this.get(planId);
    if ((await this.repository.memberRole(planId, principal.personId)) !== 'owner') {
      throw new CodedException(403, 'plan_owner_required', 'only an owner of this follow-up plan may approve');
    }
    return plan;
  }

  async members(planId: string, principal: Principal): Promise<PlanMembersView> {
    await this.get(planId);
    const members = await this.repository.members(planId);
    const mine: PlanMemberRole | undefined = members.find((m) => m.personId === principal.personId)?.role;
    return { planId, members, canEdit: mine !== undefined, canManage: mine === 'owner' || principal.isAdmin };
  }

  async addEditor(planId: string, personId: string, principal: Principal): Promise<PlanMembersView> {
    await this.requireManager(planId, principal);
    if (!(await this.people.exists(personId))) throw new InvalidInputException([{ field: 'personId', code: 'person_not_found', message: 'is no person' }]);
    if (!(await this.repository.addEditor(planId, personId, principal.personId))) {
      throw new FieldConflictException('personId', 'is an owner or editor of this plan already', 'already_member');
    }
    return this.members(planId, principal);
  }

  async removeEditor(planId: string, personId: string, principal: Principal): Promise<void> {
    await this.requireManager(planId, principal);
    if (!(await this.repository.removeEditor(planId, personId, principal.personId))) {
      throw new NotFoundException(`that person is not an editor of follow-up plan ${planId} (owners cannot be removed)`);
    }
  }

  /** Links the plan to a programme I own, or unlinks it (null); I must own or edit the plan. */
  async link(planId: string, programmeId: string | null, principal: Principal): Promise<PlanView> {
    await this.requireEditor(planId, principal);
    if (programmeId && !(await this.repository.isProgrammeOwner(programmeId, principal.personId))) throw notProgrammeOwner();
    await this.repository.linkProgramme(planId, programmeId, principal.personId);
    return this.get(planId);
  }

  private async requireManager(planId: string, principal: Principal): Promise<void> {
    await this.get(planId);
    if (!principal.isAdmin && (await this.repository.memberRole(planId, principal.personId)) !== 'owner') {
      throw new CodedException(403, 'plan_owner_required', 'only an owner of this follow-up plan (or an administrator) may change its editors');
    }
  }
}

export function planInfo(plan: FollowUpPlanRow): PlanInfo {
  return { id: plan.id, name: plan.name, municipality: plan.municipality, year: plan.year, boards: plan.boards };
}
