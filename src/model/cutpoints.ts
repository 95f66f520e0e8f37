import type { Bijection } from '../mechanism/index.js';
import type { Cutpoints, Encoder } from '../table/index.js';
import type { Random } from '../util/random.js';

/** Latent draws used to read the flow's level shares; error ≈ √(s(1−s)/n). */
const CALIBRATION_DRAWS = 20_000;

/**
 * Decode cuts for every level-coded dimension, chosen so that the flow's
 * own samples (w = 0) land in each level as often as the fitted shares
 * say. The flow cannot squeeze the empty gap between two levels' bands to
 * nothing, and a cut in the gap's middle splits the mass it leaves there
 * evenly, which is not in proportion to the levels' shares: with bands
 * sized by share, a level held by 2.6 % of Framingham's rows came back at
 * 0.6–1.4 % (bench/results/fidelity.md). Uses nothing but the model and
 * the encoder's stored shares: no further dependence on the rows.
 */
export function calibrateCutpoints(
  encoder: Encoder, flow: Bijection, rng: Random, draws = CALIBRATION_DRAWS,
): Cutpoints {
  const samples = flow.fromLatent(rng.normals(draws * encoder.dimension), draws);
  return cutsAtShares(encoder, samples, draws);
}

/**
 * The cuts at which these encoded rows split into the encoder's stored
 * level shares (or the given ones): per level-coded dimension, the rows' quantiles at the
 * cumulative shares. A category's shares are those of its observed cells,
 * so its cuts are read off the rows its missing indicator keeps (at that
 * indicator's own cut). Encoder.withCutpoints moves any cut that falls on
 * a band into the neighbouring gap, unless asked to keep it.
 */
export function cutsAtShares(
  encoder: Encoder, x: Float64Array, rows: number,
  allShares: (number[] | null)[] = encoder.levelShares(),
): Cutpoints {
  const p = encoder.dimension;
  const indicators = encoder.missingIndicators();
  const column = new Float64Array(rows);
  const cutsOf = (j: number, keep: (r: number) => boolean): number[] | null => {
    const shares = allShares[j];
    if (shares === null) return null;
    let kept = 0;
    for (let r = 0; r < rows; r++) if (keep(r)) column[kept++] = x[r * p + j];
    if (kept === 0) return cutsOf(j, () => true);
    const values = column.subarray(0, kept).sort();
    const cuts: number[] = [];
    let cumulative = 0;
    for (let k = 0; k + 1 < shares.length; k++) {
      cumulative += shares[k];
      // Levels with no share before any row (a declared level no row has):
      // the cut goes below every row, as one at the lowest row would hand
      // it that row (a level sits at or below its cut).
      cuts.push(cumulative > 0 ? quantile(values, cumulative)
        : values[0] - 1 - Math.abs(values[0]));
    }
    return cuts;
  };
  // Indicators first: a value dimension's rows are those they keep.
  const cutpoints: Cutpoints = allShares.map((_, j) =>
    (indicators[j] === -1 ? cutsOf(j, () => true) : null));
  allShares.forEach((_, j) => {
    const indicator = indicators[j];
    if (indicator === -1) return;
    const missingCut = cutpoints[indicator]![0];
    cutpoints[j] = cutsOf(j, (r) => x[r * p + indicator] <= missingCut);
  });
  return cutpoints;
}

/** The q-quantile of sorted values, linear between order statistics. */
function quantile(sorted: Float64Array, q: number): number {
  const position = Math.min(Math.max(q, 0), 1) * (sorted.length - 1);
  const below = Math.floor(position);
  const above = Math.min(below + 1, sorted.length - 1);
  return sorted[below] + (position - below) * (sorted[above] - sorted[below]);
}
