// Measures the flow's defaults: validation NLL (nats per row) against the
// spectral target c, and against the width, on data sets of different kinds.
//
//   npx tsx bench/flow-defaults.ts --experiment spectral|width [--engine wasm]
//
// Data sets (all standardized per column):
// - gaussian: p = 6, exchangeable correlation 0.5 (smooth: any c should do);
// - steps: a dequantized 3-level category and columns whose mean jumps with
//   it (the sharp step method.md §2 warns a small c cannot make);
// - pima: the numeric columns of ../shared/data/pima-diabetes (768 rows).
import { readFileSync } from 'node:fs';
import { Command } from 'commander';
import { createWasmEngine } from '../src/flow/kernels/wasm.js';
import { referenceEngine } from '../src/flow/kernels/reference.js';
import { defaultFlowConfig, trainFlow, type FlowConfig } from '../src/flow/index.js';
import { Random } from '../src/util/random.js';

const program = new Command()
  .option('--experiment <name>', 'spectral or width', 'spectral')
  .option('--engine <name>', 'reference or wasm', 'wasm')
  .option('--rows <n>', 'rows of the synthetic data sets', '3000')
  .option('--seeds <n>', 'seeds per setting (NLL averaged)', '1')
  .option('--only <names>', 'comma-separated data sets', 'gaussian,steps,pima')
  .parse();
const options = program.opts<{
  experiment: string; engine: string; rows: string; seeds: string; only: string;
}>();
const engine = options.engine === 'reference' ? referenceEngine : createWasmEngine();

interface DataSet { name: string; x: Float64Array; rows: number; p: number }

function standardize(x: Float64Array, rows: number, p: number): Float64Array {
  for (let j = 0; j < p; j++) {
    let mean = 0;
    for (let r = 0; r < rows; r++) mean += x[r * p + j] / rows;
    let variance = 0;
    for (let r = 0; r < rows; r++) variance += (x[r * p + j] - mean) ** 2 / (rows - 1);
    const sd = Math.sqrt(variance) || 1;
    for (let r = 0; r < rows; r++) x[r * p + j] = (x[r * p + j] - mean) / sd;
  }
  return x;
}

function gaussian(rows: number, seed: number): DataSet {
  const p = 6;
  const rng = new Random(seed);
  const x = new Float64Array(rows * p);
  for (let r = 0; r < rows; r++) {
    const shared = rng.normal();
    for (let j = 0; j < p; j++) {
      x[r * p + j] = Math.sqrt(0.5) * shared + Math.sqrt(0.5) * rng.normal();
    }
  }
  return { name: 'gaussian', x: standardize(x, rows, p), rows, p };
}

function steps(rows: number, seed: number): DataSet {
  const p = 5;
  const rng = new Random(seed);
  const x = new Float64Array(rows * p);
  for (let r = 0; r < rows; r++) {
    const level = rng.integer(3);
    x[r * p] = level + rng.uniform();
    x[r * p + 1] = 3 * level + 0.3 * rng.normal();
    x[r * p + 2] = (level === 1 ? 2 : -1) + 0.3 * rng.normal();
    x[r * p + 3] = rng.normal() + 0.5 * x[r * p + 1];
    x[r * p + 4] = (rng.uniform() < 0.3 + 0.2 * level ? 1 : 0) + rng.uniform();
  }
  return { name: 'steps', x: standardize(x, rows, p), rows, p };
}

function pima(): DataSet {
  const path = new URL('../../shared/data/pima-diabetes/diabetes.csv', import.meta.url);
  const lines = readFileSync(path, 'utf8').trim().split(/\r?\n/).slice(1);
  const p = lines[0].split(',').length;
  const x = Float64Array.from(lines.flatMap((line) => line.split(',').map(Number)));
  return { name: 'pima', x: standardize(x, lines.length, p), rows: lines.length, p };
}

/** Mean over seeds of the best validation NLL, epochs run, seconds and audit. */
function fit(data: DataSet, config: FlowConfig) {
  const seeds = Number(options.seeds);
  const sum = { validationNll: 0, epochs: 0, seconds: 0, maxSpectralNorm: 0 };
  for (let seed = 1; seed <= seeds; seed++) {
    const start = performance.now();
    const { history, bestEpoch } = trainFlow(data.x, data.rows, config, { seed, engine });
    sum.validationNll += history[bestEpoch - 1].validationNll / seeds;
    sum.epochs += history.length / seeds;
    sum.seconds += (performance.now() - start) / 1000 / seeds;
    sum.maxSpectralNorm = Math.max(sum.maxSpectralNorm,
      ...history.map((report) => report.maxSpectralNorm));
  }
  return sum;
}

const rows = Number(options.rows);
const only = options.only.split(',');
const dataSets = [gaussian(rows, 1), steps(rows, 2), pima()]
  .filter((data) => only.includes(data.name));

if (options.experiment === 'spectral') {
  console.log('data      c      validation NLL   epochs   seconds   max audited norm');
  for (const data of dataSets) {
    for (const c of [1, 2, 3, 5, 1e6]) {
      const config = { ...defaultFlowConfig(data.p, data.rows), spectralTarget: c };
      const result = fit(data, config);
      const nll = result.validationNll.toFixed(4).padStart(14);
      console.log(`${data.name.padEnd(9)} ${String(c).padEnd(6)} ${nll}`
        + `   ${result.epochs.toFixed(0).padStart(6)}   ${result.seconds.toFixed(1).padStart(7)}`
        + `   ${result.maxSpectralNorm.toFixed(3)}`);
    }
  }
} else {
  console.log('data      rows    hidden   validation NLL   epochs   seconds');
  const small = [gaussian(300, 3), steps(300, 4)].filter((data) => only.includes(data.name));
  for (const base of [...small, ...dataSets]) {
    const chosen = defaultFlowConfig(base.p, base.rows).hidden;
    const widths = [...new Set([16, 32, 64, 128, chosen])].sort((a, b) => a - b);
    for (const hidden of widths) {
      const config = { ...defaultFlowConfig(base.p, base.rows), hidden };
      const result = fit(base, config);
      const mark = hidden === chosen ? ' (default)' : '';
      const nll = result.validationNll.toFixed(4).padStart(14);
      const label = `${base.name.padEnd(9)} ${String(base.rows).padEnd(7)}`;
      const epochs = result.epochs.toFixed(0).padStart(6);
      console.log(`${label} ${String(hidden).padEnd(8)} ${nll}   ${epochs}`
        + `   ${result.seconds.toFixed(1).padStart(7)}${mark}`);
    }
  }
}
