// Prints the fault suite's table (one row per scenario, recorded by the scenarios in the
// results file) and makes the run fail unless every row keeps the mail promise: nothing
// lost, duplicates only from the acknowledgement window (the first copy's 250 never reached
// the client) and each under its own Message-ID, every acknowledged act in the audit trail
// exactly once; or if a scenario file recorded no row (it crashed before counting).
const { existsSync, readFileSync } = require('node:fs');
const path = require('node:path');

class FaultTableReporter {
  constructor(globalConfig) {
    this.rootDir = globalConfig.rootDir;
    this.error = undefined;
    this.scenarioFiles = [];
  }

  onTestResult(test) {
    if (test.path.endsWith('.fault-spec.ts')) this.scenarioFiles.push(test.path);
  }

  onRunComplete(_contexts, results) {
    const file = process.env.FULLFOLJ_FAULT_RESULTS;
    const rows = file && existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line)) : [];
    const acts = (r) => (r.acts ? `${r.acts.once}/${r.acts.acknowledged}` : '-');
    const actsBad = (r) => (r.acts ? r.acts.missing + r.acts.twice + (r.acts.acknowledged - r.acts.once) : 0);
    const broken = (r) => r.lost > 0 || r.otherDuplicates > 0 || r.newIdDuplicates > 0 || r.delivered !== r.sent || r.problems.length > 0 || actsBad(r) > 0;
    const header = ['scenario', 'sent', 'delivered', 'duplicates', 'window dup (allowed)', 'other dup', 'lost', 'new Message-ID dup', 'acts once/acked', 'seconds', 'result'];
    const body = rows.map((r) => [
      r.scenario,
      String(r.sent),
      String(r.delivered),
      String(r.duplicates),
      String(r.windowDuplicates),
      String(r.otherDuplicates),
      String(r.lost),
      String(r.newIdDuplicates),
      acts(r),
      r.seconds.toFixed(0),
      broken(r) ? 'FAIL' : 'ok',
    ]);
    const widths = header.map((h, i) => Math.max(h.length, ...body.map((row) => row[i].length)));
    const line = (cells) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join(' | ');
    const size = process.env.FAULTS_SIZE === 'ci' ? 'CI size' : 'full size';
    const seed = process.env.FAULTS_SEED ?? 'default';
    const out = ['', `Fault suite (${size}, FAULTS_SEED=${seed})`, line(header), widths.map((w) => '-'.repeat(w)).join('-|-'), ...body.map(line), ''];
    for (const r of rows) {
      out.push(`- ${r.scenario}: ${r.notes}`);
      for (const p of r.problems) out.push(`  PROBLEM: ${p}`);
    }
    const failures = [];
    for (const r of rows) {
      if (r.lost > 0) failures.push(`${r.scenario}: ${r.lost} lost`);
      if (r.otherDuplicates > 0) failures.push(`${r.scenario}: ${r.otherDuplicates} duplicate(s) outside the acknowledgement window`);
      if (r.newIdDuplicates > 0) failures.push(`${r.scenario}: ${r.newIdDuplicates} duplicate(s) under a new Message-ID`);
      if (r.delivered !== r.sent && r.lost === 0) failures.push(`${r.scenario}: ${r.delivered} of ${r.sent} delivered`);
      if (r.acts && r.acts.missing > 0) failures.push(`${r.scenario}: ${r.acts.missing} acknowledged act(s) missing from the audit trail`);
      if (r.acts && r.acts.twice > 0) failures.push(`${r.scenario}: ${r.acts.twice} act(s) in the audit trail more than once`);
      if (r.problems.length > 0) failures.push(`${r.scenario}: ${r.problems.length} problem(s)`);
    }
    const recorded = new Set(rows.map((r) => r.file));
    const silent = this.scenarioFiles.filter((f) => !recorded.has(f));
    for (const f of silent) failures.push(`${path.relative(this.rootDir, f)} recorded no row (crashed before counting; see above)`);
    if (results.numFailedTests > 0 || results.numRuntimeErrorTestSuites > 0) failures.push(`${results.numFailedTests} failed test(s), ${results.numRuntimeErrorTestSuites} suite(s) that did not run`);
    const windowTotal = rows.reduce((sum, r) => sum + r.windowDuplicates, 0);
    out.push(
      '',
      failures.length === 0
        ? `fault suite: OK (${rows.length} scenarios: nothing lost, ${windowTotal} duplicate(s), all from the acknowledgement window under the same Message-ID, every acknowledged act once)`
        : `fault suite: FAILED\n  ${failures.join('\n  ')}`,
      '',
    );
    process.stdout.write(`${out.join('\n')}\n`);
    if (failures.length > 0) this.error = new Error(failures.join('; '));
  }

  getLastError() {
    return this.error;
  }
}

module.exports = FaultTableReporter;
