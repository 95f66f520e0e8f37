import { assert, LniError } from '../util/errors.js';
import { Random } from '../util/random.js';
import { formatNumber, isMissing } from './cells.js';
import {
  dequantizes, fitCodec, readValue, type CategoricalCodec, type Codec, type NumericCodec,
} from './codec.js';
import { formatDate } from './dates.js';
import { ladderProbability, ladderValue } from './ladder.js';
import { fromNormalScore, NORMAL_SCORE_BOUND, toNormalScore } from './normal-score.js';
import { checkTableSize } from './infer.js';
import { validateSchema, type Schema } from './schema.js';
import { readCutpointsJson, readEncoderJson, readLevelShiftsJson } from './encoder-json.js';
import {
  applyLevelShifts, fitLevelShifts, shiftRange, type LevelShift,
} from './level-shifts.js';
import type { BoundSource, Table } from './types.js';

const ENCODER_FORMAT = 'lni-encoder';
const ENCODER_VERSION = 4;

// Uniform positions are kept in [δ, 1 − δ] so that a cell encoded at the
// edge of its share still decodes to itself after Φ(Φ⁻¹(q)) rounding.
const EDGE = 1e-6;

/** The seed of the one encoding the level shifts are fitted on (any fixed value). */
const SHIFT_FIT_SEED = 1;

/** The box the encoded rows live in, per dimension, in encoded units. */
export interface Domain {
  lower: Float64Array;
  upper: Float64Array;
  /** Per dimension: declared by the user, or read off the data. */
  sources: BoundSource[];
  /** 'schema' when every bound was declared, 'data' when none was. */
  source: BoundSource | 'mixed';
}

type Modelled = NumericCodec | CategoricalCodec;

/**
 * Per encoded dimension, the cuts that decide a level: for a categorical
 * dimension with K levels, K − 1 rising cuts in encoded units; for a
 * missing indicator, one (above it: missing); null for a number.
 */
export type Cutpoints = (number[] | null)[];

/**
 * The reversible map between a table and real vectors in a box
 * (method.md §4). Column by column: a value dimension (absent for a
 * categorical column with one level), then a missing indicator when the fit
 * rows had missing cells. Constant, empty and ID columns get no dimension.
 *
 * @example
 *   const encoder = Encoder.fit(table, inferSchema(table));
 *   const x = encoder.encode(table, new Random(1));   // rows × dimension
 *   const back = encoder.decode(x, table.rowCount);   // equals table
 */
export class Encoder {
  readonly dimension: number;
  /** One per encoded dimension: the column name, or "name:missing". */
  readonly labels: string[];

  /**
   * Decode cuts, one list per level-coded dimension (see withCutpoints);
   * null cuts every gap between two levels' bands in its middle.
   */
  private readonly cutpoints: Cutpoints | null;

  /**
   * Per dimension, the cuts levels are read at: the stored ones, or each
   * gap's middle; null for a number. Built once, since the level shifts
   * read a level for every row and term on each encode and decode.
   */
  private readonly levelCuts: (number[] | null)[];

  private constructor(
    private readonly codecs: Codec[], cutpoints: Cutpoints | null = null,
    private readonly shifts: readonly LevelShift[] = [],
  ) {
    this.labels = [];
    for (const codec of codecs) {
      if (codec.kind !== 'numeric' && codec.kind !== 'categorical') continue;
      if (hasValue(codec)) this.labels.push(codec.name);
      if (codec.indicator !== null) this.labels.push(`${codec.name}:missing`);
    }
    this.dimension = this.labels.length;
    this.cutpoints = cutpoints;
    this.levelCuts = this.levelShares().map((share, j) => (share === null ? null
      : cutpoints?.[j] ?? levelGaps(share.length).map(middle)));
  }

