// Prints CI's closing line from vitest's JSON report: "tests: N passed, M failed".
import { readFileSync } from 'node:fs';

const file = process.argv[2];
let report;
try {
  report = JSON.parse(readFileSync(file, 'utf8'));
} catch (error) {
  console.log(`could not read ${file}: ${error.message}`);
  console.log('tests: 0 passed, 1 failed');
  process.exit(1);
}
// A file that fails before its tests run (an import error) has no failed test but still failed;
// numFailedTestSuites would also count every describe block around a failed test.
const filesFailedWithoutATest = (report.testResults ?? []).filter(
  (file) =>
    file.status === 'failed' && !(file.assertionResults ?? []).some((test) => test.status === 'failed'),
).length;
const failed = report.numFailedTests + filesFailedWithoutATest;
console.log(`tests: ${report.numPassedTests} passed, ${failed} failed`);
