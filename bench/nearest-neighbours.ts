// Times the privacy audit's brute-force searches at the size the brief asks
// for: 5,000 candidates against 5,000 synthetic rows in p = 20.
// Run: npx tsx bench/nearest-neighbours.ts
import { Random } from '../src/util/random.js';
import { nearestDistances, fitKernelDensity, membershipAuc } from '../src/privacy/index.js';

const rows = 5000;
const p = 20;
const rng = new Random(1);
const candidates = rng.normals(rows * p);
const synthetic = rng.normals(rows * p);

function time(label: string, run: () => void): void {
  const start = performance.now();
  run();
  console.log(`${label}: ${((performance.now() - start) / 1000).toFixed(2)} s`);
}

time(`nearest distances ${rows} × ${rows}, p = ${p}`, () => {
  nearestDistances(candidates, rows, synthetic, rows, p);
});
time(`KDE log density ${rows} × ${rows}, p = ${p}`, () => {
  fitKernelDensity(synthetic, rows, p).logDensity(candidates, rows);
});
time(`AUC with 1000 bootstrap replicates, ${rows} + ${rows} scores`, () => {
  membershipAuc(rng.normals(rows), rng.normals(rows), rng, 1000);
});