  /**
   * Fits the encoder on these rows only (levels, formats, bounds, scaling,
   * fill quantiles). Throws LniError for a schema that does not match the
   * table, a cell that does not read as its column's type, or a table too
   * small to model.
   */
  static fit(table: Table, schema: Schema, file?: string): Encoder {
    checkTableSize(table, file);
    validateSchema(schema, table);
    const codecs = schema.columns.map((column) =>
      fitCodec(column, table.columns[table.names.indexOf(column.name)], file));
    const order = table.names.map((name) => codecs.find((codec) => codec.name === name)!);
    const plain = new Encoder(order);
    // The shifts are fitted on one fixed draw of the dequantization noise,
    // so the same rows always give the same encoder.
    const x = plain.encode(table, new Random(SHIFT_FIT_SEED), file);
    const shifts = fitLevelShifts(x, table.rowCount, plain.shiftLayout(),
      (d, value) => plain.levelOf(d, value));
    return new Encoder(order, null, shifts);
  }

  /** Reads an encoder saved by toJSON; LniError('model-invalid') if malformed. */
  static fromJSON(json: unknown): Encoder {
    const codecs = readEncoderJson(json, ENCODER_FORMAT, ENCODER_VERSION);
    const shares = new Encoder(codecs).levelShares();
    const plain = new Encoder(codecs, null, readLevelShiftsJson(json, shares));
    const cutpoints = readCutpointsJson(json, shares);
    return cutpoints === null ? plain : plain.withCutpoints(cutpoints);
  }

  toJSON(): unknown {
    return {
      format: ENCODER_FORMAT, version: ENCODER_VERSION, columns: this.codecs,
      ...(this.shifts.length === 0 ? {} : { levelShifts: this.shifts }),
      ...(this.cutpoints === null ? {} : { cutpoints: this.cutpoints }),
    };
  }

  /**
   * Per encoded dimension, the shares of its levels (in encoding order) for
   * categorical dimensions and missing indicators; null for a number.
   */
  levelShares(): (number[] | null)[] {
    const shares: (number[] | null)[] = [];
    for (const codec of this.codecs) {
      if (codec.kind !== 'numeric' && codec.kind !== 'categorical') continue;
      if (hasValue(codec)) {
        shares.push(codec.kind === 'categorical' ? levelShares(codec) : null);
      }
      if (codec.indicator !== null) shares.push(indicatorShares(codec));
    }
    return shares;
  }

  /**
   * The same encoder, deciding levels at the given cuts. With 'in-gaps'
   * each cut is moved into the empty gap between the two levels' encoded
   * bands if it lies outside, so a row decodes to its own level whenever
   * its encoded value is unchanged (w = 1 stays exact); 'as-given' keeps
   * the cuts where they are (rising), for rows that have all moved.
   */
  withCutpoints(cutpoints: Cutpoints, placement: 'in-gaps' | 'as-given' = 'in-gaps'): Encoder {
    const shares = this.levelShares();
    assert(cutpoints.length === shares.length,
      () => `withCutpoints got ${cutpoints.length} dimensions for ${shares.length}`);
    const kept = shares.map((share, j) => {
      const cuts = cutpoints[j];
      if (share === null) {
        assert(cuts === null, () => `dimension ${j} is a number and takes no cuts`);
        return null;
      }
      assert(cuts !== null && cuts.length === share.length - 1,
        () => `dimension ${j} needs ${share.length - 1} cuts`);
      if (placement === 'as-given') {
        assert(cuts.every((cut, k) => Number.isFinite(cut) && (k === 0 || cut >= cuts[k - 1])),
          () => `dimension ${j} needs rising finite cuts`);
        return cuts.slice();
      }
      return levelGaps(share.length)
        .map(([low, high], k) => Math.min(Math.max(cuts[k], low), high));
    });
    return new Encoder(this.codecs, kept, this.shifts);
  }

  /** Per dimension: its level count (null for a number) and its column's missing indicator. */
  private shiftLayout(): { levels: (number | null)[]; ownIndicator: number[] } {
    const levels = this.levelCuts.map((cuts) => (cuts === null ? null : cuts.length + 1));
    return { levels, ownIndicator: this.missingIndicators() };
  }

