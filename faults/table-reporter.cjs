// Prints the fault suite's table (one row per scenario, recorded by the scenarios in the
// results file) and makes the run fail on any loss, duplicate, problem, or a scenario
// that did not record its row (it crashed before counting).
const { existsSync, readFileSync } = require('node:fs');

class FaultTableReporter {
  constructor() {
    this.error = undefined;
    this.scenarioFiles = 0;
  }

  onTestResult(test) {
    if (test.path.endsWith('.fault-spec.ts')) this.scenarioFiles++;
  }

  onRunComplete(_contexts, results) {
    const file = process.env.FULLFOLJ_FAULT_RESULTS;
    const rows = file && existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line)) : [];
    const header = ['scenario', 'sent', 'delivered', 'duplicates', 'lost', 'seconds', 'result'];
    const body = rows.map((r) => [
      r.scenario,
      String(r.sent),
      String(r.delivered),
      String(r.duplicates),
      String(r.lost),
      r.seconds.toFixed(0),
      r.duplicates === 0 && r.lost === 0 && r.problems.length === 0 && r.delivered === r.sent ? 'ok' : 'FAIL',
    ]);
    const widths = header.map((h, i) => Math.max(h.length, ...body.map((row) => row[i].length)));
    const line = (cells) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join(' | ');
    const out = ['', 'Fault suite', line(header), widths.map((w) => '-'.repeat(w)).join('-|-'), ...body.map(line), ''];
    for (const r of rows) {
      out.push(`- ${r.scenario}: ${r.notes}`);
      for (const p of r.problems) out.push(`  PROBLEM: ${p}`);
    }
    const failures = [];
    for (const r of rows) {
      if (r.lost > 0) failures.push(`${r.scenario}: ${r.lost} lost`);
      if (r.duplicates > 0) failures.push(`${r.scenario}: ${r.duplicates} duplicate(s)`);
      if (r.delivered !== r.sent && r.lost === 0) failures.push(`${r.scenario}: ${r.delivered} of ${r.sent} delivered`);
      if (r.problems.length > 0) failures.push(`${r.scenario}: ${r.problems.length} problem(s)`);
    }
    if (rows.length < this.scenarioFiles) failures.push(`${this.scenarioFiles - rows.length} scenario(s) recorded no row (crashed before counting; see above)`);
    if (results.numFailedTests > 0 || results.numRuntimeErrorTestSuites > 0) failures.push(`${results.numFailedTests} failed test(s), ${results.numRuntimeErrorTestSuites} suite(s) that did not run`);
    out.push('', failures.length === 0 ? `fault suite: OK (${rows.length} scenarios, no loss, no duplicate)` : `fault suite: FAILED\n  ${failures.join('\n  ')}`, '');
    process.stdout.write(`${out.join('\n')}\n`);
    if (failures.length > 0) this.error = new Error(failures.join('; '));
  }

  getLastError() {
    return this.error;
  }
}

module.exports = FaultTableReporter;
