/**
 * Per-level distributions of a number. Where one discrete column splits a
 * number's rows into groups with clearly different distributions (glucose
 * by diabetes), the number is scored against its own group's ladder:
 * q is the cell's place among the rows of its level, not among all rows.
 *
 * Why: a row that latent noise moves to another level keeps its score,
 * and with one ladder for all rows an additive level shift then carried
 * it to the wrong place in the other group's distribution. Measured on
 * Framingham at w = 0.8 (bench/results/fidelity.md): non-diabetic rows
 * whose latent point had moved got glucose above 170 (6–14 per release,
 * none in the data) and new diabetics got too low or too extreme values;
 * glucose's sd rose from 24.0 to 25–28, pulling glucose~diabetes from 0.62
 * to 0.50–0.55. Scored per level, a row that changes level takes the same
 * quantile of its new group, which is that group's distribution exactly.
 *
 * The map is a bijection of the encoded space for fixed levels, so w = 1
 * still returns every row.
 */
import { fitLadder, type Ladder } from './ladder.js';

/** For one numeric dimension: the discrete dimension it is scored by, and a ladder per level. */
export interface LevelLadder {
  dimension: number;
  by: number;
  ladders: Ladder[];
}

/**
 * Every level needs this many observed values of the number: its ladder
 * has at least ten steps of ten rows each, so no knot rests on a few
 * people.
 */
export const LADDER_MIN_ROWS = 100;

/** Smallest share of a number's score variance its levels must explain to get ladders. */
const MIN_EXPLAINED = 0.05;

/** A numeric dimension that may get per-level ladders: its raw values per row (NaN when missing). */
export interface NumberColumn {
  dimension: number;
  raw: Float64Array;
  dequantized: boolean;
}

/**
 * Chooses, for each number, the discrete dimension whose levels explain
 * most of its score variance (at least MIN_EXPLAINED, every level with
 * LADDER_MIN_ROWS observed values), and fits a ladder per level.
 * `scores` are the rows' plain encodings (rows × p); `levelsOf(d)` gives
 * each row's level of discrete dimension d.
 */
export function fitLevelLadders(
  scores: Float64Array, rows: number, p: number, numbers: NumberColumn[],
  discrete: { dimension: number; levels: number }[],
  levelsOf: (dimension: number) => Int32Array,
): LevelLadder[] {
  const levels = new Map(discrete.map(({ dimension }) => [dimension, levelsOf(dimension)]));
  const chosen: LevelLadder[] = [];
  for (const { dimension, raw, dequantized } of numbers) {
    let best: { by: number; count: number; explained: number } | null = null;
    for (const { dimension: by, levels: count } of discrete) {
      const level = levels.get(by)!;
      const explained = explainedShare(scores, rows, p, dimension, raw, level, count);
      if (explained >= MIN_EXPLAINED && explained > (best?.explained ?? 0)) {
        best = { by, count, explained };
      }
    }
    if (best === null) continue;
    const level = levels.get(best.by)!;
    const ladders: Ladder[] = [];
    for (let k = 0; k < best.count; k++) {
      const values: number[] = [];
      for (let i = 0; i < rows; i++) if (level[i] === k && !Number.isNaN(raw[i])) values.push(raw[i]);
      ladders.push(fitLadder(values, dequantized));
    }
    chosen.push({ dimension, by: best.by, ladders });
  }
  return chosen;
}

/**
 * Between-level sum of squares over the total, of dimension j's scores on
 * the rows where the number is observed; 0 when a level has too few rows.
 */
function explainedShare(
  scores: Float64Array, rows: number, p: number, j: number, raw: Float64Array,
  level: Int32Array, count: number,
): number {
  const sums = new Float64Array(count);
  const counts = new Float64Array(count);
  let total = 0;
  let squares = 0;
  let n = 0;
  for (let i = 0; i < rows; i++) {
    if (Number.isNaN(raw[i])) continue;
    const score = scores[i * p + j];
    sums[level[i]] += score;
    counts[level[i]]++;
    total += score;
    squares += score * score;
    n++;
  }
  if (counts.some((c) => c < LADDER_MIN_ROWS)) return 0;
  const mean = total / n;
  const totalSquares = squares - n * mean * mean;
  let between = 0;
  for (let k = 0; k < count; k++) between += counts[k] * (sums[k] / counts[k] - mean) ** 2;
  return totalSquares > 0 ? between / totalSquares : 0;
}
