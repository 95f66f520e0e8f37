// Times the flow at the benchmark shape: a 5-block MAF of 2 × 128 tanh
// layers on d = 16 synthetic data, n = 10,000, batch 256. Prints seconds per
// training epoch (3 epochs) and the time of latent → data for 10,000 rows.
//
//   npx tsx bench/flow-speed.ts --engine reference|wasm [--epochs 3] [--rows 10000]
import { Command } from 'commander';
import { createWasmEngine } from '../src/flow/kernels/wasm.js';
import { referenceEngine } from '../src/flow/kernels/reference.js';
import { trainFlow, type FlowConfig } from '../src/flow/index.js';
import { Random } from '../src/util/random.js';

const program = new Command()
  .option('--engine <name>', 'reference or wasm', 'wasm')
  .option('--epochs <n>', 'training epochs', '3')
  .option('--rows <n>', 'rows', '10000')
  .option('--dimension <n>', 'columns', '16')
  .parse();
const options = program.opts<{ engine: string; epochs: string; rows: string; dimension: string }>();
const engine = options.engine === 'reference' ? referenceEngine : createWasmEngine();
const rows = Number(options.rows);
const p = Number(options.dimension);

// Synthetic data with nonlinear dependence so the flow has work to do.
const rng = new Random(1);
const x = new Float64Array(rows * p);
for (let r = 0; r < rows; r++) {
  const e = rng.normals(p);
  for (let j = 0; j < p; j++) {
    const previous = j > 0 ? x[r * p + j - 1] : 0;
    x[r * p + j] = 0.6 * Math.tanh(2 * previous) + 0.8 * e[j];
  }
}

const config: FlowConfig = {
  dimension: p, blocks: 5, hidden: 128, layers: 2, logScaleBound: 2, spectralTarget: 3,
};
const epochs = Number(options.epochs);
// CPU seconds beside wall seconds: on a shared machine wall time mostly
// measures the other processes.
const cpuSeconds = () => {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1e6;
};
const epochTimes: number[] = [];
const epochCpu: number[] = [];
let last = performance.now();
let lastCpu = cpuSeconds();
const { flow, history } = trainFlow(x, rows, config, {
  seed: 1, epochs, batchSize: 256, validationFraction: 0,
  engine,
  onEpoch: () => {
    const now = performance.now();
    epochTimes.push((now - last) / 1000);
    epochCpu.push(cpuSeconds() - lastCpu);
    last = now;
    lastCpu = cpuSeconds();
  },
});

const z = flow.toLatent(x, rows);
const startForward = performance.now();
flow.toLatent(x, rows);
const forwardSeconds = (performance.now() - startForward) / 1000;
const startInverse = performance.now();
const startInverseCpu = cpuSeconds();
const back = flow.fromLatent(z, rows);
const inverseSeconds = (performance.now() - startInverse) / 1000;
const inverseCpu = cpuSeconds() - startInverseCpu;
let error = 0;
for (let i = 0; i < x.length; i++) error = Math.max(error, Math.abs(back[i] - x[i]));

const average = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
const mean = average(epochTimes);
console.log(`engine ${engine.name}: d = ${p}, n = ${rows}, 5 × (2 × 128) tanh, batch 256`);
console.log(`training: ${mean.toFixed(3)} s/epoch wall, ${average(epochCpu).toFixed(3)} s CPU `
  + `(epochs: ${epochTimes.map((t) => t.toFixed(3)).join(', ')})`);
console.log(`final train NLL ${history[history.length - 1].trainNll.toFixed(4)} nats/row`);
console.log(`data → latent, ${rows} rows: ${forwardSeconds.toFixed(3)} s`);
console.log(`latent → data, ${rows} rows: ${inverseSeconds.toFixed(3)} s wall, `
  + `${inverseCpu.toFixed(3)} s CPU (round-trip error ${error.toExponential(2)})`);
