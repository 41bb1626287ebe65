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
const failed = report.numFailedTests + (report.numFailedTestSuites ?? 0);
console.log(`tests: ${report.numPassedTests} passed, ${failed} failed`);
