// Kernel benchmark: GFLOP/s of gemm at the flow's shapes, and tanh
// throughput, for the reference and wasm engines in the same run. Times are
// process CPU time, so other work on the machine disturbs them less.
//
//   npx tsx bench/kernels.ts
//
// The flow (src/flow/made.ts) stores a layer's weight W as in×out, so a
// dense layer Y = X·W + b over a batch gives the forward product (NN), the
// weight gradient dW = Xᵀ·dY (TN), the input gradient dX = dY·Wᵀ (NT) and
// the bias gradient 1ᵀ·dY (a 1-row product). The sequential inverse
// (src/flow/inverse.ts) multiplies many rows by staircase sub-blocks: few
// columns (one degree's hidden units, or the 2 output heads) and growing k.
// Masked rows count dense flops: the gain of skipping a MADE mask's zeros.
import { referenceEngine } from '../src/flow/kernels/reference.js';
import type { Engine, Workspace } from '../src/flow/kernels/types.js';
import { createWasmEngine } from '../src/flow/kernels/wasm.js';
import { madeMasks } from '../src/flow/masks.js';
import { Random } from '../src/util/random.js';

interface Shape {
  label: string;
  transA: boolean;
  transB: boolean;
  m: number; n: number; k: number;
  /** The MADE mask applied to B as stored (W, inputs × outputs), if any. */
  mask?: Uint8Array;
}

const batch = 256;
const layers: [number, number][] = [[16, 128], [128, 128], [128, 32]];
const masks = madeMasks(16, 128, 2);
const shapes: Shape[] = [];
for (const [l, [inputs, outputs]] of layers.entries()) {
  const layer = `${inputs}→${outputs}`;
  shapes.push({ label: `${layer} forward X·W`, transA: false, transB: false,
    m: batch, n: outputs, k: inputs });
  shapes.push({ label: `${layer} forward X·W, W masked`, transA: false, transB: false,
    m: batch, n: outputs, k: inputs, mask: masks[l] });
  shapes.push({ label: `${layer} dW = Xᵀ·dY`, transA: true, transB: false,
    m: inputs, n: outputs, k: batch });
  shapes.push({ label: `${layer} dX = dY·Wᵀ`, transA: false, transB: true,
    m: batch, n: inputs, k: outputs });
  shapes.push({ label: `${layer} dX = dY·Wᵀ, W masked`, transA: false, transB: true,
    m: batch, n: inputs, k: outputs, mask: masks[l] });
}
const tall = 10000;
shapes.push({ label: 'bias gradient 1ᵀ·dY', transA: false, transB: false, m: 1, n: 128, k: batch });
shapes.push({ label: 'one row 1×128 · (128×128)ᵀ', transA: false, transB: true,
  m: 1, n: 128, k: 128 });
shapes.push({ label: 'tiny 8×8 · 8×8', transA: false, transB: false, m: 8, n: 8, k: 8 });
shapes.push({ label: 'inverse full layer', transA: false, transB: false, m: tall, n: 128, k: 128 });
shapes.push({ label: 'inverse staircase, 9 units', transA: false, transB: false,
  m: tall, n: 9, k: 64 });
shapes.push({ label: 'inverse staircase, 2 heads', transA: false, transB: false,
  m: tall, n: 2, k: 64 });
shapes.push({ label: 'inverse staircase, first layer', transA: false, transB: false,
  m: tall, n: 9, k: 7 });

/** Milliseconds of CPU time this process has used (robust to other load). */
function cpuMilliseconds(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

/** Best CPU time per call (seconds) over ten timed bursts of ≥ 20 ms. */
function timePerCall(run: () => void): number {
  let calls = 1;
  for (;;) {
    const start = cpuMilliseconds();
    for (let i = 0; i < calls; i++) run();
    if (cpuMilliseconds() - start > 20) break;
    calls *= 2;
  }
  let best = Infinity;
  for (let burst = 0; burst < 10; burst++) {
    const start = cpuMilliseconds();
    for (let i = 0; i < calls; i++) run();
    best = Math.min(best, (cpuMilliseconds() - start) / 1000 / calls);
  }
  return best;
}

function filled(space: Workspace, length: number, random: Random): Float64Array {
  const array = space.allocate(length);
  for (let i = 0; i < length; i++) array[i] = random.normal();
  return array;
}

function gemmRate(engine: Engine, shape: Shape): number {
  const { transA, transB, m, n, k } = shape;
  const space = engine.createWorkspace(m * k + k * n + m * n);
  const random = new Random(1);
  const a = filled(space, m * k, random);
  const b = filled(space, k * n, random);
  if (shape.mask !== undefined) shape.mask.forEach((allowed, i) => { b[i] *= allowed; });
  const c = space.allocate(m * n);
  const lda = transA ? m : k;
  const ldb = transB ? k : n;
  const seconds = timePerCall(() =>
    space.kernels.gemm(transA, transB, m, n, k, a, lda, b, ldb, 0, c, n));
  // Dense flops, so a masked product shows what skipping zero rows gains.
  return (2 * m * n * k) / seconds / 1e9;
}

function tanhRate(engine: Engine): number {
  const rows = 256;
  const n = 128;
  const space = engine.createWorkspace(rows * n + n);
  const random = new Random(2);
  const x = filled(space, rows * n, random);
  const bias = space.allocate(n);
  const source = Float64Array.from(x);
  const seconds = timePerCall(() => {
    x.set(source);
    space.kernels.addBiasTanh(x, bias, rows, n, n);
  });
  return (rows * n) / seconds / 1e6;
}

const engines = [referenceEngine, createWasmEngine()];
const rows: string[] = [];
rows.push('| shape | op | m×n×k | reference GFLOP/s | wasm GFLOP/s | speed-up |');
rows.push('|---|---|---|---:|---:|---:|');
for (const shape of shapes) {
  const [reference, wasm] = engines.map((engine) => gemmRate(engine, shape));
  const op = `${shape.transA ? 'T' : 'N'}${shape.transB ? 'T' : 'N'}`;
  rows.push(`| ${shape.label} | ${op} | ${shape.m}×${shape.n}×${shape.k} | ` +
    `${reference.toFixed(2)} | ${wasm.toFixed(2)} | ${(wasm / reference).toFixed(1)}× |`);
}
const [tanhReference, tanhWasm] = engines.map(tanhRate);
rows.push('');
rows.push(`addBiasTanh 256×128: reference ${tanhReference.toFixed(0)} M/s, ` +
  `wasm ${tanhWasm.toFixed(0)} M/s (${(tanhWasm / tanhReference).toFixed(1)}×)`);
console.log(rows.join('\n'));