  /**
   * Per encoded dimension: for a value dimension, the dimension of its
   * column's missing indicator (−1 when the column has none); −1 for an
   * indicator itself.
   */
  missingIndicators(): number[] {
    const indicators: number[] = [];
    for (const codec of this.codecs) {
      if (codec.kind !== 'numeric' && codec.kind !== 'categorical') continue;
      const indicatorAt = codec.indicator === null ? -1
        : indicators.length + (hasValue(codec) ? 1 : 0);
      if (hasValue(codec)) indicators.push(indicatorAt);
      if (codec.indicator !== null) indicators.push(-1);
    }
    return indicators;
  }

  /** The level an encoded value of a level-coded dimension decodes to, at this encoder's cuts. */
  private levelOf(dimension: number, value: number): number {
    return levelAt(this.cutsAt(dimension), value);
  }

  /**
   * The first cell (column, 0-based row, text) of a categorical column
   * holding a level this encoder was not fitted with, or null. Such a cell
   * cannot be encoded; callers that fit on some rows and encode others
   * (split mode) check first, to name the row in the user's file.
   */
  firstUnseenLevel(table: Table): { column: string; row: number; cell: string } | null {
    for (const codec of this.codecs) {
      if (codec.kind !== 'categorical') continue;
      const cells = table.columns[table.names.indexOf(codec.name)];
      if (cells === undefined) continue;
      const levels = new Set(codec.levels);
      for (let i = 0; i < cells.length; i++) {
        if (!levels.has(cells[i]) && !isMissing(cells[i], codec.rule)) {
          return { column: codec.name, row: i, cell: cells[i] };
        }
      }
    }
    return null;
  }

  /**
   * One warning per numeric column of `table` with cells outside the range
   * the encoder was fitted on (declared bounds, or the fit rows' extremes):
   * such cells are encoded clipped to that range. Names how many and the
   * first row (1-based, or `fileRow` of the 0-based index when the table
   * is a subset of the file), never the values. Throws LniError
   * ('model-data-mismatch') when more than half of a column's observed
   * cells lie outside: then the model is not one for these data.
   */
  clippingWarnings(
    table: Table, file?: string, fileRow: (index: number) => number = (i) => i + 1,
  ): string[] {
    const warnings: string[] = [];
    for (const codec of this.codecs) {
      if (codec.kind !== 'numeric') continue;
      const cells = table.columns[table.names.indexOf(codec.name)];
      if (cells === undefined) continue;
      let outside = 0;
      let observed = 0;
      let first = -1;
      cells.forEach((cell, i) => {
        if (isMissing(cell, codec.rule)) return;
        observed++;
        const raw = unclippedValue(codec, cell, i, file);
        if (raw < codec.lower || raw > codec.upper) {
          outside++;
          if (first < 0) first = i;
        }
      });
      const range = codec.source === 'schema'
        ? 'its declared bounds' : 'the range of the rows it was fitted on';
      // Clipping a few values is ordinary; clipping most of them means the
      // model belongs to other data (another unit or scale), and the
      // release would be silently wrong.
      if (outside > observed / 2) {
        throw new LniError('model-data-mismatch', `${outside} of ${observed} values lie outside ` +
          `the model's range (${range}), the first in this row; the model was not fitted on ` +
          'data like these.', {
            file, column: codec.name, row: fileRow(first),
            hint: 'check the units of this column, or fit a model on these data' });
      }
      if (outside > 0) {
        warnings.push(`warning: ${file === undefined ? '' : `${file}, `}column "${codec.name}": ` +
          `${outside} of ${cells.length} values lie outside the model's range (${range}; the ` +
          `first in row ${fileRow(first)}); they are encoded clipped to it`);
      }
    }
    return warnings;
  }

  /** The cuts of a level-coded dimension: the stored ones, or each gap's middle. */
  private cutsAt(dimension: number): number[] {
    const cuts = this.levelCuts[dimension];
    assert(cuts !== null, () => `dimension ${dimension} is a number and has no cuts`);
    return cuts;
  }

  /** Names of the columns decode writes, in order (dropped ones left out). */
  get outputNames(): string[] {
    return this.codecs.filter((codec) => codec.kind !== 'drop').map((codec) => codec.name);
  }

