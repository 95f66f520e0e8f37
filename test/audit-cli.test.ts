// Audit sanity end to end (issue 3): `lni audit` on Cleveland must see the
// membership signal grow with w. At w = 0.95 each synthetic row is nearly
// its real twin, so the worst attack's AUC must beat the one at w = 0 by
// more than both 95% intervals; at w = 0 (fresh samples) it stays near
// chance. The linear-Gaussian oracle version is in src/privacy/calibrate.test.ts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { clevelandCsv, lni, lniOk, tempFolder } from './cli-harness.js';

interface Attack { name: string; auc: number; ciLow: number; ciHigh: number }
interface Point { w: number; refined: boolean; worstAuc: number; worstCiHigh: number;
  attacks: Attack[] }

const audit = (async () => {
  const outcome = await lniOk(['audit', clevelandCsv, '--w-grid', '0,0.95', '--seed', '1',
    '--json', '-q']);
  return JSON.parse(outcome.stdout) as { frontier: Point[] };
})();
audit.catch(() => undefined);

/** The worst (highest-AUC) attack at a grid point. */
function worst(point: Point): Attack {
  return point.attacks.reduce((a, b) => (b.auc > a.auc ? b : a));
}

const at = async (w: number) => {
  const point = (await audit).frontier.find((p) => p.w === w && !p.refined);
  assert.ok(point !== undefined, `no grid point at w = ${w}`);
  return point;
};

test('the audit reports all three attacks at both grid points and the worst of them', async () => {
  for (const w of [0, 0.95]) {
    const point = await at(w);
    assert.deepEqual(point.attacks.map((a) => a.name).sort(),
      ['density-ratio', 'distance-to-closest', 'latent']);
    assert.equal(point.worstAuc, worst(point).auc);
    assert.equal(point.worstCiHigh, Math.max(...point.attacks.map((a) => a.ciHigh)));
  }
});

test('the worst AUC at w = 0.95 beats the one at w = 0 by more than their intervals', async () => {
  const low = worst(await at(0));
  const high = worst(await at(0.95));
  assert.ok(high.ciLow > low.ciHigh,
    `w = 0.95: ${high.name} ${high.auc.toFixed(3)} [${high.ciLow.toFixed(3)}, ` +
    `${high.ciHigh.toFixed(3)}]; w = 0: ${low.name} ${low.auc.toFixed(3)} ` +
    `[${low.ciLow.toFixed(3)}, ${low.ciHigh.toFixed(3)}]`);
});

test('at w = 0 every attack\'s interval reaches down to 0.6 or below (near chance)', async () => {
  for (const attack of (await at(0)).attacks) {
    assert.ok(attack.ciLow <= 0.6, `${attack.name}: [${attack.ciLow}, ${attack.ciHigh}]`);
  }
});

test('an audit on too few rows is refused in one line, with the rows needed and --no-audit',
  async () => {
    const folder = tempFolder('audit-small');
    // Made-up rows; 40 give the audit 8 non-members, below the 20 per side it needs.
    const rows = Array.from({ length: 40 }, (_, i) => `${30 + (i % 15)},${((i * 7) % 11) * 1.5}`);
    const small = join(folder, 'small.csv');
    writeFileSync(small, ['a,b', ...rows].join('\n') + '\n');
    for (const args of [['audit', small], ['run', small, '-o', join(folder, 'out.csv')]]) {
      const outcome = await lni([...args, '--epochs', '2', '--seed', '1', '-q']);
      assert.equal(outcome.code, 1, outcome.stderr);
      const lines = outcome.stderr.trimEnd().split('\n');
      assert.equal(lines.length, 1, outcome.stderr);
      assert.match(lines[0], new RegExp('40 rows give the membership audit 24 members and 8 ' +
        'non-members; it needs at least 20 of each'));
      assert.match(lines[0], /give at least 98 rows, or a fixed --w with --no-audit/);
    }
    assert.equal(existsSync(join(folder, 'out.csv')), false);
    // The hint's way out works: a fixed w without the audit releases.
    await lniOk(['run', small, '-o', join(folder, 'out.csv'), '--w', '0.5', '--no-audit',
      '--epochs', '2', '--seed', '1', '-q']);
  });

test('the text output names the chosen w, the same as --json\'s choice', async () => {
  const args = ['audit', clevelandCsv, '--w-grid', '0,0.5,0.9', '--epochs', '5', '--seed', '4'];
  const text = (await lniOk([...args, '-q'])).stdout;
  const json = JSON.parse((await lniOk([...args, '--json', '-q'])).stdout) as
    { choice: { kind: string; w?: number } };
  assert.equal(json.choice.kind, 'chosen');
  assert.match(text, new RegExp(`Chosen: w = ${Number(json.choice.w!.toFixed(4))}, the largest w`));
});
