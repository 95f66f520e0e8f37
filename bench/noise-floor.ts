// The noise floor of a row-anchored release: how large max |Δ Pearson|
// between the real and the released correlation matrices gets from the
// release noise alone, so a flow's figure can be read against what even a
// perfect anchored mechanism would show. The "flow" is an oracle, a Gaussian
// copula refitted on the real table at each release, and the release is
// x̃ = f(√w·f⁻¹(x) + √(1−w)·ξ), one row per real row. The copula misfits
// strongly non-Gaussian pairs (glucose~diabetes), so each pair's mean error
// over the releases is its bias and is taken out: what is left is noise.
// Run by hand, not in the test suite: it is a study over many releases
// (seconds per run on Framingham), with no pass/fail. Prints aggregates
// only, never a row.
// Usage: npx tsx bench/noise-floor.ts <file.csv> [w=0.8] [releases=40] [threshold=0.05]
// (issue 2's bound: 0.05 for Framingham, 3/√n ≈ 0.172 for Cleveland)
import { correlationMatrix } from '../src/evaluate/index.js';
import { standardNormalCdf, standardNormalQuantile } from '../src/table/normal-score.js';
import { cholesky, forwardSubstitute } from '../src/util/cholesky.js';
import { Random } from '../src/util/random.js';
import { loadCsv } from '../test/fidelity-check.js';

const [path, wText = '0.8', releasesText = '40', thresholdText = '0.05'] = process.argv.slice(2);
if (path === undefined) {
  throw new Error('usage: npx tsx bench/noise-floor.ts <file.csv> [w=0.8] [releases=40] [threshold=0.05]');
}
const w = Number(wText);
const releases = Number(releasesText);
if (!(w >= 0 && w <= 1) || !Number.isInteger(releases) || releases < 2 || !(Number(thresholdText) > 0)) {
  throw new Error('need w in [0, 1], at least 2 releases and a threshold above 0, got ' +
    `w = ${wText}, releases = ${releasesText}, threshold = ${thresholdText}`);
}
// A noise-only max above this is what the question asks about.
const THRESHOLD = Number(thresholdText);
// Keeps Φ⁻¹ finite for a draw at the very edge of the first or last band.
const EDGE = 1e-12;

const MISSING = new Set(['', 'NA', '?', 'NaN']);
const started = Date.now();
const table = loadCsv(path);
const n = table.rowCount;
const columns = table.columns.map((cells, j) => Float64Array.from(cells, (cell, i) => {
  const text = cell.trim();
  if (MISSING.has(text)) return NaN;
  const value = Number(text);
  if (!Number.isFinite(value)) {
    // The cell itself is not echoed: it is real data.
    console.error(`${table.names[j]}, data row ${i + 1}: not a number; this bench needs numeric columns`);
    process.exit(1);
  }
  return value;
}));
const p = columns.length;
const observed = columns.map((column) => column.filter((value) => !Number.isNaN(value)));
const withMissing = observed.flatMap((values, j) => (values.length < n ? [j] : []));
for (const j of withMissing) {
  if (observed[j].length === 0) {
    console.error(`${table.names[j]}: no observed cell to draw a fill from`);
    process.exit(1);
  }
}
// The indicators never change between releases: only the fills do.
const indicators = withMissing.map((j) =>
  Float64Array.from(columns[j], (value) => (Number.isNaN(value) ? 1 : 0)));
const d = p + indicators.length;

/** A variable's distinct values and empirical CDF: level k owns [cum[k], cum[k + 1]). */
interface Margin {
  levels: Float64Array;
  cum: Float64Array;
}

function margin(values: Float64Array): Margin {
  const sorted = Float64Array.from(values).sort();
  const levels: number[] = [];
  const cum: number[] = [0];
  for (let i = 0; i < sorted.length; i++) {
    if (i + 1 < sorted.length && sorted[i + 1] === sorted[i]) continue;
    levels.push(sorted[i]);
    cum.push((i + 1) / sorted.length);
  }
  cum[cum.length - 1] = 1;
  return { levels: Float64Array.from(levels), cum: Float64Array.from(cum) };
}

/** The largest k with sorted[k] ≤ x, or 0 when x is below them all. */
function lastAtOrBelow(sorted: Float64Array, x: number, end = sorted.length): number {
  let low = 0;
  let high = end - 1;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if (sorted[middle] <= x) low = middle;
    else high = middle - 1;
  }
  return low;
}

