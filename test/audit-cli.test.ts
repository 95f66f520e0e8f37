// Audit sanity end to end (issue 3): `lni audit` on Cleveland must see the
// membership signal grow with w. At w = 0.95 each synthetic row is nearly
// its real twin, so the worst attack's AUC must beat the one at w = 0 by
// more than both 95% intervals; at w = 0 (fresh samples) it stays near
// chance. The linear-Gaussian oracle version is in src/privacy/calibrate.test.ts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyticGaussianEpsilon } from '../src/privacy/index.js';
import { clevelandCsv, lni, lniOk, tempFolder } from './cli-harness.js';

interface Attack { name: string; auc: number; ciLow: number; ciHigh: number }
interface Point { w: number; refined: boolean; worstAuc: number; worstCiHigh: number;
  epsilon: number | null; attacks: Attack[] }
interface AuditJson {
  frontier: Point[]; delta: number; sensitivity: number; bound: string;
  clipRadius: number | null; assumptions: string[];
}

const AUDIT = ['audit', clevelandCsv, '--w-grid', '0,0.95', '--seed', '1', '-q'];
const audit = (async () => {
  const outcome = await lniOk([...AUDIT, '--json']);
  return JSON.parse(outcome.stdout) as AuditJson;
})();
audit.catch(() => undefined);
// The same audit as text: same input, options and seed, so the same figures.
const auditText = lniOk(AUDIT).then((outcome) => outcome.stdout);
auditText.catch(() => undefined);

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

test('each row of the text table shows the worst attack\'s own 95% interval', async () => {
  const { frontier } = await audit;
  const lines = (await auditText).split('\n');
  // Where the worst attack's lower bound is not the lowest of all attacks,
  // a mix of bounds from different attacks would read differently.
  assert.ok(frontier.some((point) =>
    worst(point).ciLow !== Math.min(...point.attacks.map((a) => a.ciLow))),
  'this seed should tell the two apart');
  for (const point of frontier) {
    const line = lines.find((text) => text.startsWith(point.w.toFixed(3).padStart(6) + '  '));
    assert.ok(line !== undefined, `no row for w = ${point.w}`);
    const own = worst(point);
    assert.ok(line.includes(`${own.auc.toFixed(3)} [${own.ciLow.toFixed(3)}, ` +
      `${own.ciHigh.toFixed(3)}]`), `w = ${point.w}: ${own.name}'s interval is not shown`);
  }
});

test('the audit states δ, S and its source and every assumption beside ε, in text and --json',
  async () => {
    const json = await audit;
    const text = await auditText;
    assert.equal(json.delta, 1e-6);
    assert.ok(['lipschitz', 'interval'].includes(json.bound), json.bound);
    assert.equal(json.clipRadius, null);
    // S is the one behind the frontier's ε: μ = S·√(w/(1 − w)).
    const point = json.frontier.find((p) => p.w > 0 && p.w < 1 && p.epsilon !== null)!;
    const mu = json.sensitivity * Math.sqrt(point.w / (1 - point.w));
    assert.ok(Math.abs(analyticGaussianEpsilon(mu, 1e-6) - point.epsilon!) <=
      1e-9 * point.epsilon!);
    const s = json.sensitivity >= 1e5 ? json.sensitivity.toExponential(2)
      : String(Number(json.sensitivity.toPrecision(3)));
    assert.ok(text.includes(`at δ = 1e-6, with sensitivity S = ${s} from the ${json.bound} ` +
      'bound'), text);
    assert.ok(json.assumptions.some((a) => /empirical audit/.test(a)));
    assert.ok(json.assumptions.some((a) => /w was chosen by attacks/.test(a)));
    assert.match(text, /These figures assume:/);
    for (const assumption of json.assumptions) assert.ok(text.includes(`  - ${assumption}`));

    const clipped = JSON.parse((await lniOk([...AUDIT, '--clip-latent', 'auto', '--json']))
      .stdout) as AuditJson;
    assert.equal(clipped.bound, 'clip');
    assert.ok(clipped.clipRadius !== null && clipped.sensitivity === 2 * clipped.clipRadius);
    assert.ok(clipped.assumptions.some((a) => /S = 2R holds for any flow/.test(a)));
  });