  /**
   * Encodes rows (row-major, rows × dimension) as normal scores in
   * [−B, B]: e = Φ⁻¹(q), q the cell's place in its column's fitted
   * distribution. Values outside the box are clipped into it; missing
   * cells are filled with a draw from that distribution; integer, tied,
   * category and indicator values get fresh U[0, 1) positions from `rng`
   * (part of the mechanism's randomness, §3.7).
   */
  encode(table: Table, rng: Random, file?: string): Float64Array {
    const p = this.dimension;
    const x = new Float64Array(table.rowCount * p);
    let offset = 0;
    for (const codec of this.codecs) {
      if (codec.kind !== 'numeric' && codec.kind !== 'categorical') continue;
      const j = table.names.indexOf(codec.name);
      if (j < 0) {
        throw new LniError('encode-column', 'The table lacks a column the encoder needs.', {
          file, column: codec.name, hint: 'give the same columns as the fitted table' });
      }
      const cells = table.columns[j];
      for (let i = 0; i < table.rowCount; i++) {
        // A missing cell in a column whose fit rows had none (split mode,
        // or synthesizing rows other than the fitted ones) is filled like
        // any missing value; with no indicator it is released as a value.
        // Limitation: such a column's missing cells are not kept as missing.
        const missing = isMissing(cells[i], codec.rule);
        let column = offset;
        if (hasValue(codec)) {
          x[i * p + column] = missing ? missingFill(codec, rng)
            : encodeValue(codec, rawValue(codec, cells[i], i, file), rng);
          column++;
        }
        if (codec.indicator !== null) {
          x[i * p + column] = levelBand(missing ? 1 : 0, 2, position(rng, LEVEL_MARGIN));
        }
      }
      offset += (hasValue(codec) ? 1 : 0) + (codec.indicator !== null ? 1 : 0);
    }
    // Every level-coded value sits inside its own band here, so any cuts
    // in the gaps read the same levels.
    applyLevelShifts(x, table.rowCount, p, this.shifts, (d, value) => this.levelOf(d, value), -1);
    return x;
  }

  /**
   * Decodes rows back to a table shaped like the input: same columns (less
   * dropped ones), values clipped into the box, integers floored, numbers
   * in the column's decimals, only category levels seen at fit, missing
   * cells written with the column's own token. Pure post-processing.
   * Constant columns repeat their value, empty ones their missing token,
   * ID columns get fresh IDs (prefix + row number), never the real ones.
   */
  decode(encoded: Float64Array, rows: number): Table {
    const p = this.dimension;
    assert(encoded.length === rows * p,
      () => `decode got ${encoded.length} values for ${rows} × ${p}`);
    // Numbers take the shifts of the levels the row decodes to.
    const x = Float64Array.from(encoded);
    applyLevelShifts(x, rows, p, this.shifts, (d, value) => this.levelOf(d, value), 1);
    const names: string[] = [];
    const columns: string[][] = [];
    let offset = 0;
    for (const codec of this.codecs) {
      if (codec.kind === 'drop') continue;
      names.push(codec.name);
      const cells = new Array<string>(rows);
      columns.push(cells);
      if (codec.kind === 'fixed') cells.fill(codec.value);
      else if (codec.kind === 'id') {
        for (let i = 0; i < rows; i++) {
          cells[i] = codec.prefix + String(i + 1).padStart(codec.width, '0');
        }
      } else {
        const valueAt = hasValue(codec) ? offset++ : -1;
        const indicatorAt = codec.indicator !== null ? offset++ : -1;
        const indicatorCuts = indicatorAt >= 0 ? this.cutsAt(indicatorAt) : [];
        const valueCuts = valueAt >= 0 && codec.kind === 'categorical'
          ? this.cutsAt(valueAt) : [];
        for (let i = 0; i < rows; i++) {
          if (indicatorAt >= 0 && levelAt(indicatorCuts, x[i * p + indicatorAt]) >= 1) {
            cells[i] = codec.indicator!.token;
            continue;
          }
          if (codec.kind === 'categorical') {
            cells[i] = codec.levels[valueAt < 0 ? 0 : levelAt(valueCuts, x[i * p + valueAt])];
          } else cells[i] = decodeValue(codec, x[i * p + valueAt]);
        }
      }
    }
    return { names, columns, rowCount: rows };
  }

