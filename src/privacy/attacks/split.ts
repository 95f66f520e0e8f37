import { cutAt, unitOrder } from '../../util/grouped-order.js';
import type { Random } from '../../util/random.js';
import { assert } from '../../util/errors.js';

export interface AuditSplit {
  /** Row indices fitted and released. */
  readonly members: Int32Array;
  /** Held out before fitting. */
  readonly nonMembers: Int32Array;
  /** Set aside for the density-ratio attack's reference density. */
  readonly reference: Int32Array;
}

/**
 * A random three-way split of row indices for a membership audit (method.md
 * §5), to be made before the flow is fitted. Fractions are of all rows; the
 * rest are members. Indices in each part are sorted.
 *
 * @param rows ≥ 3. @param nonMemberFraction, referenceFraction in [0, 1), sum < 1.
 */
export function splitForAudit(
  rows: number, rng: Random, nonMemberFraction = 0.2, referenceFraction = 0.2,
  groups: Int32Array | null = null,
): AuditSplit {
  assert(nonMemberFraction >= 0 && referenceFraction >= 0
    && nonMemberFraction + referenceFraction < 1,
  () => `audit fractions must be ≥ 0 with sum < 1, got ${nonMemberFraction}, `
    + `${referenceFraction}`);
  // A person's rows stay on one side: a non-member whose other rows are
  // members would not be one.
  const { order, starts } = unitOrder(rows, rng, groups);
  const firstCut = cutAt(starts, Math.round(rows * nonMemberFraction));
  const secondCut = cutAt(starts, firstCut + Math.round(rows * referenceFraction));
  const sorted = (part: Int32Array): Int32Array => part.slice().sort();
  return {
    nonMembers: sorted(order.subarray(0, firstCut)),
    reference: sorted(order.subarray(firstCut, secondCut)),
    members: sorted(order.subarray(secondCut)),
  };
}

/** The listed rows of a row-major rows × p array, in the order given. */
export function selectRows(values: Float64Array, p: number, indices: Int32Array): Float64Array {
  const out = new Float64Array(indices.length * p);
  for (let i = 0; i < indices.length; i++) {
    out.set(values.subarray(indices[i] * p, indices[i] * p + p), i * p);
  }
  return out;
}
