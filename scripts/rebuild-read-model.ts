/**
 * `npm run rebuild-read-model`: rebuilds every programme's read model from its events with
 * the one fold (after restoring a backup, after a change to the fold, or when read-model rows
 * were lost). Reads DATABASE_URL; refuses a schema with pending migrations (`npm run migrate`
 * first). Each programme is rebuilt in its own transaction under its lock, in batches, so the
 * API and worker may keep running. Exits 1 when any programme failed.
 *
 * Read model (derived, may be truncated and rebuilt): programme, programme_phase,
 * programme_meeting, assignment, programme_role, gate_round, gate_decision.
 * Source of truth (never rebuilt, restore it from a backup): programme_event,
 * programme_template, person and its sign-in tables (local_credential, person_identity,
 * api_token, auth_session, password_reset, scim_user, scim_token, saml_request,
 * saml_assertion, sign_in_throttle), template_owner, the follow-up tables, mail_outbox,
 * person_erasure and programme_retention (erasures and retention are re-applied over every
 * rebuilt programme), security_audit, idempotency_key, schema_migrations.
 * Times of writing (created_at, a never-changed assignment's updated_at) become the rebuild's
 * time; the API shows none of them.
 */
import { loadConfig, redactUrl } from '@fullfolj/config';
import { rebuildReadModel } from '@fullfolj/database';

async function main(): Promise<number> {
  const url = loadConfig().database.url;
  if (!url) throw new Error('DATABASE_URL is not set');
  console.log(`rebuilding the read model of ${redactUrl(url)} …`);
  const summary = await rebuildReadModel(url, {
    onProgress: ({ done, total, failed }) => console.log(`  ${done}/${total} programmes${failed > 0 ? `, ${failed} failed` : ''}`),
  });
  for (const f of summary.failures) console.error(`  failed: programme ${f.programmeId}: ${f.error}`);
  console.log(
    `rebuilt ${summary.rebuilt} of ${summary.programmes} programmes (${summary.events} events) in ${(summary.elapsedMs / 1000).toFixed(1)} s` +
      (summary.failures.length > 0 ? `; ${summary.failures.length} failed` : ''),
  );
  return summary.failures.length > 0 ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
