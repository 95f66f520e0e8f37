// The long adversarial check of the sensitivity certificates (method.md
// §3.4): for fitted and random MAFs, a many-restart gradient ascent on
// ‖f⁻¹(x) − f⁻¹(x')‖ inside the box must never exceed the interval or the
// Lipschitz certificate. Prints one line per flow; exits 1 on a violation.
// Run: npx tsx bench/adversarial.ts
import { Random } from '../src/util/random.js';
import { trainFlow, type Flow, type FlowConfig } from '../src/flow/index.js';
import { randomFlow } from '../src/flow/random-flow.js';
import { adversarialSensitivity, certifySensitivity } from '../src/privacy/index.js';

const p = 6;
const lower = Array.from({ length: p }, () => -3);
const upper = Array.from({ length: p }, () => 3);

function curvedCloud(rows: number, rng: Random): Float64Array {
  const x = new Float64Array(rows * p);
  for (let r = 0; r < rows; r++) {
    const t = rng.normal();
    for (let j = 0; j < p; j++) {
      const shape = j % 3 === 0 ? t : j % 3 === 1 ? 0.5 * t * t - 0.5 : Math.sin(2 * t);
      x[r * p + j] = Math.max(-3, Math.min(3, shape + 0.3 * rng.normal()));
    }
  }
  return x;
}

const flows: [string, Flow][] = [];
for (const spectralTarget of [1, 3]) {
  const config: FlowConfig = { dimension: p, blocks: 3, hidden: 24, layers: 2,
    logScaleBound: 2, spectralTarget };
  const x = curvedCloud(2000, new Random(spectralTarget));
  const { flow } = trainFlow(x, 2000, config, { seed: 1, epochs: 60 });
  flows.push([`fitted, c = ${spectralTarget}`, flow]);
  for (const scale of [0.5, 1, 2]) {
    flows.push([`random ×${scale}, c = ${spectralTarget}`, randomFlow(config, 7, scale)]);
  }
}

let violations = 0;
for (const [name, flow] of flows) {
  const start = performance.now();
  const certificate = certifySensitivity(flow, { lower, upper, source: 'schema' });
  const found = adversarialSensitivity(flow, lower, upper, new Random(3),
    { restarts: 200, steps: 200 });
  const ok = found <= (certificate.interval ?? Infinity)
    && found <= (certificate.lipschitz ?? Infinity);
  if (!ok) violations++;
  console.log(`${name}: search ${found.toFixed(3)}, interval ${certificate.interval?.toFixed(3)}, `
    + `Lipschitz ${certificate.lipschitz?.toExponential(3)} `
    + `${ok ? 'ok' : 'VIOLATED'} (${((performance.now() - start) / 1000).toFixed(1)} s)`);
}
process.exit(violations === 0 ? 0 : 1);
