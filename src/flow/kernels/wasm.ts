import { assert } from '../../util/errors.js';
import type { Engine, Kernels, Workspace } from './types.js';
import { wasmKernelsBase64 } from './wasm-binary.js';

/** The functions the AssemblyScript module exports (pointers are byte offsets). */
interface KernelExports {
  gemm(
    transA: number, transB: number, m: number, n: number, k: number,
    a: number, lda: number, b: number, ldb: number,
    beta: number, c: number, ldc: number, scratch: number,
  ): void;
  addBias(x: number, bias: number, rows: number, n: number, ldx: number): void;
  addBiasTanh(x: number, bias: number, rows: number, n: number, ldx: number): void;
  GEMM_SCRATCH_DOUBLES: WebAssembly.Global;
}

const PAGE_BYTES = 65536;
const MAX_PAGES = 65536;
/** Allocations start on 64-byte (cache line) boundaries. */
const ALIGN_DOUBLES = 8;
/** Room for the alignment padding of up to 1024 allocations. */
const PADDING_DOUBLES = 1024 * ALIGN_DOUBLES;

interface CompiledKernels {
  module: WebAssembly.Module;
  /** Doubles gemm needs as scratch (a constant the module exports). */
  scratchDoubles: number;
}

let compiled: CompiledKernels | undefined;

function decodeBase64(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** True when this JavaScript engine can compile the SIMD kernels module. */
export function wasmSimdAvailable(): boolean {
  if (typeof WebAssembly !== 'object') return false;
  if (compiled !== undefined) return true;
  return WebAssembly.validate(decodeBase64(wasmKernelsBase64));
}

function compileKernels(): CompiledKernels {
  if (compiled === undefined) {
    const module = new WebAssembly.Module(decodeBase64(wasmKernelsBase64));
    // Any instance tells the constant; this one gets an empty memory.
    const probe = new WebAssembly.Instance(module, {
      env: { memory: new WebAssembly.Memory({ initial: 0 }) },
    });
    const exports = probe.exports as unknown as KernelExports;
    compiled = { module, scratchDoubles: exports.GEMM_SCRATCH_DOUBLES.value as number };
  }
  return compiled;
}

/**
 * One WebAssembly instance with its own memory, sized once for `capacity`
 * doubles plus the gemm scratch block, so views handed out stay valid.
 * Memory: [gemm scratch | allocations, each 64-byte aligned].
 */
class WasmWorkspace implements Workspace {
  readonly kernels: Kernels;
  private readonly buffer: ArrayBuffer;
  private readonly scratch: number;
  private next: number;
  private readonly end: number;

  constructor(capacity: number) {
    assert(Number.isInteger(capacity) && capacity >= 0,
      () => `workspace capacity must be a non-negative integer, got ${capacity}`);
    const { module, scratchDoubles } = compileKernels();
    const totalBytes = (scratchDoubles + capacity + PADDING_DOUBLES) * 8;
    const pages = Math.ceil(totalBytes / PAGE_BYTES);
    assert(pages <= MAX_PAGES,
      () => `workspace of ${capacity} doubles exceeds the 4 GiB of wasm32 memory`);
    // A fixed maximum: the memory can never grow under the views.
    const memory = new WebAssembly.Memory({ initial: pages, maximum: pages });
    const instance = new WebAssembly.Instance(module, { env: { memory } });
    this.buffer = memory.buffer;
    this.scratch = 0;
    this.next = scratchDoubles * 8;
    this.end = pages * PAGE_BYTES;
    this.kernels = wasmKernels(instance.exports as unknown as KernelExports, this);
  }

  allocate(length: number): Float64Array {
    assert(Number.isInteger(length) && length >= 0,
      () => `allocation length must be a non-negative integer, got ${length}`);
    const start = this.next;
    const bytes = Math.ceil(length / ALIGN_DOUBLES) * ALIGN_DOUBLES * 8;
    assert(start + bytes <= this.end, () =>
      `workspace exhausted: ${length} doubles requested, ${(this.end - start) / 8} left`);
    this.next = start + bytes;
    // Fresh memory is zero-filled and never handed out twice.
    return new Float64Array(this.buffer, start, length);
  }

  /** Byte offset of a view into this workspace's memory. */
  offsetOf(array: Float64Array, name: string, needed: number): number {
    assert(array.buffer === this.buffer, () =>
      `${name} is not a view of this workspace's memory: allocate it from the workspace`);
    assert(needed <= array.length,
      () => `${name} holds ${array.length} values, the call reaches ${needed}`);
    return array.byteOffset;
  }

  get scratchOffset(): number {
    return this.scratch;
  }
}

/** Elements a rows×cols matrix with row stride ld spans (0 when empty). */
function span(rows: number, cols: number, ld: number): number {
  return rows === 0 || cols === 0 ? 0 : (rows - 1) * ld + cols;
}

function wasmKernels(exports: KernelExports, space: WasmWorkspace): Kernels {
  return {
    gemm(transA, transB, m, n, k, a, lda, b, ldb, beta, c, ldc) {
      assert(lda >= (transA ? m : k) && ldb >= (transB ? k : n) && ldc >= n, () =>
        `gemm strides too small: lda ${lda}, ldb ${ldb}, ldc ${ldc} for m ${m}, n ${n}, k ${k}`);
      const aOffset = space.offsetOf(a, 'gemm A', transA ? span(k, m, lda) : span(m, k, lda));
      const bOffset = space.offsetOf(b, 'gemm B', transB ? span(n, k, ldb) : span(k, n, ldb));
      const cOffset = space.offsetOf(c, 'gemm C', span(m, n, ldc));
      exports.gemm(transA ? 1 : 0, transB ? 1 : 0, m, n, k, aOffset, lda, bOffset, ldb,
        beta, cOffset, ldc, space.scratchOffset);
    },

    addBias(x, bias, rows, n, ldx) {
      assert(ldx >= n, () => `addBias stride ${ldx} is below the width ${n}`);
      const xOffset = space.offsetOf(x, 'addBias x', span(rows, n, ldx));
      exports.addBias(xOffset, space.offsetOf(bias, 'addBias bias', n), rows, n, ldx);
    },

    addBiasTanh(x, bias, rows, n, ldx) {
      assert(ldx >= n, () => `addBiasTanh stride ${ldx} is below the width ${n}`);
      const xOffset = space.offsetOf(x, 'addBiasTanh x', span(rows, n, ldx));
      exports.addBiasTanh(xOffset, space.offsetOf(bias, 'addBiasTanh bias', n), rows, n, ldx);
    },
  };
}

/**
 * The WebAssembly SIMD engine: f64x2 kernels compiled from AssemblyScript
 * (src/flow/kernels/assembly/). The module is compiled once, on the first
 * workspace; each workspace is its own instance and memory. Single-threaded,
 * so results do not depend on the machine's core count.
 */
export function createWasmEngine(): Engine {
  return {
    name: 'wasm-simd',
    createWorkspace: (capacity: number) => new WasmWorkspace(capacity),
  };
}
