// Engine benchmark: lni's flow on the reference and wasm engines against the
// PyTorch reference (../shared/bench/torch_maf.py), in one run.
//
//   npx tsx bench/engine.ts [--epochs 5] [--n 10000] [--torch-threads 2]
//                           [--engines reference,wasm] [--python /usr/bin/python3]
//                           [--torch-script ../shared/bench/torch_maf.py]
//
// Same data (the script's portable mulberry32 + Box–Muller generator, float32
// rounded), same network shape (5 MADE blocks, 2 × 128 tanh, d = 16), batch
// 256, Adam at 1e-3, all rows for training. Prints s/epoch (median of epochs
// 2.. after the warm-up epoch), the time of f (latent → data) on 10,000 rows,
// the final NLL of each, and the ratios lni / PyTorch. PyTorch trains in
// float32 (the figure) and again in float64 for the inverse.
import { spawnSync } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_SPECTRAL_TARGET, trainFlow, type FlowConfig } from '../src/flow/index.js';
import { createWasmEngine, referenceEngine, type Engine } from '../src/flow/kernels/index.js';
import { Random } from '../src/util/random.js';

const repository = join(dirname(fileURLToPath(import.meta.url)), '..');

function option(name: string, fallback: string): string {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 && at + 1 < process.argv.length ? process.argv[at + 1] : fallback;
}

const epochs = Number(option('epochs', '5'));
const n = Number(option('n', '10000'));
const torchThreads = Number(option('torch-threads', '2'));
const engineNames = option('engines', 'reference,wasm').split(',');
// The script's header asks for Debian's python (its torch links OpenBLAS).
const python = option('python', '/usr/bin/python3');
const torchScript = option('torch-script', join(repository, '../shared/bench/torch_maf.py'));
const d = 16;
const batch = 256;

/** mulberry32 uniform in [0, 1) and Box–Muller normals, as torch_maf.py. */
class Mulberry32 {
  private a: number;

  constructor(seed: number) {
    this.a = seed >>> 0;
  }

