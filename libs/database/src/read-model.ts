import { DataSource } from 'typeorm';
import { dataSourceOptions } from './data-source';
import { ProgrammeProjectionRepository } from './programme-projection.repository';

/**
 * The programme read model: tables derived from `programme_event` by the one fold
 * (`applyEvent`), written only by ProgrammeProjectionRepository. They can be emptied and
 * rebuilt at any time (`npm run rebuild-read-model`); a backup need not be trusted for them.
 *
 * Everything else is source of truth and must come from a backup: programme_event (the
 * append-only log), programme_template, person and its sign-in tables (local_credential,
 * person_identity, api_token, auth_session, password_reset, scim_user, scim_token,
 * saml_request, saml_assertion, sign_in_throttle), template_owner, the follow-up tables
 * (follow_up_plan, follow_up_plan_member, follow_up_import, follow_up_activity,
 * follow_up_event), mail_outbox, person_erasure and programme_retention (re-applied over
 * every rebuild), security_audit, idempotency_key and schema_migrations.
 */
export const READ_MODEL_TABLES = ['programme', 'programme_phase', 'programme_meeting', 'assignment', 'programme_role', 'gate_round', 'gate_decision'] as const;

export interface RebuildProgress {
  done: number;
  total: number;
  failed: number;
}

export interface RebuildSummary {
  programmes: number;
  rebuilt: number;
  events: number;
  failures: Array<{ programmeId: string; error: string }>;
  elapsedMs: number;
}

export class PendingMigrationsError extends Error {
  constructor(readonly pending: string[]) {
    super(`the schema is not up to date (pending: ${pending.join(', ')}); run \`npm run migrate\` first`);
  }
}

/** The committed migrations not yet applied to the database (all of them on an empty one). */
export async function pendingMigrations(dataSource: DataSource): Promise<string[]> {
  const [table] = await dataSource.query<Array<{ exists: boolean }>>(`SELECT to_regclass('schema_migrations') IS NOT NULL AS exists`);
  const applied = new Set(
    table.exists ? (await dataSource.query<Array<{ name: string }>>(`SELECT name FROM schema_migrations`)).map((r) => r.name) : [],
  );
  return dataSource.migrations.map((m) => m.name ?? m.constructor.name).filter((name) => !applied.has(name));
}

/**
 * Rebuilds every programme that has events, `batchSize` programme ids at a time (keyset, so
 * programmes started meanwhile are picked up), each in its own transaction under the
 * programme's lock, so it can run while workflows keep writing. One programme failing does
 * not stop the others; it is reported in the summary.
 */
export async function rebuildAllProgrammes(
  projection: ProgrammeProjectionRepository,
  options: { batchSize?: number; onProgress?: (progress: RebuildProgress) => void } = {},
): Promise<RebuildSummary> {
  const started = Date.now();
  const batchSize = options.batchSize ?? 100;
  const total = await projection.countProgrammesWithEvents();
  const summary: RebuildSummary = { programmes: 0, rebuilt: 0, events: 0, failures: [], elapsedMs: 0 };
  let after: string | null = null;
  for (;;) {
    const ids = await projection.programmesWithEvents(after, batchSize);
    if (ids.length === 0) break;
    for (const programmeId of ids) {
      summary.programmes += 1;
      try {
        const view = await projection.rebuild(programmeId);
        summary.rebuilt += 1;
        summary.events += view.seq;
      } catch (error) {
        summary.failures.push({ programmeId, error: error instanceof Error ? error.message : String(error) });
      }
    }
    after = ids[ids.length - 1];
    options.onProgress?.({ done: summary.programmes, total: Math.max(total, summary.programmes), failed: summary.failures.length });
  }
  summary.elapsedMs = Date.now() - started;
  return summary;
}

/** What `npm run rebuild-read-model` does: refuses an unmigrated schema, then rebuilds everything. */
export async function rebuildReadModel(
  url: string,
  options: { batchSize?: number; onProgress?: (progress: RebuildProgress) => void } = {},
): Promise<RebuildSummary> {
  const dataSource = await new DataSource(dataSourceOptions(url, { extra: { max: 2, connectionTimeoutMillis: 5000 } })).initialize();
  try {
    const pending = await pendingMigrations(dataSource);
    if (pending.length > 0) throw new PendingMigrationsError(pending);
    return await rebuildAllProgrammes(new ProgrammeProjectionRepository(dataSource), options);
  } finally {
    await dataSource.destroy();
  }
}
