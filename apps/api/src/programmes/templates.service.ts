import path from 'node:path';
import { ConflictException, Injectable, Logger, NotFoundException, OnModuleInit } from '@nestjs/common';
import type { Principal } from '@fullfolj/contracts';
import { parseProgrammeTemplate, ProgrammeTemplate } from '@fullfolj/domain';
import { loadTemplates } from '@fullfolj/domain/node';
import { PeopleRepository, TemplateOwnerRow, TemplateRepository, TemplateRow } from '@fullfolj/database';
import { projectRoot } from '@fullfolj/runtime';
import { CodedException, FieldConflictException, InvalidInputException } from '../common/api-error';

export interface TemplateView {
  id: string;
  version: number;
  source: 'shipped' | 'custom';
  definition: ProgrammeTemplate;
}

export interface TemplateOwnersView {
  templateId: string;
  /** Shipped templates belong to Fullfölj: nobody publishes under their ids. */
  reserved: boolean;
  owners: TemplateOwnerRow[];
  /** Whether the caller may publish a new version. */
  canPublish: boolean;
  /** Whether the caller may add and remove co-owners (the owner, or an administrator). */
  canManage: boolean;
}

/** Templates are versioned data; a stored version never changes, so running programmes keep theirs. */
@Injectable()
export class TemplatesService implements OnModuleInit {
  private readonly logger = new Logger(TemplatesService.name);

  /** Ids of the templates in templates/: reserved, so nobody can publish a version that new programmes would pick. */
  private readonly shippedIds = new Set<string>();

  constructor(
    private readonly templates: TemplateRepository,
    private readonly people: PeopleRepository,
  ) {}

  /** The shipped templates (templates/*.yaml) are stored at start; existing versions are left as they are. */
  async onModuleInit(): Promise<void> {
    const shipped = await loadTemplates(path.join(projectRoot(), 'templates'));
    for (const template of shipped) {
      this.shippedIds.add(template.id);
      if (await this.templates.insert({ id: template.id, version: template.version, definition: template, source: 'shipped' })) {
        this.logger.log(`stored shipped template ${template.id} v${template.version}`);
      }
    }
  }

  async list(): Promise<TemplateView[]> {
    return (await this.templates.latest()).map(view);
  }

  async get(id: string, version?: number): Promise<TemplateView> {
    const row = await this.templates.find(id, version);
    if (!row) throw new NotFoundException(version ? `template ${id} has no version ${version}` : `template ${id} does not exist`);
    return view(row);
  }

  /**
   * Publishes a template (version 1: the caller becomes its owner) or its next version (owner
   * and co-owners only). Versions go up by one, so nobody can lock an id with version 1000000.
   */
  async create(definition: unknown, principal: Principal): Promise<TemplateView> {
    const parsed = parseProgrammeTemplate(definition);
    if (!parsed.ok) {
      throw new InvalidInputException(parsed.issues.map((i) => ({ field: i.path || '(template)', message: i.message })));
    }
    const template = parsed.template;
    if (await this.isReserved(template.id)) throw reserved(template.id);
    const versions = await this.templates.versions(template.id);
    const latest = versions.length > 0 ? Math.max(...versions) : 0;
    if (latest > 0 && !this.mayPublish(await this.templates.owners(template.id), principal)) {
      throw new CodedException(403, 'template_not_owner', `only the owner or a co-owner of template ${template.id} may publish a new version of it`);
    }
    if (template.version !== latest + 1) {
      const why = latest === 0 ? 'a new template starts at version 1' : `template ${template.id} has version ${latest}, so the next version must be ${latest + 1}`;
      throw new FieldConflictException('version', `must be ${latest + 1}: ${why}`, 'version_not_next');
    }
    if (!(await this.templates.publish({ id: template.id, version: template.version, definition: template, createdBy: principal.personId }))) {
      throw new ConflictException(`template ${template.id} version ${template.version} was just added by someone else`);
    }
    return this.get(template.id, template.version);
  }

  async owners(templateId: string, principal: Principal): Promise<TemplateOwnersView> {
    await this.get(templateId);
    const isReserved = await this.isReserved(templateId);
    const owners = isReserved ? [] : await this.templates.owners(templateId);
    return {
      templateId,
      reserved: isReserved,
      owners,
      canPublish: !isReserved && principal.canOwnProgrammes && this.mayPublish(owners, principal),
      canManage: !isReserved && this.mayManage(owners, principal),
    };
  }

  async addCoOwner(templateId: string, personId: string, principal: Principal): Promise<TemplateOwnersView> {
    await this.checkManage(templateId, principal);
    if (!(await this.people.exists(personId))) throw new InvalidInputException([{ field: 'personId', code: 'person_not_found', message: 'is no person' }]);
    if (!(await this.templates.addCoOwner(templateId, personId, principal.personId))) {
      throw new FieldConflictException('personId', 'already owns or co-owns this template', 'already_owner');
    }
    return this.owners(templateId, principal);
  }

  async removeCoOwner(templateId: string, personId: string, principal: Principal): Promise<void> {
    await this.checkManage(templateId, principal);
    if (!(await this.templates.removeCoOwner(templateId, personId, principal.personId))) {
      throw new NotFoundException(`that person is not a co-owner of template ${templateId} (the owner cannot be removed)`);
    }
  }

  private async checkManage(templateId: string, principal: Principal): Promise<void> {
    await this.get(templateId);
    if (await this.isReserved(templateId)) throw reserved(templateId);
    if (!this.mayManage(await this.templates.owners(templateId), principal)) {
      throw new CodedException(403, 'template_not_owner', `only the owner of template ${templateId} or an administrator may change its co-owners`);
    }
  }

  /** Owners and co-owners; a template without any (published before owners existed) only by administrators. */
  private mayPublish(owners: TemplateOwnerRow[], principal: Principal): boolean {
    if (owners.length === 0) return principal.isAdmin;
    return owners.some((o) => o.personId === principal.personId);
  }

  private mayManage(owners: TemplateOwnerRow[], principal: Principal): boolean {
    return principal.isAdmin || owners.some((o) => o.role === 'owner' && o.personId === principal.personId);
  }

  private async isReserved(templateId: string): Promise<boolean> {
    if (this.shippedIds.has(templateId)) return true;
    return (await this.templates.find(templateId, 1))?.source === 'shipped';
  }
}

function reserved(templateId: string): FieldConflictException {
  return new FieldConflictException('id', `${templateId} is the id of a template shipped with Fullfölj; choose another id`, 'template_id_reserved');
}

function view(row: TemplateRow): TemplateView {
  return { id: row.id, version: row.version, source: row.source, definition: row.definition as ProgrammeTemplate };
}