  /**
   * The box 𝒳 in encoded units: [−B, B] in every dimension, fixed by
   * construction, each number's widened by the range of its level shifts.
   * A dimension counts as 'schema' when the distribution behind it rests
   * on declared bounds or levels, or on nothing but the missing share
   * (indicators); 'data' when its end knots are the data's minimum and
   * maximum.
   */
  domain(): Domain {
    const lower: number[] = [];
    const upper: number[] = [];
    const sources: BoundSource[] = [];
    for (const codec of this.codecs) {
      if (codec.kind !== 'numeric' && codec.kind !== 'categorical') continue;
      const count = (hasValue(codec) ? 1 : 0) + (codec.indicator !== null ? 1 : 0);
      for (let k = 0; k < count; k++) {
        lower.push(-NORMAL_SCORE_BOUND);
        upper.push(NORMAL_SCORE_BOUND);
      }
      if (hasValue(codec)) sources.push(codec.source);
      if (codec.indicator !== null) sources.push('schema');
    }
    // A shifted number spans its score box moved by every shift it can get.
    for (const [dimension, [low, high]] of shiftRange(this.shifts)) {
      lower[dimension] -= high;
      upper[dimension] -= low;
    }
    const all = (s: BoundSource) => sources.every((source) => source === s);
    const source = all('schema') ? 'schema' : all('data') ? 'data' : 'mixed';
    return {
      lower: Float64Array.from(lower), upper: Float64Array.from(upper), sources, source,
    };
  }
}

function hasValue(codec: Modelled): boolean {
  return codec.kind === 'numeric' || codec.levels.length > 1;
}

/** A uniform position kept off the edges: δ + (1 − 2δ) U. */
function position(rng: Random, margin = EDGE): number {
  return margin + (1 - 2 * margin) * rng.uniform();
}

/**
 * Categories and missing indicators are dequantized into bands of equal
 * width, one per level, centred at (k − (K − 1)/2)·spacing; a row is
 * placed uniformly in the middle half of its level's band, so levels are
 * separated by empty gaps as wide as the bands. Measured on Framingham
 * (bench/results/fidelity.md): against bands sized by each level's share
 * (Φ⁻¹ of its probability interval), which put a 2.6 % level in a thin
 * sliver beyond z = 2, equal bands let the flow learn glucose~diabetes
 * (w = 0: |Δ Pearson| 0.12 instead of 0.22–0.34) and halved the spread
 * between fits. The gaps let the flow switch a dependent column's level
 * smoothly instead of needing a sharp step.
 */
const LEVEL_MARGIN = 0.25;

/** Widest spacing between level centres; narrower for many levels, to stay in [−4, 4]. */
const LEVEL_SPACING = 2;

function levelSpacing(levels: number): number {
  return Math.min(LEVEL_SPACING, 8 / levels);
}

/** The encoded value of level k of K at position u in [0, 1] of its band. */
function levelBand(k: number, levels: number, u: number): number {
  const spacing = levelSpacing(levels);
  return (k - (levels - 1) / 2 + (u - 0.5)) * spacing;
}

function indicatorShares(codec: Modelled): number[] {
  const share = codec.indicator!.share;
  return [1 - share, share];
}

/** A categorical column's level shares, read off its ladder of atoms. */
function levelShares(codec: CategoricalCodec): number[] {
  const { values, probabilities } = codec.ladder;
  return codec.levels.map((_, k) => {
    const first = values.indexOf(k);
    const last = values.lastIndexOf(k);
    return first < 0 ? 0 : probabilities[last] - probabilities[first];
  });
}

/**
 * Between each pair of neighbouring levels, the encoded interval no row
 * occupies (from the top of one band's occupied middle to the bottom of
 * the next), each end pulled in by a hair so a cut never touches a band.
 */
