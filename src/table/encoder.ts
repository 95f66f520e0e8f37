import { assert, LniError } from '../util/errors.js';
import {
  conditionals, ENCODE_SWEEPS, fitCopula, gibbsSweeps, matchDrawnCorrelations, type CellIntervals,
  type Conditionals,
} from './copula.js';
import { Random } from '../util/random.js';
import { cellShape, formatNumber, isMissing, RARE_LEVEL_ROWS, toGrid } from './cells.js';
import {
  dequantizes, fitCodec, idDigits, readValue, type CategoricalCodec, type Codec, type Indicator,
  type NumericCodec,
} from './codec.js';
import { formatDate } from './dates.js';
import { ladderProbability, ladderValue, type Ladder } from './ladder.js';
import { fitLevelLadders, type LevelLadder, type NumberColumn } from './level-ladders.js';
import { fromNormalScore, NORMAL_SCORE_BOUND, toNormalScore } from './normal-score.js';
import { checkTableShape, checkTableSize } from './infer.js';
import { validateSchema, type Schema } from './schema.js';
import {
  readCopulaJson, readCutpointsJson, readDateGapsJson, readDateOrdersJson, readEncoderJson,
  readLevelLaddersJson, readLevelMarginJson, readLevelShiftsJson, readTimeSplitsJson,
} from './encoder-json.js';
import {
  fitDateOrders, nearDateOrderNotes, restoreDateOrders, type DateOrder,
} from './date-orders.js';
import {
  asDates, fitDateGaps, fromGaps, gapCodecs, gapNotes, toGaps, type DateGap,
} from './date-gaps.js';
import {
  fitTimeSplits, joinTimes, splitAsDates, splitCodecs, splitTimes, type TimeSplit,
} from './date-times.js';
import {
  applyLevelShifts, fitLevelShifts, shiftRange, type LevelShift,
} from './level-shifts.js';
import type { BoundSource, Table } from './types.js';

const ENCODER_FORMAT = 'lni-encoder';
const ENCODER_VERSION = 6;

// Uniform positions are kept in [δ, 1 − δ] so that a cell encoded at the
// edge of its share still decodes to itself after Φ(Φ⁻¹(q)) rounding.
const EDGE = 1e-6;

/** The seed of the one encoding the encoder's fitted parts are read off (any fixed value). */
const FIT_SEED = 1;

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

/** What Encoder.fit learns beyond the codecs: see level-shifts.ts, level-ladders.ts, copula.ts. */
interface FittedParts {
  shifts?: readonly LevelShift[];
  ladders?: readonly LevelLadder[];
  /** The copula's correlation matrix (p × p); absent for plain dequantization. */
  copula?: Float64Array;
  /** The share of each level's band left empty at either end (levelMargin). */
  margin?: number;
  /** Orders between date columns that decoding restores (date-orders.ts). */
  dateOrders?: readonly DateOrder[];
  /** Dates encoded as the time after an earlier date (date-gaps.ts), bases first. */
  dateGaps?: readonly DateGap[];
  /** Date-times encoded as a day and a time of day (date-times.ts). */
  timeSplits?: readonly TimeSplit[];
  /** What fitting decided that the person fitting should hear; not saved. */
  notes?: readonly string[];
}

