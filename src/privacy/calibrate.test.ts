import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Random } from '../util/random.js';
import { cholesky, injectNoise, linearGaussianBijection } from '../mechanism/index.js';
import { largestWForEpsilon, privacyLoss } from './accountant.js';
import {
  calibrateW, DEFAULT_W_GRID, lastBeforeFailure, type CalibrationOptions,
} from './calibrate.js';

const p = 4;
const groupRows = 400;

/** The exact linear-Gaussian oracle: mean j, covariance 0.36·J + 0.64·I, known to all. */
function setting(seed: number): Omit<CalibrationOptions, 'target'> {
  const covariance = new Float64Array(p * p);
  for (let a = 0; a < p; a++) {
    for (let b = 0; b < p; b++) covariance[a * p + b] = 0.36 + (a === b ? 0.64 : 0);
  }
  const mean = Float64Array.from({ length: p }, (_, j) => j);
  const flow = linearGaussianBijection(mean, cholesky(covariance, p), p);
  const rng = new Random(seed);
  const draw = (): Float64Array => flow.fromLatent(rng.normals(groupRows * p), groupRows);
  const members = draw();
  const data = {
    dimension: p,
    members: { values: members, rows: groupRows },
    nonMembers: { values: draw(), rows: groupRows },
    reference: { values: draw(), rows: groupRows },
  };
  const noise = rng.fork();
  return {
    data, bijection: flow, rng: rng.fork(), replicates: 300,
    synthesizeAt: (w) => injectNoise(flow, members, groupRows, w, noise.fork()).synthetic,
  };
}

test('on the oracle, w = 0 is at chance, w = 1 exposed, w = 0.95 measurably worse', async () => {
  const { frontier } = await calibrateW({ ...setting(1), grid: [0, 0.95, 1],
    target: { kind: 'auc' }, refineSteps: 0 });
  assert.deepEqual(frontier.map((point) => point.w), [0, 0.95, 1]);
  const [fresh, high, copy] = frontier;
  for (const attack of fresh.attacks) {
    assert.ok(attack.ciLow <= 0.5 && 0.5 <= attack.ciHigh,
      `${attack.name} at w = 0: [${attack.ciLow}, ${attack.ciHigh}]`);
  }
  const latent = copy.attacks.find((attack) => attack.name === 'latent');
  assert.ok(latent !== undefined && latent.auc >= 0.95, `latent AUC at w = 1: ${latent?.auc}`);
  assert.ok(copy.noPrivacy);
  // Intervals do not overlap: the worst attack at 0.95 sits above all of w = 0's.
  const worstHigh = high.attacks.reduce((a, b) => (a.auc >= b.auc ? a : b));
  assert.ok(worstHigh.ciLow > fresh.worstCiHigh,
    `w = 0.95: ${worstHigh.ciLow} vs w = 0 upper ${fresh.worstCiHigh}`);
});

test('the AUC target picks a w that passes, just below a w that fails', async () => {
  const result = await calibrateW({ ...setting(2), target: { kind: 'auc', auc: 0.6 },
    refineSteps: 3 });
  assert.equal(result.choice.kind, 'chosen');
  if (result.choice.kind !== 'chosen') return;
  const chosenW = result.choice.w;
  const chosen = result.frontier.find((point) => point.w === chosenW);
  assert.ok(chosen !== undefined && chosen.worstAuc <= 0.6);
  // Every evaluated w above the choice failed the target.
  for (const point of result.frontier.filter((q) => q.w > chosen.w)) {
    assert.ok(point.worstAuc > 0.6, `w = ${point.w} passes with ${point.worstAuc}`);
  }
  assert.equal(result.frontier.length, DEFAULT_W_GRID.length + 3);
  assert.equal(result.frontier.filter((point) => point.refined).length, 3);
  const conservative = await calibrateW({ ...setting(2), target: { kind: 'auc', auc: 0.6,
    conservative: true }, refineSteps: 3 });
  if (conservative.choice.kind === 'chosen') assert.ok(conservative.choice.w <= chosen.w);
});

test('the ε target returns the accountant’s exact inverse; ε is on the frontier', async () => {
  const result = await calibrateW({ ...setting(3), grid: [0, 0.5], sensitivity: 12,
    delta: 1e-6, target: { kind: 'epsilon', epsilon: 10 } });
  assert.equal(result.choice.kind, 'chosen');
  if (result.choice.kind === 'chosen') {
    assert.equal(result.choice.w, largestWForEpsilon(12, 10, 1e-6));
  }
  const half = privacyLoss(12, 0.5, 1e-6);
  assert.equal(result.frontier[1].epsilon, half.kind === 'epsilon' ? half.epsilon : NaN);
  assert.equal(result.frontier[0].epsilon, 0);
});

test('an unreachable target gives a typed "none qualifies" with its reason', async () => {
  const result = await calibrateW({ ...setting(4), grid: [0, 0.5],
    target: { kind: 'auc', auc: 0.3 } });
  assert.equal(result.choice.kind, 'none-qualifies');
  if (result.choice.kind === 'none-qualifies') {
    assert.match(result.choice.reason, /At w = 0 the rows are fresh draws from the flow/);
  }
  const highGrid = await calibrateW({ ...setting(4), grid: [0.5, 0.9],
    target: { kind: 'auc', auc: 0.3 } });
  assert.ok(highGrid.choice.kind === 'none-qualifies'
    && /starts above w = 0: add 0/.test(highGrid.choice.reason)
    && !/fresh draws/.test(highGrid.choice.reason), 'no fresh-draw story at w = 0.5');
  const noBound = await calibrateW({ ...setting(4), grid: [0],
    target: { kind: 'epsilon', epsilon: 1 } });
  assert.equal(noBound.choice.kind, 'none-qualifies');
});

test('the fidelity callback’s numbers land on the frontier', async () => {
  const result = await calibrateW({ ...setting(5), grid: [0.2],
    fidelity: (synthetic, w) => ({ rows: synthetic.length / p, w }) });
  assert.deepEqual(result.frontier[0].fidelity, { rows: groupRows, w: 0.2 });
});

test('the AUC rule keeps below the first failing w: a pass above a failure is noise', () => {
  // The quick start's frontier on seed 4: 0 passes, 0.1 fails, 0.2 passes.
  assert.equal(lastBeforeFailure([true, false, true, false]), 0);
  assert.equal(lastBeforeFailure([true, true, true]), 2);
  assert.equal(lastBeforeFailure([false, true, true]), -1);
  assert.equal(lastBeforeFailure([]), -1);
});

test('a pass above a failure is warned about, naming the option that judges by the upper bound', async () => {
  // Exposed rows (the members themselves) at w = 0.2 only: 0.3 passes again after it fails.
  const base = setting(6);
  const result = await calibrateW({ ...base, grid: [0, 0.1, 0.2, 0.3], refineSteps: 0,
    target: { kind: 'auc' },
    synthesizeAt: (w) => (w === 0.2 ? base.data.members.values.slice()
      : base.synthesizeAt(0)) });
  assert.ok(result.choice.kind === 'chosen' && result.choice.w === 0.1,
    `chosen ${JSON.stringify(result.choice)}`);
  const warning = result.warnings.find((text) => /not monotone/.test(text));
  assert.ok(warning !== undefined, `warnings: ${result.warnings.join(' | ')}`);
  assert.match(warning, /--conservative/);
});