function levelGaps(levels: number): [number, number][] {
  const hair = 1e-6;
  const gaps: [number, number][] = [];
  for (let k = 0; k + 1 < levels; k++) {
    gaps.push([levelBand(k, levels, 1 - LEVEL_MARGIN) + hair,
      levelBand(k + 1, levels, LEVEL_MARGIN) - hair]);
  }
  return gaps;
}

const middle = ([low, high]: [number, number]) => (low + high) / 2;

/** The level of an encoded value: how many cuts lie below it. */
function levelAt(cuts: number[], encoded: number): number {
  let level = 0;
  while (level < cuts.length && encoded > cuts[level]) level++;
  return level;
}

/**
 * The value dimension of a missing cell: a draw from the column's fitted
 * distribution (method.md §4), so the flow sees no spike. A category is
 * drawn by the level shares and placed in its band like an observed one,
 * so its level, and with it the level shifts, reads the same at any cuts.
 */
function missingFill(codec: Modelled, rng: Random): number {
  if (codec.kind === 'numeric') return toNormalScore(rng.uniform());
  const shares = levelShares(codec);
  let level = 0;
  for (let u = rng.uniform() - shares[0]; u >= 0 && level + 1 < shares.length; level++) {
    u -= shares[level + 1];
  }
  return encodeValue(codec, level, rng);
}

/** The normal score of a clipped raw value (a level index when categorical). */
function encodeValue(codec: Modelled, raw: number, rng: Random): number {
  if (codec.kind === 'categorical') {
    return levelBand(raw, codec.levels.length, position(rng, LEVEL_MARGIN));
  }
  const u = position(rng);
  const t = dequantizes(codec) ? raw + u : raw;
  return toNormalScore(ladderProbability(codec.ladder, t, u));
}

function rawValue(codec: Modelled, cell: string, i: number, file?: string): number {
  if (codec.kind === 'numeric') {
    return Math.min(Math.max(unclippedValue(codec, cell, i, file), codec.lower), codec.upper);
  }
  const code = codec.levels.indexOf(cell);
  if (code < 0) {
    throw new LniError('cell-type', `"${cell}" is not a level seen when fitting.`, {
      file, column: codec.name, row: i + 1, hint: 'fit the encoder on rows with this level' });
  }
  return code;
}

/** A numeric cell on the encoder's raw scale (log when transformed), before clipping. */
function unclippedValue(codec: NumericCodec, cell: string, i: number, file?: string): number {
  const value = readValue(cell, codec.type, codec.dateFormat, codec.format.decimal);
  if (Number.isNaN(value)) {
    throw new LniError('cell-type', `"${cell}" is not a valid ${codec.type} value.`, {
      file, column: codec.name, row: i + 1, hint: 'fix the cell or the column type' });
  }
  return codec.transform === 'log' ? (value > 0 ? Math.log(value) : -Infinity) : value;
}

function decodeValue(codec: NumericCodec, encoded: number): string {
  assert(Number.isFinite(encoded), () => `decode got a non-finite value in "${codec.name}"`);
  const raw = ladderValue(codec.ladder, fromNormalScore(encoded));
  if (codec.type === 'continuous') {
    const clipped = Math.min(Math.max(raw, codec.lower), codec.upper);
    const value = codec.transform === 'log' ? Math.exp(clipped) : clipped;
    return formatNumber(value, codec.format);
  }
  // The ladder of v + U ends at max + 1, which belongs to no value; an
  // integer too large to dequantize is rounded instead.
  const last = codec.ladder.values[codec.ladder.values.length - 1];
  const value = dequantizes(codec)
    ? Math.min(Math.max(Math.floor(raw), Math.ceil(codec.lower)), Math.floor(codec.upper), last - 1)
    : Math.min(Math.max(Math.round(raw), Math.ceil(codec.lower)), Math.floor(codec.upper));
  return codec.type === 'date'
    ? formatDate(value, codec.dateFormat!) : formatNumber(value, codec.format);
}
