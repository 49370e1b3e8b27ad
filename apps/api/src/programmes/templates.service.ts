import path from 'node:path';
import { ConflictException, Injectable, Logger, NotFoundException, OnModuleInit } from '@nestjs/common';
import { parseProgrammeTemplate, ProgrammeTemplate } from '@fullfolj/domain';
import { loadTemplates } from '@fullfolj/domain/node';
import { TemplateRepository, TemplateRow } from '@fullfolj/database';
import { projectRoot } from '@fullfolj/runtime';
import { InvalidInputException } from '../common/api-error';

export interface TemplateView {
  id: string;
  version: number;
  source: 'shipped' | 'custom';
  definition: ProgrammeTemplate;
}

/** Templates are versioned data; a stored version never changes, so running programmes keep theirs. */
@Injectable()
export class TemplatesService implements OnModuleInit {
  private readonly logger = new Logger(TemplatesService.name);

  constructor(private readonly templates: TemplateRepository) {}

  /** The shipped templates (templates/*.yaml) are stored at start; existing versions are left as they are. */
  async onModuleInit(): Promise<void> {
    const shipped = await loadTemplates(path.join(projectRoot(), 'templates'));
    for (const template of shipped) {
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

  async create(definition: unknown, createdBy: string): Promise<TemplateView> {
    const parsed = parseProgrammeTemplate(definition);
    if (!parsed.ok) {
      throw new InvalidInputException(parsed.issues.map((i) => ({ field: i.path || '(template)', message: i.message })));
    }
    const template = parsed.template;
    const versions = await this.templates.versions(template.id);
    const latest = versions.length > 0 ? Math.max(...versions) : 0;
    if (template.version <= latest) {
      throw new ConflictException(`template ${template.id} already has version ${latest}; a new version must be ${latest + 1} or higher`);
    }
    if (!(await this.templates.insert({ id: template.id, version: template.version, definition: template, source: 'custom', createdBy }))) {
      throw new ConflictException(`template ${template.id} version ${template.version} was just added by someone else`);
    }
    return this.get(template.id, template.version);
  }
}

function view(row: TemplateRow): TemplateView {
  return { id: row.id, version: row.version, source: row.source, definition: row.definition as ProgrammeTemplate };
}
