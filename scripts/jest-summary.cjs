// Prints the closing line CI reads ("N passed, N failed") from jest's JSON report.
// A missing or unreadable report counts as a failure: no tests ran is not a pass.
const { readFileSync } = require('node:fs');

const file = process.argv[2];
try {
  const report = JSON.parse(readFileSync(file, 'utf8'));
  const failedSuites = report.numRuntimeErrorTestSuites ?? 0;
  const failed = report.numFailedTests + failedSuites;
  const skipped = report.numPendingTests + (report.numTodoTests ?? 0);
  console.log(`${report.numPassedTests} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
  process.exit(failed > 0 || report.numPassedTests === 0 || !report.success ? 1 : 0);
} catch (error) {
  console.error(`no jest report at ${file}: ${error.message}`);
  console.log('0 passed, 1 failed');
  process.exit(1);
}
