// Prints the closing line CI reads ("N passed, N failed") from jest's JSON reports, e.g.
//   node scripts/jest-summary.cjs reports/jest.json=0 reports/faults.json=1
// Each argument is a report, optionally with the exit status of the run that wrote it. A missing
// or unreadable report counts as a failure (no tests ran is not a pass), and so does a run that
// exited non-zero with no failed test in its report (the fault suite's table reporter fails a
// run on a broken promise or a missing row through the exit status alone).
const { readFileSync } = require('node:fs');

let passed = 0;
let failed = 0;
let skipped = 0;
for (const arg of process.argv.slice(2)) {
  const [file, status] = arg.split('=');
  try {
    const report = JSON.parse(readFileSync(file, 'utf8'));
    const failedHere = report.numFailedTests + (report.numRuntimeErrorTestSuites ?? 0);
    passed += report.numPassedTests;
    failed += failedHere;
    skipped += report.numPendingTests + (report.numTodoTests ?? 0);
    if (failedHere === 0 && ((status !== undefined && status !== '0') || !report.success)) {
      console.error(`${file}: the run failed (exit status ${status ?? 'unknown'}) although no test in it did; see its output above`);
      failed += 1;
    }
  } catch (error) {
    console.error(`no jest report at ${file}: ${error.message}`);
    failed += 1;
  }
}
if (passed === 0 && failed === 0) failed = 1;
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed > 0 ? 1 : 0);
