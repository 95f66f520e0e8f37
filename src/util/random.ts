import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import type { JumpableRandomGenerator } from 'pure-rand/types/JumpableRandomGenerator';

/**
 * A seeded source of randomness. Every random draw in lni goes through one of
 * these, so the same seed gives the same output on every machine.
 *
 * Built on xoroshiro128+ from pure-rand. `fork()` returns an independent
 * stream (a jump of 2^64 steps), so separate stages (dequantization noise,
 * latent noise, shuffling) do not shift each other when one changes.
 *
 * @example
 *   const rng = new Random(7);
 *   const noise = rng.normals(10);
 */
export class Random {
  private readonly generator: JumpableRandomGenerator;
  private spareNormal: number | null = null;

  constructor(seed: number | JumpableRandomGenerator) {
    if (typeof seed === 'number') {
      if (!Number.isInteger(seed)) {
        throw new RangeError(`A seed must be an integer, got ${seed}.`);
      }
      this.generator = xoroshiro128plus(seed | 0);
    } else {
      this.generator = seed;
    }
  }

  /** An independent stream; this one moves on so the next fork differs. */
  fork(): Random {
    const child = this.generator.clone();
    this.generator.jump();
    return new Random(child);
  }

  /** Uniform on [0, 1), 53 random bits. */
  uniform(): number {
    return uniformFloat64(this.generator);
  }

  /** Uniform integer in [0, n). */
  integer(n: number): number {
    return Math.floor(this.uniform() * n);
  }

  /** Standard normal draw by the Box–Muller transform (Box and Muller, 1958). */
  normal(): number {
    if (this.spareNormal !== null) {
      const spare = this.spareNormal;
      this.spareNormal = null;
      return spare;
    }
    const u1 = 1 - this.uniform(); // in (0, 1]: log is finite
    const u2 = this.uniform();
    const radius = Math.sqrt(-2 * Math.log(u1));
    this.spareNormal = radius * Math.sin(2 * Math.PI * u2);
    return radius * Math.cos(2 * Math.PI * u2);
  }

  /** n independent standard normal draws. */
  normals(n: number, out: Float64Array = new Float64Array(n)): Float64Array {
    for (let i = 0; i < n; i++) out[i] = this.normal();
    return out;
  }

  /** A uniformly random permutation of 0..n-1 (Fisher–Yates). */
  permutation(n: number): Int32Array {
    const order = new Int32Array(n);
    for (let i = 0; i < n; i++) order[i] = i;
    for (let i = n - 1; i > 0; i--) {
      const j = this.integer(i + 1);
      const held = order[i];
      order[i] = order[j];
      order[j] = held;
    }
    return order;
  }
}

/**
 * A seed for a stream that must differ whenever any of `keys` does: the
 * seed and each number's 64 bits mixed by the murmur3 finalizer. Two
 * streams from one seed under different keys share nothing a reader
 * could line up, while the same seed and keys give the same stream.
 */
export function keyedSeed(seed: number, ...keys: number[]): number {
  const bits = new DataView(new ArrayBuffer(8));
  let hash = mix32(seed | 0);
  for (const key of keys) {
    bits.setFloat64(0, key);
    hash = mix32(hash ^ bits.getUint32(0));
    hash = mix32(hash ^ bits.getUint32(4));
  }
  return hash;
}

/** The murmur3 32-bit finalizer: every input bit moves every output bit. */
function mix32(value: number): number {
  let h = value | 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h | 0;
}
