// The issue's real-data criterion, end to end through `lni run --w 0.8
// --seed 1`: on Framingham and Cleveland every output column keeps the
// input's type (integers stay integers, the same decimal counts), range and
// missing token; missing rates stay within 2 percentage points; and the
// Pearson correlations (pairwise-complete rows) move by at most 0.05
// (Framingham) or 3/√n (Cleveland). Aggregates only: no row is printed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { sharedDataSkip } from '../src/testing/shared-data.js';
import {
  clevelandCsv, formatViolations, framinghamCsv, lniOk, maxCorrelationGap, maxMissingGap,
  readCells, tempFolder, type Cells,
} from './cli-harness.js';

const folder = tempFolder('real-data');

type Pair = { real: Cells; synthetic: Cells };

/** Runs `lni run --w 0.8 --seed 1` on a real table; both releases run at once. */
function release(real: string, name: string, options: string[]): Promise<Pair> {
  const output = join(folder, `${name}.csv`);
  const pair = lniOk(['run', real, '--w', '0.8', '--seed', '1', ...options, '-o', output, '-q'])
    .then(() => ({ real: readCells(real), synthetic: readCells(output) }));
  pair.catch(() => undefined);
  return pair;
}

// Framingham (4,238 rows) runs with the default training budget but
// --no-audit (the audit's frontier is tested elsewhere); fewer epochs do not
// learn the rare missing indicators. Cleveland runs with the defaults.
// Without ../shared/data Framingham is not run and its tests skip.
const releases = {
  framingham: sharedDataSkip === false
    ? release(framinghamCsv, 'framingham', ['--no-audit'])
    : Promise.reject(new Error(sharedDataSkip)),
  cleveland: release(clevelandCsv, 'cleveland', []),
};
releases.framingham.catch(() => undefined);

function assertShape({ real, synthetic }: Pair): void {
  assert.deepEqual(synthetic.names, real.names, 'every column is released, in order');
  assert.equal(synthetic.rows.length, real.rows.length, 'one synthetic row per real row');
  assert.ok(synthetic.rows.every((row) => row.length === real.names.length));
}

for (const dataset of ['framingham', 'cleveland'] as const) {
  const skip = dataset === 'framingham' && sharedDataSkip;
  test(`${dataset} at w = 0.8 releases every column and one row per real row`, { skip },
    async () => {
      assertShape(await releases[dataset]);
    });

  test(`${dataset} at w = 0.8 keeps every column's type, decimals, range and missing token`,
    { skip }, async () => {
      const { real, synthetic } = await releases[dataset];
      assert.deepEqual(formatViolations(real, synthetic), []);
    });

  test(`${dataset} at w = 0.8 keeps every missing rate within 2 percentage points`, { skip },
    async () => {
      const { real, synthetic } = await releases[dataset];
      const { gap, column } = maxMissingGap(real, synthetic);
      assert.ok(gap <= 0.02, `${column}: missing rates differ by ${gap.toFixed(4)}`);
    });
}

// Limitation: at w = 0.8 one release's max |Δ Pearson| is mostly release
// noise on rare pairs (BPMeds~prevalentStroke: 7 rows hold both, and one
// row more or less moves r by 0.018). A bias-free oracle released the same
// way exceeds 0.05 in 11 of 40 releases (bench/noise-floor.ts); the bias
// lni adds is held apart in test/pair-bias.test.ts. `lni run` on seeds
// 1–10: 0.038 (this run), 0.055, 0.038, 0.037, 0.051, 0.038, 0.047, 0.038,
// 0.048, 0.045 (bench/results/fidelity.md, session 11): this seed passing
// is one draw of that noise, so a change of the release stream can fail it.
test('framingham at w = 0.8 moves no Pearson correlation by more than 0.05', {
  skip: sharedDataSkip,
}, async () => {
  const { real, synthetic } = await releases.framingham;
  const { gap, pair } = maxCorrelationGap(real, synthetic);
  assert.ok(gap <= 0.05, `max |Δ Pearson| ${gap.toFixed(3)} > 0.05 at ${pair}`);
});

// 0.089–0.142 in 15 of 15 runs (5 fits × 3 releases; bench/results/fidelity.md,
// session 11).
test('cleveland at w = 0.8 moves no Pearson correlation by more than 3/√n', async () => {
  const { real, synthetic } = await releases.cleveland;
  const bound = 3 / Math.sqrt(real.rows.length);
  const { gap, pair } = maxCorrelationGap(real, synthetic);
  assert.ok(gap <= bound, `max |Δ Pearson| ${gap.toFixed(3)} > ${bound.toFixed(3)} at ${pair}`);
});

test('the format check sees an integer written with decimals, a value beyond the range and a half-unit reading in tenths',
  { skip: sharedDataSkip }, async () => {
    const { real } = await releases.framingham;
    const age = real.names.indexOf('age');
    const sysBP = real.names.indexOf('sysBP');
    const edited: Cells = { names: real.names, rows: real.rows.map((row, i) => {
      const copy = [...row];
      if (i === 0) copy[age] = `${Number(copy[age])}.5`;
      if (i === 1) copy[age] = '1000';
      if (i === 2) copy[sysBP] = `${Math.floor(Number(copy[sysBP]))}.3`;
      return copy;
    }) };
    assert.deepEqual(formatViolations(real, edited), [
      'age: 1 cells outside the real range', 'age: 1 cells with another decimal count',
      'age: 1 cells ending in digits the real column never writes',
      'sysBP: 1 cells ending in digits the real column never writes']);
  });

test('the correlation check sees a change: a column reversed against the rest', async () => {
  const { real } = await releases.cleveland;
  const scrambled: Cells = { names: real.names, rows: real.rows.map((row, i) => {
    const copy = [...row];
    copy[0] = real.rows[real.rows.length - 1 - i][0];
    return copy;
  }) };
  assert.ok(maxCorrelationGap(real, scrambled).gap > 0.1);
});