/**
 * Per encoded dimension, the cuts that decide a level: for a categorical
 * dimension with K levels, K − 1 rising cuts in encoded units; for a
 * missing indicator, one (above it: missing), or one per missing token
 * when the column writes several; null for a number.
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

  /** Per level-coded dimension, the middle of each gap between bands; null for a number. */
  private readonly gapMiddles: (number[] | null)[];

  /** The Gibbs sampler of the fitted copula, or null for plain dequantization. */
  private readonly conditionals: Conditionals | null;

  private readonly shifts: readonly LevelShift[];
  private readonly copula: Float64Array | null;
  private readonly margin: number;
  private readonly ladders: readonly LevelLadder[];
  private readonly ladderOf: Map<number, LevelLadder>;
  private readonly codecAtDimension: Modelled[];
  /** The codecs as the table writes them: gaps and split date-times as their dates. */
  private readonly writtenCodecs: Codec[];

  private constructor(
    private readonly codecs: Codec[], cutpoints: Cutpoints | null = null,
    private readonly parts: FittedParts = {},
  ) {
    this.shifts = parts.shifts ?? [];
    this.copula = parts.copula ?? null;
    // An encoder built for its shares alone never places a cell.
    this.margin = parts.margin ?? WIDEST_LEVEL_MARGIN;
    this.ladders = parts.ladders ?? [];
    this.labels = [];
    for (const codec of codecs) {
      if (codec.kind !== 'numeric' && codec.kind !== 'categorical') continue;
      if (hasValue(codec)) this.labels.push(codec.name);
      if (codec.indicator !== null) this.labels.push(`${codec.name}:missing`);
    }
    this.dimension = this.labels.length;
    this.cutpoints = cutpoints;
    this.ladderOf = new Map(this.ladders.map((ladder) => [ladder.dimension, ladder]));
    this.codecAtDimension = [];
    this.forEachDimension((codec) => this.codecAtDimension.push(codec));
    this.conditionals = this.copula === null ? null : conditionals(this.copula, this.dimension);
    this.gapMiddles = this.levelShares().map((share) => (share === null ? null
      : levelGaps(share, this.margin).map(middle)));
    this.levelCuts = this.gapMiddles.map((middles, j) => (middles === null ? null
      : cutpoints?.[j] ?? middles));
    this.writtenCodecs = asDates(splitAsDates(codecs, parts.timeSplits ?? []),
      parts.dateGaps ?? []);
  }

  /**
   * Fits the encoder on these rows only (levels, formats, bounds, scaling,
   * fill quantiles). Throws LniError for a schema that does not match the
   * table, a cell that does not read as its column's type, or a table too
   * small to model.
   */
  static fit(written: Table, declared: Schema, file?: string): Encoder {
    checkTableSize(written, file);
    // With "strayTexts" applied, the cells read as they did for inference.
    const schema = validateSchema(declared, written, file);
    const codecs = schema.columns.map((column) =>
      fitCodec(column, written.columns[written.names.indexOf(column.name)], file));
    const inTableOrder = written.names.map((name) => codecs.find((codec) => codec.name === name)!);
    const dateOrders = fitDateOrders(inTableOrder, written);
    const dateGaps = fitDateGaps(inTableOrder, schema, written, dateOrders);
    const gapped = toGaps(written, dateGaps, inTableOrder, file).table;
    const afterGaps = gapCodecs(inTableOrder, gapped, dateGaps, file);
    const timeSplits = fitTimeSplits(afterGaps, schema);
    const table = splitTimes(gapped, timeSplits, afterGaps, file);
    const order = splitCodecs(afterGaps, table, timeSplits, file);
    const rows = table.rowCount;
    // Each stage is fitted on one fixed draw of the dequantization noise,
    // so the same rows always give the same encoder.
    const margin = levelMargin(rows);
    const draw = (stage: Encoder, edge = margin) =>
      stage.encodeCells(table, new Random(FIT_SEED), file, edge);
    const start = new Encoder(order, null, { margin });
    const p = start.dimension;
    const plain = draw(start).x;
    const levelsOf = (d: number) =>
      Int32Array.from({ length: rows }, (_, i) => start.cellLevel(d, plain[i * p + d]));
    const ladders = fitLevelLadders(plain, rows, p, start.numberColumns(table, file),
      start.discreteDimensions(), levelsOf);
    const shifts = fitLevelShifts(draw(new Encoder(order, null, { ladders, margin })).x, rows,
      start.shiftLayout(), (d, value) => start.cellLevel(d, value));
    // R is read off each level's whole band: the latent interval behind it,
    // then matched to what the encoder's draws (in the bands less their
    // margins) give, since those are the rows the flow learns. The chain
    // reuses FIT_SEED's stream, which placed its start; its warm-up sweeps
    // leave that behind.
    const scored = new Encoder(order, null, { ladders, shifts, margin });
    const drawn = draw(scored);
    const copula = matchDrawnCorrelations(fitCopula(rows, p, draw(scored, EDGE).intervals), p,
      drawn.x, rows, drawn.intervals, start.levelShares().map((share) => share !== null),
      new Random(FIT_SEED));
    return new Encoder(order, null, { ladders, shifts, copula, margin, dateOrders, dateGaps,
      timeSplits, notes: [...gapNotes(gapped, dateGaps, file),
        ...nearDateOrderNotes(inTableOrder, written, file)] });
  }

  /** The numbers that may be scored per level: raw values per row (NaN when missing). */
  private numberColumns(table: Table, file?: string): NumberColumn[] {
    const columns: NumberColumn[] = [];
    this.forEachDimension((codec, dimension, kind) => {
      if (kind !== 'value' || codec.kind !== 'numeric' || codec.source !== 'data') return;
      const cells = table.columns[table.names.indexOf(codec.name)];
      const raw = Float64Array.from(cells, (cell, i) =>
        (isMissing(cell, codec.rule) ? NaN : rawValue(codec, cell, i, file)));
      columns.push({ dimension, raw, dequantized: dequantizes(codec) });
    });
    return columns;
  }

  /** The categories' value dimensions and their level counts. */
  private discreteDimensions(): { dimension: number; levels: number }[] {
    const dimensions: { dimension: number; levels: number }[] = [];
    this.forEachDimension((codec, dimension, kind) => {
      if (kind === 'value' && codec.kind === 'categorical') {
        dimensions.push({ dimension, levels: codec.levels.length });
      }
    });
    return dimensions;
  }

  private codecAt(dimension: number): Modelled {
    return this.codecAtDimension[dimension];
  }

  /** Calls back for every encoded dimension with its column's codec. */
  private forEachDimension(
    visit: (codec: Modelled, dimension: number, kind: 'value' | 'indicator') => void,
  ): void {
    let dimension = 0;
    for (const codec of this.codecs) {
      if (codec.kind !== 'numeric' && codec.kind !== 'categorical') continue;
      if (hasValue(codec)) visit(codec, dimension++, 'value');
      if (codec.indicator !== null) visit(codec, dimension++, 'indicator');
    }
  }

  /** What fitting decided that the person fitting should hear (none once loaded from a file). */
  get notes(): readonly string[] {
    return this.parts.notes ?? [];
  }

  /** Reads an encoder saved by toJSON; LniError('model-invalid') if malformed. */
  static fromJSON(json: unknown): Encoder {
    const codecs = readEncoderJson(json, ENCODER_FORMAT, ENCODER_VERSION);
    const bare = new Encoder(codecs);
    const shares = bare.levelShares();
    const timeSplits = readTimeSplitsJson(json, codecs);
    const dates = splitAsDates(codecs, timeSplits);
    const dateGaps = readDateGapsJson(json, dates);
    const plain = new Encoder(codecs, null, {
      shifts: readLevelShiftsJson(json, shares),
      ladders: readLevelLaddersJson(json, shares, new Set(bare.discreteDimensions()
        .map(({ dimension }) => dimension))),
      copula: readCopulaJson(json, bare.dimension),
      margin: readLevelMarginJson(json),
      dateOrders: readDateOrdersJson(json, asDates(dates, dateGaps)),
      dateGaps,
      timeSplits,
    });
    const cutpoints = readCutpointsJson(json, shares);
    return cutpoints === null ? plain : plain.withCutpoints(cutpoints, 'as-given');
  }

  toJSON(): unknown {
    return {
      format: ENCODER_FORMAT, version: ENCODER_VERSION, columns: this.codecs,
      levelShifts: this.shifts,
      levelLadders: this.ladders,
      levelMargin: this.margin,
      dateOrders: this.parts.dateOrders ?? [],
      dateGaps: this.parts.dateGaps ?? [],
      timeSplits: this.parts.timeSplits ?? [],
      ...(this.copula === null ? {} : { copula: Array.from(this.copula) }),
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
      return levelGaps(share, this.margin)
        .map(([low, high], k) => Math.min(Math.max(cuts[k], low), high));
    });
    return new Encoder(this.codecs, kept, this.parts);
  }

  /** The cuts levels are read at, per dimension (null for a number). */
  cuts(): Cutpoints {
    return this.levelCuts.map((cuts) => cuts?.slice() ?? null);
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
   * The level of a value still inside its cell's band, as encoding places
   * it: read at the gaps between bands, never at decode cuts, which may lie
   * inside a band (cuts matched to the flow's samples).
   */
  private cellLevel(dimension: number, value: number): number {
    return levelAt(this.gapMiddles[dimension]!, value);
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
      const absent = absence(codec);
      for (let i = 0; i < cells.length; i++) {
        if (!levels.has(cells[i]) && !absent(cells[i])) {
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
    written: Table, file?: string, fileRow: (index: number) => number = (i) => i + 1,
  ): string[] {
    const { table, orphans } = this.modelledTable(written, file);
    // Rows the fitted rows never resembled: a later date without the one it is modelled after.
    const warnings = orphans.map(({ column, base, rows }) => `warning: ${file === undefined
      ? '' : `${file}, `}column "${column}": ${rows.length} row${rows.length === 1 ? ' has' : 's have'} `
      + `a date but no "${base}" (the first in row ${fileRow(rows[0])}), which every fitted row `
      + 'with one had; the date is modelled as the time after it, so these are encoded as missing '
      + '(filled in like any missing value if the fitted rows had no missing one)');
    for (const codec of this.codecs) {
      if (codec.kind !== 'numeric' && codec.kind !== 'categorical') continue;
      const cells = table.columns[table.names.indexOf(codec.name)];
      if (cells === undefined) continue;
      // A time of day is missing where its day is, and the day's warning says so.
      const timeOfDay = this.writtenColumn(codec.name) !== codec.name;
      const unmodelledMissing = codec.indicator === null && hasValue(codec) && !timeOfDay
        ? cells.flatMap((cell, i) => (isMissing(cell, codec.rule) ? [i] : [])) : [];
      if (unmodelledMissing.length > 0) {
        const column = this.writtenColumn(codec.name);
        const count = unmodelledMissing.length;
        warnings.push(`warning: ${file === undefined ? '' : `${file}, `}column "${column}": ` +
          `${count} of ${cells.length} cells ${count === 1 ? 'is' : 'are'} missing (the first in ` +
          `row ${fileRow(unmodelledMissing[0])}), but the rows the model was fitted on had none, ` +
          'so it has no missing indicator for this column: they are released as values drawn ' +
          'given the rest of the row, not as missing cells');
      }
      if (codec.kind === 'categorical') {
        warnings.push(...this.unkeptLabelWarnings(codec, cells, file, fileRow));
        continue;
      }
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
      // A date modelled as the time after another, or a date-time's time of
      // day: what lies outside is that time, not the date.
      const gap = this.parts.dateGaps?.find((g) => g.follower === codec.name);
      const split = this.parts.timeSplits?.find((t) => t.time === codec.name);
      const column = this.writtenColumn(codec.name);
      const values = gap !== undefined ? `times after "${gap.base}"`
        : split !== undefined ? 'times of day' : 'values';
      // Clipping a few values is ordinary; clipping most of them means the
      // model belongs to other data (another unit or scale), and the
      // release would be silently wrong.
      if (outside > observed / 2) {
        throw new LniError('model-data-mismatch', `${outside} of ${observed} ${values} lie outside ` +
          `the model's range (${range}), the first in this row; the model was not fitted on ` +
          'data like these.', {
            file, column, row: fileRow(first),
            hint: 'check the units of this column, or fit a model on these data' });
      }
      if (outside > 0) {
        warnings.push(`warning: ${file === undefined ? '' : `${file}, `}column "${column}": ` +
          `${outside} of ${cells.length} ${values} lie outside the model's range (${range}; the ` +
          `first in row ${fileRow(first)}); they are encoded clipped to it`);
      }
    }
    return warnings;
  }

  /**
   * The table as the encoder models it: each date it models as a gap after
   * another written as that gap, each date-time as a day and a time of day;
   * with the rows that have a gap's date but not its base (toGaps).
   */
  private modelledTable(
    written: Table, file?: string,
  ): { table: Table; orphans: ReturnType<typeof toGaps>['orphans'] } {
    checkTableShape(written, file);
    const dates = this.writtenCodecs;
    const { table: gapped, orphans } = toGaps(written, this.parts.dateGaps ?? [], dates, file);
    return { table: splitTimes(gapped, this.parts.timeSplits ?? [], dates, file), orphans };
  }

  /**
   * A text column whose withheld labels read as missing also reads so any
   * label the model never kept: a few (rare ones withheld at fit) are
   * warned of; most of the column means the model is not one for these
   * data (labels recoded, another language), and the release would
   * silently invent the fitted labels.
   */
  private unkeptLabelWarnings(
    codec: CategoricalCodec, cells: readonly string[], file: string | undefined,
    fileRow: (index: number) => number,
  ): string[] {
    if (codec.unlisted !== 'missing') return [];
    const levels = new Set(codec.levels);
    let observed = 0;
    const unkept: number[] = [];
    cells.forEach((cell, i) => {
      if (isMissing(cell, codec.rule)) return;
      observed++;
      if (!levels.has(cell)) unkept.push(i);
    });
    if (unkept.length === 0) return [];
    if (unkept.length > observed / 2) {
      throw new LniError('model-data-mismatch', `${unkept.length} of ${observed} cells hold labels `
        + 'the model does not know, the first in this row; the model was not fitted on data '
        + 'like these.', { file, column: codec.name, row: fileRow(unkept[0]),
        hint: 'check how this column\'s labels are written (spelling, case, codes), or fit a '
          + 'model on these data' });
    }
    return [`warning: ${file === undefined ? '' : `${file}, `}column "${codec.name}": `
      + `${unkept.length} of ${cells.length} cells hold labels the model does not keep (not in `
      + `the fitted rows, or held there by fewer than ${RARE_LEVEL_ROWS}; the first in row `
      + `${fileRow(unkept[0])}); they are encoded as missing cells`
      + (codec.indicator === null ? ', released as values since the fitted rows had none' : '')];
  }

  /** The input column a modelled one comes from: a time of day's date-time, or itself. */
  private writtenColumn(modelled: string): string {
    return this.parts.timeSplits?.find((t) => t.time === modelled)?.column ?? modelled;
  }

  /** The cuts of a level-coded dimension: the stored ones, or each gap's middle. */
  private cutsAt(dimension: number): number[] {
    const cuts = this.levelCuts[dimension];
    assert(cuts !== null, () => `dimension ${dimension} is a number and has no cuts`);
    return cuts;
  }

  /** Names of the columns decode writes, in order (dropped ones left out). */
  get outputNames(): string[] {
    const hidden = new Set((this.parts.timeSplits ?? []).map((split) => split.time));
    return this.codecs.filter((codec) => codec.kind !== 'drop' && !hidden.has(codec.name))
      .map((codec) => codec.name);
  }

  /**
   * Encodes rows (row-major, rows × dimension) as normal scores in
   * [−B, B]: e = Φ⁻¹(q), q the cell's place in its column's fitted
   * distribution (its level's, for a number scored per level), less its
   * level shifts. Values outside the box are clipped into it. A cell that
   * is not one distinct number owns an interval of scores (an integer or
   * tied value's atom, a category's or indicator's share, the whole range
   * for a missing number) and gets a fresh position in it from `rng`,
   * drawn given the row's other scores under the fitted copula (part of
   * the mechanism's randomness, §3.7).
   */
  encode(written: Table, rng: Random, file?: string): Float64Array {
    const { table } = this.modelledTable(written, file);
    const { x, intervals } = this.encodeCells(table, rng, file);
    if (this.conditionals !== null) {
      gibbsSweeps(x, table.rowCount, intervals, this.conditionals, rng, ENCODE_SWEEPS);
    }
    return x;
  }

  /**
   * Fresh encodings of the same rows, one per call (training redraws its
   * dequantization every epoch). Under a copula each call continues one
   * Gibbs chain by a sweep, which draws from the same conditional as a
   * fresh encode at a twentieth of the cost.
   */
  encodings(written: Table, rng: Random, file?: string): () => Float64Array {
    if (this.conditionals === null) return () => this.encode(written, rng.fork(), file);
    const { table } = this.modelledTable(written, file);
    const given = this.conditionals;
    let state: { x: Float64Array; intervals: CellIntervals } | null = null;
    return () => {
      if (state === null) {
        state = this.encodeCells(table, rng, file);
        gibbsSweeps(state.x, table.rowCount, state.intervals, given, rng, ENCODE_SWEEPS);
      } else gibbsSweeps(state.x, table.rowCount, state.intervals, given, rng, 1);
      return Float64Array.from(state.x);
    };
  }

  /**
   * Each cell's plain dequantized score and, under a copula, the interval
   * of scores that decode to the same cell.
   */
  private encodeCells(
    table: Table, rng: Random, file?: string, margin = this.margin,
  ): { x: Float64Array; intervals: CellIntervals } {
    const p = this.dimension;
    const x = new Float64Array(table.rowCount * p);
    const intervals: CellIntervals = {
      lower: new Float64Array(table.rowCount * p), upper: new Float64Array(table.rowCount * p),
      missing: new Uint8Array(table.rowCount * p),
    };
    const put = (at: number, cell: ScoreCell) => {
      x[at] = cell.value;
      intervals.lower[at] = cell.lower;
      intervals.upper[at] = cell.upper;
    };
    let offset = 0;
    for (const codec of this.codecs) {
      if (codec.kind !== 'numeric' && codec.kind !== 'categorical') continue;
      const j = table.names.indexOf(codec.name);
      if (j < 0) {
        throw new LniError('encode-column', 'The table lacks a column the encoder needs.', {
          file, column: codec.name, hint: 'give the same columns as the fitted table' });
      }
      const cells = table.columns[j];
      const absent = absence(codec);
      const bands = codec.indicator === null ? [] : indicatorBands(codec);
      for (let i = 0; i < table.rowCount; i++) {
        // A missing cell in a column whose fit rows had none (split mode,
        // or synthesizing rows other than the fitted ones) is filled like
        // any missing value; with no indicator it is released as a value
        // (clippingWarnings counts them).
        // Limitation: such a column's missing cells are not kept as missing.
        const missing = absent(cells[i]);
        let column = offset;
        if (hasValue(codec)) {
          put(i * p + column, missing ? missingCell(codec, rng, margin)
            : cellScores(codec, rawValue(codec, cells[i], i, file), rng, margin));
          if (missing) intervals.missing[i * p + column] = 1;
          column++;
        }
        if (codec.indicator !== null) {
          const level = missing ? 1 + tokenIndex(codec.indicator, cells[i]) : 0;
          put(i * p + column, indicatorCell(bands[level], rng, margin));
        }
      }
      offset += (hasValue(codec) ? 1 : 0) + (codec.indicator !== null ? 1 : 0);
    }
    // Numbers scored per level, once the levels they go by are in place.
    for (const { dimension, by, ladders } of this.ladders) {
      const codec = this.codecAt(dimension) as NumericCodec;
      const cells = table.columns[table.names.indexOf(codec.name)];
      for (let i = 0; i < table.rowCount; i++) {
        if (isMissing(cells[i], codec.rule)) continue;
        const ladder = ladders[this.cellLevel(by, x[i * p + by])];
        put(i * p + dimension, cellScores(codec, rawValue(codec, cells[i], i, file), rng, margin,
          ladder));
      }
    }
    // Every level-coded value, and each end of its interval, sits inside its
    // own band here, so any cuts in the gaps read the same levels; the
    // Gibbs draws keep them there.
    const levelOf = (d: number, value: number) => this.cellLevel(d, value);
    for (const array of [intervals.lower, intervals.upper, x]) {
      applyLevelShifts(array, table.rowCount, p, this.shifts, levelOf, -1);
    }
    return { x, intervals };
  }

  /**
   * Decodes rows back to a table shaped like the input: same columns (less
   * dropped ones), values clipped into the box, integers floored, numbers
   * in the column's decimals, only category levels seen at fit, missing
   * cells written with the column's own token. Pure post-processing.
   * Constant columns repeat their value, empty ones their missing token,
   * ID columns get fresh IDs (prefix + row number, one digit longer than
   * any real ID), never the real ones. `released` is the table whose rows
   * these are, when they are not the fitted rows (split mode, `synthesize`
   * on other rows): fresh IDs are then one digit longer than its IDs too.
   */
  decode(encoded: Float64Array, rows: number, released?: Table): Table {
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
        const releasedIds = released?.columns[released.names.indexOf(codec.name)] ?? [];
        const digits = released === undefined ? codec.digits
          : Math.max(codec.digits ?? 0, idDigits(releasedIds));
        for (let i = 0; i < rows; i++) {
          cells[i] = codec.prefix + (digits === undefined
            ? String(i + 1).padStart(codec.width, '0')
            : `1${String(i + 1).padStart(digits, '0')}`);
        }
      } else {
        const valueAt = hasValue(codec) ? offset++ : -1;
        const indicatorAt = codec.indicator !== null ? offset++ : -1;
        const indicatorCuts = indicatorAt >= 0 ? this.cutsAt(indicatorAt) : [];
        const valueCuts = valueAt >= 0 && codec.kind === 'categorical'
          ? this.cutsAt(valueAt) : [];
        for (let i = 0; i < rows; i++) {
          const missing = indicatorAt < 0 ? 0 : levelAt(indicatorCuts, x[i * p + indicatorAt]);
          if (missing >= 1) {
            cells[i] = tokenOf(codec.indicator!, missing);
            continue;
          }
          if (codec.kind === 'categorical') {
            cells[i] = codec.levels[valueAt < 0 ? 0 : levelAt(valueCuts, x[i * p + valueAt])];
          } else {
            const scored = this.ladderOf.get(valueAt);
            cells[i] = decodeValue(codec, x[i * p + valueAt], scored === undefined ? codec.ladder
              : scored.ladders[levelAt(this.cutsAt(scored.by), x[i * p + scored.by])]);
          }
        }
      }
    }
    const splits = this.parts.timeSplits ?? [];
    const decoded = joinTimes({ names, columns, rowCount: rows }, splits, this.codecs);
    const gaps = this.parts.dateGaps ?? [];
    const orders = this.parts.dateOrders ?? [];
    // Orders among dates that are no gaps first: a base they move carries
    // the dates after it along, so those keep their modelled times.
    const followers = new Set(gaps.map((gap) => gap.follower));
    restoreDateOrders(decoded, this.writtenCodecs,
      orders.filter((order) => !followers.has(order[0]) && !followers.has(order[1])));
    fromGaps(decoded, gaps, splitAsDates(this.codecs, splits));
    restoreDateOrders(decoded, this.writtenCodecs, orders);
    return decoded;
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
    const valueSources: BoundSource[] = [];
    for (const codec of this.codecs) {
      if (codec.kind !== 'numeric' && codec.kind !== 'categorical') continue;
      const count = (hasValue(codec) ? 1 : 0) + (codec.indicator !== null ? 1 : 0);
      for (let k = 0; k < count; k++) {
        lower.push(-NORMAL_SCORE_BOUND);
        upper.push(NORMAL_SCORE_BOUND);
      }
      if (hasValue(codec)) {
        sources.push(codec.source);
        valueSources.push(codec.source);
      }
      if (codec.indicator !== null) sources.push('schema');
    }
    // A shifted number spans its score box moved by every shift it can get.
    for (const [dimension, [low, high]] of shiftRange(this.shifts)) {
      lower[dimension] -= high;
      upper[dimension] -= low;
    }
    // A missing indicator rests on no bound, so it says nothing of whether
    // the bounds were declared: the table's source is its values'.
    const all = (s: BoundSource) => valueSources.every((source) => source === s);
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
 * The share of each level's band its cells leave empty at either end, so a
 * row must cross an empty sliver to change level: min(0.25, 4.5/√n) for n
 * fit rows. A wide sliver keeps more rows at their level under latent
 * noise, which lowers the release's sampling noise, largest in small
 * tables (∝ 1/√n); but holes in each discrete column's marginal cost the
 * flow, whatever n. Measured (max |Δ Pearson| at w = 0.8,
 * bench/results/fidelity.md, session 5): Cleveland (303 rows) did best at
 * 0.25 of 0, 0.15 and 0.25; Framingham (4,238) at 0.07 of 0.07–0.25, where
 * at 0.25 its smoking pairs lost a third of their correlation. The
 * copula's correlations are read off the whole bands (Encoder.fit).
 */
export function levelMargin(rows: number): number {
  return Math.min(WIDEST_LEVEL_MARGIN, 4.5 / Math.sqrt(rows));
}

const WIDEST_LEVEL_MARGIN = 0.25;

/** An indicator's level shares: observed, then missing, split by token when there are several. */
function indicatorShares(codec: Modelled): number[] {
  const { share, mix } = codec.indicator!;
  return mix === undefined ? [1 - share, share]
    : [1 - share, ...mix.map(([, part]) => share * part)];
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

const middle = ([low, high]: [number, number]) => (low + high) / 2;

/** The level of an encoded value: how many cuts lie below it. */
function levelAt(cuts: number[], encoded: number): number {
  let level = 0;
  while (level < cuts.length && encoded > cuts[level]) level++;
  return level;
}

/** A level drawn by the column's shares. */
function drawLevel(codec: CategoricalCodec, rng: Random): number {
  const shares = levelShares(codec);
  let level = 0;
  for (let u = rng.uniform() - shares[0]; u >= 0 && level + 1 < shares.length; level++) {
    u -= shares[level + 1];
  }
  return level;
}

/**
 * Whether a cell counts as missing for this codec: one of its tokens or
 * codes, or, where the fit withheld rare text levels, any text that is
 * none of its levels.
 */
function absence(codec: Modelled): (cell: string) => boolean {
  if (codec.kind !== 'categorical' || codec.unlisted !== 'missing') {
    return (cell) => isMissing(cell, codec.rule);
  }
  const levels = new Set(codec.levels);
  return (cell) => !levels.has(cell) || isMissing(cell, codec.rule);
}

function rawValue(codec: Modelled, cell: string, i: number, file?: string): number {
  if (codec.kind === 'numeric') {
    return Math.min(Math.max(unclippedValue(codec, cell, i, file), codec.lower), codec.upper);
  }
  const code = codec.levels.indexOf(cell);
  if (code < 0) {
    throw new LniError('cell-type', `The cell (${cellShape(cell)}) is not a level seen when `
      + 'fitting.', {
      file, column: codec.name, row: i + 1, hint: 'fit the encoder on rows with this level' });
  }
  return code;
}

/** A numeric cell on the encoder's raw scale (log when transformed), before clipping. */
function unclippedValue(codec: NumericCodec, cell: string, i: number, file?: string): number {
  const value = readValue(cell, codec.type, codec.dateFormat, codec.format.decimal, codec.format);
  if (Number.isNaN(value)) {
    throw new LniError('cell-type',
      `The cell (${cellShape(cell)}) is not a valid ${codec.type} value.`, {
      file, column: codec.name, row: i + 1, hint: 'fix the cell or the column type' });
  }
  return codec.transform === 'log' ? (value > 0 ? Math.log(value) : -Infinity) : value;
}

function decodeValue(codec: NumericCodec, encoded: number, ladder: Ladder): string {
  assert(Number.isFinite(encoded), () => `decode got a non-finite value in "${codec.name}"`);
  const raw = ladderValue(ladder, fromNormalScore(encoded));
  if (codec.type === 'continuous') {
    const clipped = Math.min(Math.max(raw, codec.lower), codec.upper);
    const value = codec.transform === 'log' ? Math.exp(clipped) : clipped;
    const [low, high] = codec.transform === 'log'
      ? [Math.exp(codec.lower), Math.exp(codec.upper)] : [codec.lower, codec.upper];
    const { step, usual } = codec.format;
    const onGrid = step === undefined ? value : toGrid(value, step, low, high);
    // Written with the usual decimals, a value next to an end could round
    // past it (0.078954 to 0.0790 beside a largest 0.07895): then all of them.
    const rounded = usual === undefined ? onGrid : Number(onGrid.toFixed(usual));
    return formatNumber(onGrid, rounded < low || rounded > high
      ? { ...codec.format, usual: undefined } : codec.format);
  }
  // The ladder of v + U ends at max + 1, which belongs to no value; an
  // integer too large to dequantize is rounded instead.
  const last = codec.ladder.values[codec.ladder.values.length - 1];
  const value = dequantizes(codec)
    ? Math.min(Math.max(Math.floor(raw), Math.ceil(codec.lower)), Math.floor(codec.upper), last - 1)
    : Math.min(Math.max(Math.round(raw), Math.ceil(codec.lower)), Math.floor(codec.upper));
  const { step } = codec.format;
  const onGrid = step === undefined ? value : toGrid(value, step, codec.lower, codec.upper);
  return codec.type === 'date' ? formatDate(onGrid, codec.dateFormat!)
    : formatNumber(onGrid, codec.format);
}

/** A cell's dequantized score and the interval of scores that decode to it. */
interface ScoreCell {
  value: number;
  lower: number;
  upper: number;
}

/**
 * The value of a missing cell. A number's is free over the whole score
 * range (the copula draws it given the row's other scores, method.md §4).
 * A category's is a level drawn by the shares, then placed in that level's
 * band like an observed one, so its level reads the same at any cuts and
 * the shifts and ladders that go by it stay fixed while it is redrawn.
 */
function missingCell(codec: Modelled, rng: Random, margin: number): ScoreCell {
  if (codec.kind === 'categorical') return cellScores(codec, drawLevel(codec, rng), rng, margin);
  return { value: toNormalScore(rng.uniform()), lower: -NORMAL_SCORE_BOUND, upper: NORMAL_SCORE_BOUND };
}

/** An observed cell in its share of the column's ladder (a level's band for a category). */
function cellScores(
  codec: Modelled, raw: number, rng: Random, margin: number, ladder: Ladder = codec.ladder,
): ScoreCell {
  const deq = codec.kind === 'numeric' && dequantizes(codec);
  const at = (u: number) => toNormalScore(ladderProbability(ladder, deq ? raw + u : raw, u));
  const edge = codec.kind === 'categorical' ? margin : EDGE;
  return { value: at(position(rng, edge)), lower: at(edge), upper: at(1 - edge) };
}

/**
 * A missing indicator's levels as bands of [0, 1]: [0, 1 − s) observed,
 * [1 − s, 1) missing, split in a part per token when the column writes
 * several, as a category's levels (indicatorShares), so the flow models
 * which token goes with which rows (-8 not applicable for every man) and
 * release cuts and drawn counts treat the tokens as levels.
 */
function indicatorBands(codec: Modelled): [number, number][] {
  const shares = indicatorShares(codec);
  let low = 0;
  return shares.map((share, level) => {
    const band: [number, number] = [low, level === shares.length - 1 ? 1 : low + share];
    low += share;
    return band;
  });
}

/** An indicator cell at a fresh position inside its level's band (indicatorBands). */
function indicatorCell([low, high]: [number, number], rng: Random, margin: number): ScoreCell {
  const at = (u: number) => toNormalScore(low + (high - low) * u);
  return { value: at(position(rng, margin)), lower: at(margin), upper: at(1 - margin) };
}

/** Which of the indicator's tokens a missing cell is written with: its own, or the main one. */
function tokenIndex(indicator: Indicator, cell: string): number {
  if (indicator.mix === undefined) return 0;
  const found = indicator.mix.findIndex(([token]) => token === cell);
  return found >= 0 ? found : indicator.mix.findIndex(([token]) => token === indicator.token);
}

/** The token of an indicator's level k ≥ 1 (a missing cell). */
function tokenOf(indicator: Indicator, level: number): string {
  return indicator.mix === undefined ? indicator.token : indicator.mix[level - 1][0];
}

/**
 * Between neighbouring levels' bands, the sliver no cell occupies: from the
 * top of one level's share (less the EDGE every position keeps) to the
 * bottom of the next, each end pulled in so a cut never touches a band.
 */
function levelGaps(shares: number[], margin: number): [number, number][] {
  const gaps: [number, number][] = [];
  let cumulative = 0;
  for (let k = 0; k + 1 < shares.length; k++) {
    cumulative += shares[k];
    const low = toNormalScore(cumulative - shares[k] * margin);
    const high = toNormalScore(cumulative + shares[k + 1] * margin);
    const hair = (high - low) * 1e-3;
    gaps.push([low + hair, high - hair]);
  }
  return gaps;
}