  uniform(): number {
    this.a = (this.a + 0x6d2b79f5) >>> 0;
    const a = this.a;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  normal(): number {
    const u1 = 1 - this.uniform();
    const u2 = this.uniform();
    return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  }
}

/** x = A e₁ + √0.1 e₂ with A_ij ~ N(0, 1)/√d, rounded to float32 as the script does. */
function makeData(rows: number, seed = 12345): { x: Float64Array; checksum: number } {
  const random = new Mulberry32(seed);
  const a = new Float64Array(d * d);
  for (let i = 0; i < d * d; i++) a[i] = random.normal() / Math.sqrt(d);
  const x = new Float64Array(rows * d);
  const e1 = new Float64Array(d);
  const e2 = new Float64Array(d);
  const noise = Math.sqrt(0.1);
  let checksum = 0;
  for (let r = 0; r < rows; r++) {
    for (let j = 0; j < d; j++) e1[j] = random.normal();
    for (let j = 0; j < d; j++) e2[j] = random.normal();
    for (let i = 0; i < d; i++) {
      let value = 0;
      for (let j = 0; j < d; j++) value += a[i * d + j] * e1[j];
      x[r * d + i] = Math.fround(value + noise * e2[i]);
      checksum += x[r * d + i];
    }
  }
  return { x, checksum };
}

interface Run {
  sPerEpoch: number;
  /** Process CPU time per epoch (median), when measured: robust to other load. */
  cpuPerEpoch?: number;
  epochTimes: number[];
  nll: number;
  inverseSeconds: number;
}

function median(values: number[]): number {
  const sorted = [...values].sort((p, q) => p - q);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

function runLni(engine: Engine, x: Float64Array): Run {
  const config: FlowConfig = {
    dimension: d, blocks: 5, hidden: 128, layers: 2,
    logScaleBound: 2, spectralTarget: DEFAULT_SPECTRAL_TARGET,
  };
  const cpu = () => { const { user, system } = process.cpuUsage(); return (user + system) / 1e6; };
  const stamps = [performance.now() / 1000];
  const cpuStamps = [cpu()];
  const { flow } = trainFlow(x, n, config, {
    seed: 0, epochs, batchSize: batch, learningRate: 1e-3, validationFraction: 0, engine,
    onEpoch: () => { stamps.push(performance.now() / 1000); cpuStamps.push(cpu()); },
  });
  const afterWarmUp = (times: number[]) => (times.length > 1 ? times.slice(1) : times);
  const epochTimes = stamps.slice(1).map((t, i) => t - stamps[i]);
  const cpuTimes = cpuStamps.slice(1).map((t, i) => t - cpuStamps[i]);

  const density = flow.logDensity(x, n);
  let nll = 0;
  for (let r = 0; r < n; r++) nll -= density[r] / n;

  const z = new Random(1).normals(n * d);
  flow.fromLatent(z.subarray(0, 1000 * d), 1000); // warms the sampling path up
  const start = performance.now();
  flow.fromLatent(z, n);
  const inverseSeconds = (performance.now() - start) / 1000;
  return {
    sPerEpoch: median(afterWarmUp(epochTimes)), cpuPerEpoch: median(afterWarmUp(cpuTimes)),
    epochTimes, nll, inverseSeconds,
  };
}

interface TorchResult {
  s_per_epoch: number;
  epoch_times: number[];
  nll: number;
  inverse_s: number;
  threads: number;
  torch_version: string;
  data_checksum: number;
  x00: number;
  true_nll: number;
}

function runTorch(dtype: 'float32' | 'float64'): TorchResult {
  const args = [torchScript, '--d', `${d}`, '--n', `${n}`, '--epochs', `${epochs}`,
    '--batch', `${batch}`, '--threads', `${torchThreads}`, '--dtype', dtype];
  const result = spawnSync(python, args, { encoding: 'utf8' });
  if (result.status !== 0) {
    throw new Error(`${python} ${args.join(' ')} failed:\n${result.stderr ?? result.error}`);
  }
  const lines = result.stdout.trim().split('\n');
  return JSON.parse(lines[lines.length - 1]) as TorchResult;
}

const seconds = (value: number) => `${value.toFixed(3)} s`;

const { x, checksum } = makeData(n);
const torch32 = runTorch('float32');
const torch64 = runTorch('float64');
console.log(`data: checksum lni ${checksum.toFixed(6)}, PyTorch ${torch32.data_checksum.toFixed(6)}; ` +
  `x[0,0] lni ${x[0]}, PyTorch ${torch32.x00}; true NLL ${torch32.true_nll.toFixed(4)}`);
console.log(`PyTorch ${torch32.torch_version}, ${torch32.threads} threads, OpenBLAS; ` +
  `lni single-threaded; ${epochs} epochs, n = ${n}, d = ${d}, batch ${batch}; ` +
  `load average ${loadavg()[0].toFixed(1)} on ${cpus().length} CPUs`);
console.log('');
console.log('| run | s/epoch | CPU s/epoch | inverse 10k rows | final NLL | ' +
  's/epoch ÷ PyTorch f32 | inverse ÷ PyTorch f64 |');
console.log('|---|---:|---:|---:|---:|---:|---:|');
const row = (label: string, run: Run) => console.log(
  `| ${label} | ${seconds(run.sPerEpoch)} | ` +
  `${run.cpuPerEpoch === undefined ? '' : seconds(run.cpuPerEpoch)} | ` +
  `${seconds(run.inverseSeconds)} | ` +
  `${run.nll.toFixed(4)} | ${(run.sPerEpoch / torch32.s_per_epoch).toFixed(2)} | ` +
  `${(run.inverseSeconds / torch64.inverse_s).toFixed(2)} |`);
for (const [label, result] of [['PyTorch float32', torch32], ['PyTorch float64', torch64]] as const) {
  row(label, {
    sPerEpoch: result.s_per_epoch, epochTimes: result.epoch_times, nll: result.nll,
    inverseSeconds: result.inverse_s,
  });
}
const engines: Record<string, () => Engine> = {
  reference: () => referenceEngine,
  wasm: createWasmEngine,
};
for (const name of engineNames) {
  const engine = engines[name]?.();
  if (engine === undefined) throw new Error(`unknown engine "${name}" (reference, wasm)`);
  const run = runLni(engine, x);
  row(`lni ${engine.name}`, run);
  console.error(`lni ${engine.name} epoch times: ${run.epochTimes.map((t) => t.toFixed(3))}`);
}