/** One release by the refitted copula; the released columns, NaN for missing. */
function release(seed: number): Float64Array[] {
  const rng = new Random(seed);
  // Separate streams, so a change in one stage does not shift the others.
  const fillRng = rng.fork();
  const dequantizeRng = rng.fork();
  const noiseRng = rng.fork();

  const variables = columns.map((column, j) => Float64Array.from(column, (value) => {
    if (!Number.isNaN(value)) return value;
    return observed[j][fillRng.integer(observed[j].length)];
  }));
  variables.push(...indicators);
  const margins = variables.map(margin);

  // A uniform draw within each cell's CDF band, so tied cells spread out.
  const scoreColumns = variables.map((values, v) => {
    const { levels, cum } = margins[v];
    return Float64Array.from(values, (value) => {
      const k = lastAtOrBelow(levels, value);
      const u = cum[k] + (cum[k + 1] - cum[k]) * dequantizeRng.uniform();
      return standardNormalQuantile(Math.min(Math.max(u, EDGE), 1 - EDGE));
    });
  });
  // Row-major, so each row is whitened and released in place.
  const scores = new Float64Array(n * d);
  scoreColumns.forEach((column, v) => column.forEach((y, i) => { scores[i * d + v] = y; }));
  const correlation = correlationMatrix(scoreColumns, 'pearson').matrix;
  const r = new Float64Array(d * d);
  for (let a = 0; a < d; a++) {
    for (let b = 0; b < d; b++) {
      const value = correlation[a][b];
      if (value === null) throw new Error('a score column is constant');
      r[a * d + b] = value;
    }
  }
  const lower = cholesky(r, d);

  const released = variables.map(() => new Float64Array(n));
  const noisy = new Float64Array(d);
  const keep = Math.sqrt(w);
  const add = Math.sqrt(1 - w);
  for (let i = 0; i < n; i++) {
    forwardSubstitute(lower, d, scores, i * d);
    for (let v = 0; v < d; v++) noisy[v] = keep * scores[i * d + v] + add * noiseRng.normal();
    for (let v = 0; v < d; v++) {
      let y = 0;
      for (let k = 0; k <= v; k++) y += lower[v * d + k] * noisy[k];
      const { levels, cum } = margins[v];
      // cum has one entry more than levels; its last (1) is no level's start.
      released[v][i] = levels[lastAtOrBelow(cum, standardNormalCdf(y), levels.length)];
    }
  }
  withMissing.forEach((j, t) => {
    const indicator = released[p + t];
    for (let i = 0; i < n; i++) if (indicator[i] === 1) released[j][i] = NaN;
  });
  return released.slice(0, p);
}

const realMatrix = correlationMatrix(columns, 'pearson').matrix;
/** A pair of columns whose real correlation is defined. */
interface Pair {
  a: number;
  b: number;
  real: number;
}
const pairs: Pair[] = [];
for (let a = 0; a < p; a++) {
  for (let b = a + 1; b < p; b++) {
    const real = realMatrix[a][b];
    if (real !== null) pairs.push({ a, b, real });
  }
}
const pairName = ({ a, b }: Pair) => `${table.names[a]}~${table.names[b]}`;

// errors[s][k]: synthetic − real for pair k in release s; NaN where not defined.
const errors = Array.from({ length: releases }, (_, s) => {
  const synthetic = correlationMatrix(release(s + 1), 'pearson').matrix;
  return pairs.map(({ a, b, real }) => {
    const value = synthetic[a][b];
    return value === null ? NaN : value - real;
  });
});
const seconds = (Date.now() - started) / 1000;

const defined = (k: number) => errors.map((row) => row[k]).filter((e) => !Number.isNaN(e));
const mean = (values: number[]) => values.reduce((sum, x) => sum + x, 0) / values.length;
const bias = pairs.map((_, k) => mean(defined(k)));
const sd = pairs.map((_, k) => {
  const values = defined(k);
  return Math.sqrt(values.reduce((sum, e) => sum + (e - bias[k]) ** 2, 0) / (values.length - 1));
});
const median = (sorted: number[]) => {
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle] : 0.5 * (sorted[middle - 1] + sorted[middle]);
};
const worst = (gap: (e: number, k: number) => number) => errors
  .map((row) => row.reduce((most, e, k) => (Number.isNaN(e) ? most : Math.max(most, gap(e, k))), 0))
  .sort((x, y) => x - y);
const summarize = (maxima: number[]) => {
  console.log(`  sorted: ${maxima.map((x) => x.toFixed(3)).join(' ')}`);
  console.log(`  median ${median(maxima).toFixed(3)}; above ${THRESHOLD} in ` +
    `${maxima.filter((x) => x > THRESHOLD).length} of ${releases} releases`);
};
const top = (score: number[], show: (k: number) => string) => pairs
  .map((_, k) => k)
  .sort((x, y) => score[y] - score[x])
  .slice(0, 5)
  .map(show)
  .join(', ');

const undefinedCount = errors.flat().filter(Number.isNaN).length;
console.log(`${path.split('/').pop()}: ${n} rows, ${p} columns + ${indicators.length} missing ` +
  `indicators, w = ${w}, ${releases} releases, ${pairs.length} pairs, ${seconds.toFixed(1)} s` +
  (undefinedCount > 0 ? ` (${undefinedCount} synthetic correlations not defined, left out)` : ''));
console.log('noise-only max |Δ Pearson| per release (each pair\'s error less its mean error):');
summarize(worst((e, k) => Math.abs(e - bias[k])));
console.log(`sd of the error over releases: mean over pairs ${mean(sd).toFixed(3)}; largest ` +
  top(sd, (k) => `${pairName(pairs[k])} ${sd[k].toFixed(3)}`));
console.log('raw max |Δ Pearson| per release (includes the copula\'s own bias, so not the noise floor):');
summarize(worst((e) => Math.abs(e)));
console.log('largest copula bias (mean error): ' +
  top(bias.map(Math.abs), (k) => `${pairName(pairs[k])} ${bias[k] >= 0 ? '+' : ''}${bias[k].toFixed(3)}`));
