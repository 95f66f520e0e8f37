// Framingham fidelity at w = 0.8, seed 1 (too slow for the test suite).
// Usage: npx tsx bench/fidelity.ts <framingham.csv>
import { compare, loadCsv, runPipeline } from '../test/fidelity-check.js';

const path = process.argv[2];
if (path === undefined) throw new Error('usage: npx tsx bench/fidelity.ts <framingham.csv>');
const real = loadCsv(path);
const started = Date.now();
const fidelity = compare(real, runPipeline(real, 0.8, 1));
console.log(JSON.stringify({
  rows: real.rowCount,
  seconds: (Date.now() - started) / 1000,
  ...fidelity,
  pass: {
    typeAndRange: fidelity.outOfRange.length === 0,
    missingWithin2Points: fidelity.maxMissingGap <= 0.02,
    correlationWithin005: fidelity.maxCorrelationGap <= 0.05,
  },
}, null, 2));
