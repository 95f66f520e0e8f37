import { LniError } from '../util/errors.js';
import {
  EXPONENT_STYLE, isAffix, isMissing, MAX_AFFIX_LENGTH, SPACE_GROUPS, type MissingRule,
} from './cells.js';
import type { Codec } from './codec.js';
import { isOrderable, type DateOrder } from './date-orders.js';
import { readDateGaps, type DateGap } from './date-gaps.js';
import { readTimeSplits, type TimeSplit } from './date-times.js';
import { ticksPerDay } from './dates.js';
import { choleskyOrNull } from '../util/cholesky.js';
import type { LevelLadder } from './level-ladders.js';
import type { LevelShift } from './level-shifts.js';

type Json = Record<string, unknown>;

/**
 * Checks the shape of a saved encoder and returns its column codecs.
 * Throws LniError('model-invalid') naming the first field at fault, so a
 * damaged or foreign model file fails at load, not halfway through decode.
 */
export function readEncoderJson(json: unknown, format: string, version: number): Codec[] {
  const root = record(json, 'encoder');
  if (root.format !== format) fail(`"format" must be "${format}"`);
  if (root.version !== version) {
    fail(`"version" must be the number ${version}, got ${JSON.stringify(root.version) ?? 'nothing'}`);
  }
  if (!Array.isArray(root.columns)) fail('"columns" must be an array');
  return (root.columns as unknown[]).map((entry, j) => readCodec(entry, j));
}

/**
 * The optional decode cuts of a saved encoder (null when absent), checked
 * against the dimensions' level counts: K − 1 rising finite cuts for a
 * K-level dimension, null for a number.
 */
export function readCutpointsJson(
  json: unknown, shares: (number[] | null)[],
): (number[] | null)[] | null {
  const root = record(json, 'encoder');
  if (root.cutpoints === undefined) return null;
  const cutpoints = root.cutpoints;
  if (!Array.isArray(cutpoints) || cutpoints.length !== shares.length) {
    fail(`"cutpoints" must be an array with one entry per dimension (${shares.length})`);
  }
  return shares.map((share, j) => {
    const cuts: unknown = cutpoints[j];
    if (share === null) {
      if (cuts !== null) fail(`cutpoints[${j}] must be null (a number dimension)`);
      return null;
    }
    const valid = Array.isArray(cuts) && cuts.length === share.length - 1
      && cuts.every((c, k) => typeof c === 'number' && Number.isFinite(c)
        && (k === 0 || c >= (cuts[k - 1] as number)));
    if (!valid) fail(`cutpoints[${j}] must be ${share.length - 1} rising finite numbers`);
    return cuts as number[];
  });
}

/**
 * The level shifts of a saved encoder, checked against the dimensions'
 * level counts: each shifts a numeric dimension by finite offsets, one per
 * level of a discrete dimension. Required, possibly empty.
 */
export function readLevelShiftsJson(
  json: unknown, shares: (number[] | null)[],
): LevelShift[] {
  const root = record(json, 'encoder');
  // Required (an empty list when there are none): without them the numbers
  // would decode on the wrong scale and nothing would say so.
  if (!Array.isArray(root.levelShifts)) fail('"levelShifts" must be an array');
  const isDimension = (value: unknown, numeric: boolean) => Number.isInteger(value)
    && (value as number) >= 0 && (value as number) < shares.length
    && (shares[value as number] === null) === numeric;
  return (root.levelShifts as unknown[]).map((entry, i) => {
    const place = `levelShifts[${i}]`;
    const shift = record(entry, place);
    if (!isDimension(shift.dimension, true)) fail(`${place}.dimension must be a number dimension`);
    if (!Array.isArray(shift.terms)) fail(`${place}.terms must be an array`);
    const terms = (shift.terms as unknown[]).map((item, t) => {
      const term = record(item, `${place}.terms[${t}]`);
      if (!isDimension(term.by, false)) fail(`${place}.terms[${t}].by must be a level dimension`);
      const levels = shares[term.by as number]!.length;
      const offsets = term.offsets;
      const valid = Array.isArray(offsets) && offsets.length === levels
        && offsets.every((o) => typeof o === 'number' && Number.isFinite(o) && Math.abs(o) < 100);
      if (!valid) fail(`${place}.terms[${t}].offsets must be ${levels} finite numbers`);
      return { by: term.by as number, offsets: offsets as number[] };
    });
    return { dimension: shift.dimension as number, terms };
  });
}

/**
 * The copula's correlation matrix of a saved encoder: p × p finite
 * numbers, symmetric, unit diagonal, positive definite.
 */
export function readCopulaJson(json: unknown, p: number): Float64Array {
  const values = record(json, 'encoder').copula;
  const valid = Array.isArray(values) && values.length === p * p
    && values.every((v) => typeof v === 'number' && Number.isFinite(v) && Math.abs(v) <= 1);
  if (!valid) fail(`"copula" must be ${p} × ${p} numbers in [−1, 1]`);
  const r = Float64Array.from(values as number[]);
  for (let i = 0; i < p; i++) {
    if (r[i * p + i] !== 1) fail(`"copula" must have a unit diagonal (entry ${i})`);
    for (let j = 0; j < i; j++) {
      if (r[i * p + j] !== r[j * p + i]) fail(`"copula" must be symmetric (entries ${i}, ${j})`);
    }
  }
  if (p > 0 && choleskyOrNull(r, p, 1e-9) === null) fail('"copula" must be positive definite');
  return r;
}

/**
 * The date orders of a saved encoder (see date-orders.ts): pairs of two
 * distinct date columns. Optional: a model saved before orders were kept
 * restores none.
 */
export function readDateOrdersJson(json: unknown, codecs: readonly Codec[]): DateOrder[] {
  const orders = record(json, 'encoder').dateOrders;
  if (orders === undefined) return [];
  if (!Array.isArray(orders)) fail('"dateOrders" must be an array');
  const unit = (name: unknown) => {
    const codec = codecs.find((c) => c.name === name);
    return isOrderable(codec) ? ticksPerDay(codec.dateFormat) : null;
  };
  return (orders as unknown[]).map((entry, i) => {
    if (!Array.isArray(entry) || entry[0] === entry[1] || unit(entry[0]) === null
      || unit(entry[1]) === null || !(entry.length === 2
        || (entry.length === 3 && entry[2] === 'same' && unit(entry[0])! <= unit(entry[1])!))) {
      fail(`dateOrders[${i}] must name two distinct date columns, and "same" only after a ` +
        'column and one at least as fine');
    }
    return entry.length === 3 ? [entry[0] as string, entry[1] as string, 'same'] as const
      : [entry[0] as string, entry[1] as string] as const;
  });
}

/** The date-times a saved encoder models as a day and a time of day; absent means none. */
export function readTimeSplitsJson(json: unknown, codecs: readonly Codec[]): TimeSplit[] {
  return readTimeSplits(record(json, 'encoder').timeSplits, codecs, fail);
}

/** The dates a saved encoder writes as the time after an earlier date; absent means none. */
export function readDateGapsJson(json: unknown, codecs: readonly Codec[]): DateGap[] {
  const root = record(json, 'encoder');
  const gaps = readDateGaps(root.dateGaps, codecs, fail);
  // Fitting encodes a date after another only where the pair is an order.
  const orders = Array.isArray(root.dateOrders) ? root.dateOrders as unknown[] : [];
  gaps.forEach(({ base, follower }, i) => {
    if (!orders.some((order) => Array.isArray(order) && order.length === 2
      && order[0] === base && order[1] === follower)) {
      fail(`dateGaps[${i}] must be one of the "dateOrders"`);
    }
  });
  return gaps;
}

/** The share of each level's band left empty at either end: a number in [0, 0.5). Required. */
export function readLevelMarginJson(json: unknown): number {
  const margin = record(json, 'encoder').levelMargin;
  if (typeof margin !== 'number' || !(margin >= 0 && margin < 0.5)) {
    fail(`"levelMargin" must be a number in [0, 0.5), got ${JSON.stringify(margin) ?? 'nothing'}`);
  }
  return margin;
}

/**
 * The per-level ladders of a saved encoder: each scores a numeric
 * dimension by a categorical one, with one valid ladder per level.
 * Required, possibly empty.
 */
export function readLevelLaddersJson(
  json: unknown, shares: (number[] | null)[], categories: Set<number>,
): LevelLadder[] {
  const root = record(json, 'encoder');
  // Required, like the shifts: a number scored per level and decoded on
  // its column's one ladder comes out silently wrong.
  if (!Array.isArray(root.levelLadders)) fail('"levelLadders" must be an array');
  const seen = new Set<number>();
  return (root.levelLadders as unknown[]).map((entry, i) => {
    const place = `levelLadders[${i}]`;
    const item = record(entry, place);
    const { dimension, by, ladders } = item;
    if (!Number.isInteger(dimension) || shares[dimension as number] !== null
      || seen.has(dimension as number)) {
      fail(`${place}.dimension must be a number dimension, once`);
    }
    seen.add(dimension as number);
    if (!categories.has(by as number)) {
      fail(`${place}.by must be a category's dimension`);
    }
    const levels = shares[by as number]!.length;
    if (!Array.isArray(ladders) || ladders.length !== levels) {
      fail(`${place}.ladders must hold one ladder per level (${levels})`);
    }
    (ladders as unknown[]).forEach((l, k) => ladder(record(l, `${place}.ladders[${k}]`),
      `${place}.ladders[${k}]`));
    return item as unknown as LevelLadder;
  });
}

function readCodec(entry: unknown, j: number): Codec {
  const place = `columns[${j}]`;
  const codec = record(entry, place);
  text(codec, 'name', place);
  switch (codec.kind) {
    case 'drop':
      break;
    case 'fixed':
      oneOf(codec, 'type', ['constant', 'empty'], place);
      text(codec, 'value', place);
      break;
    case 'id':
      text(codec, 'prefix', place);
      numbers(codec, ['width'], place);
      if (codec.digits !== undefined && !(Number.isInteger(codec.digits)
        && (codec.digits as number) >= 0 && (codec.digits as number) <= 100)) {
        fail(`${place}.digits must be a whole number from 0 to 100`);
      }
      break;
    case 'numeric':
      modelled(codec, place);
      oneOf(codec, 'type', ['continuous', 'integer', 'date'], place);
      oneOf(codec, 'transform', ['none', 'log'], place);
      numbers(codec, ['lower', 'upper'], place);
      const format = record(codec.format, `${place}.format`);
      numbers(format, ['decimals', 'minDecimals'], `${place}.format`);
      for (const key of ['decimals', 'minDecimals', 'usual']) {
        const count = format[key];
        if (key === 'usual' && count === undefined) continue;
        // Digits beyond 100 cannot be written (toFixed's limit).
        if (!(Number.isInteger(count) && (count as number) >= 0 && (count as number) <= 100)) {
          fail(`${place}.format.${key} must be a whole number from 0 to 100`);
        }
      }
      for (const key of ['exponent', 'signBeforePrefix', 'plus', 'trailingPoint',
        'bareFraction']) {
        if (!['undefined', 'boolean'].includes(typeof format[key])) {
          fail(`${place}.format.${key} must be true or false`);
        }
      }
      for (const key of ['prefix', 'suffix']) {
        const affix = format[key];
        if (affix !== undefined && !isAffix(affix)) {
          fail(`${place}.format.${key} must be a sign or unit of 1 to ${MAX_AFFIX_LENGTH} `
            + 'characters (and a space), digits only right after a letter');
        }
      }
      const style = format.exponentStyle;
      if (style !== undefined && (typeof style !== 'string' || !EXPONENT_STYLE.test(style))) {
        fail(`${place}.format.exponentStyle must be like "e+00"`);
      }
      if (format.step !== undefined) {
        const { step } = format;
        // gridStep finds steps of 10^-12 and up; anything finer or beyond
        // every float's reach is damage, not a grid.
        if (!(typeof step === 'number' && step >= 1e-12 && step <= 1e15)) {
          fail(`${place}.format.step must be a number from 1e-12 to 1e15`);
        }
      }
      if (format.decimal !== undefined) oneOf(format, 'decimal', ['.', ','], `${place}.format`);
      const groups: unknown[] = ['.', ',', ...SPACE_GROUPS];
      if (format.group !== undefined && !groups.includes(format.group)) {
        fail(`${place}.format.group must be one of ".", ",", " ", "\\u00a0", "\\u202f"`);
      }
      if (codec.type === 'date') text(codec, 'dateFormat', place);
      break;
    case 'categorical':
      modelled(codec, place);
      oneOf(codec, 'type', ['binary', 'categorical'], place);
      if (!isStrings(codec.levels) || codec.levels.length === 0) {
        fail(`${place}.levels must be a non-empty array of strings`);
      }
      if (codec.unlisted !== undefined) oneOf(codec, 'unlisted', ['missing'], place);
      break;
    default:
      fail(`${place}.kind "${String(codec.kind)}" is not known`);
  }
  return codec as unknown as Codec;
}

function modelled(codec: Json, place: string): void {
  oneOf(codec, 'source', ['schema', 'data'], place);
  ladder(record(codec.ladder, `${place}.ladder`), `${place}.ladder`);
  const rule = record(codec.rule, `${place}.rule`);
  if (!isStrings(rule.tokens)) fail(`${place}.rule.tokens must be strings`);
  if (!Array.isArray(rule.codes) || !rule.codes.every((c) => typeof c === 'number')) {
    fail(`${place}.rule.codes must be numbers`);
  }
  if (rule.decimal !== undefined) oneOf(rule, 'decimal', ['.', ','], `${place}.rule`);
  if (rule.affix !== undefined) {
    const affix = record(rule.affix, `${place}.rule.affix`);
    if (['prefix', 'suffix'].some((key) => affix[key] !== undefined && !isAffix(affix[key]))) {
      fail(`${place}.rule.affix must hold a sign or unit as format does`);
    }
  }
  if (codec.indicator !== null) {
    const indicator = record(codec.indicator, `${place}.indicator`);
    numbers(indicator, ['share'], `${place}.indicator`);
    const share = indicator.share as number;
    if (!(share > 0 && share <= 1)) fail(`${place}.indicator.share must be in (0, 1]`);
    text(indicator, 'token', `${place}.indicator`);
    if (indicator.mix !== undefined) tokenMix(indicator.mix, indicator.token as string, place);
    // A token is written into released cells: only a missing cell of this
    // column (or an empty one) may be, never a value a damaged file slips in.
    const tokens = [indicator.token, ...(Array.isArray(indicator.mix)
      ? (indicator.mix as unknown[][]).map(([token]) => token) : [])] as string[];
    if (tokens.some((token) => token !== '' && !isMissing(token, rule as unknown as MissingRule))) {
      fail(`${place}.indicator tokens must be missing cells under the column's rule`);
    }
  }
}

/** Distinct tokens with positive shares summing to 1, the indicator's token among them. */
function tokenMix(mix: unknown, token: string, place: string): void {
  const pairs = Array.isArray(mix) ? mix as unknown[] : [];
  const valid = pairs.length >= 2 && pairs.every((pair) => Array.isArray(pair) && pair.length === 2
    && typeof pair[0] === 'string' && typeof pair[1] === 'number' && pair[1] > 0)
    && new Set(pairs.map((pair) => (pair as unknown[])[0])).size === pairs.length
    && pairs.some((pair) => (pair as unknown[])[0] === token)
    && Math.abs(pairs.reduce((sum: number, pair) => sum + ((pair as unknown[])[1] as number), 0) - 1)
      < 1e-9;
  if (!valid) {
    fail(`${place}.indicator.mix must list distinct tokens, the indicator's among them, with `
      + 'positive shares summing to 1');
  }
}

/** Knots: at least two, both sequences non-decreasing, q from 0 to 1. */
function ladder(json: Json, place: string): void {
  const { values, probabilities } = json;
  const finite = (list: unknown): list is number[] => Array.isArray(list)
    && list.every((v) => typeof v === 'number' && Number.isFinite(v));
  if (!finite(values) || !finite(probabilities) || values.length < 2
    || values.length !== probabilities.length) {
    fail(`${place} must hold two equally long arrays of at least two finite numbers`);
  }
  const rising = (list: number[]) => list.every((v, k) => k === 0 || v >= list[k - 1]);
  if (!rising(values) || !rising(probabilities) || probabilities[0] !== 0
    || probabilities[probabilities.length - 1] !== 1) {
    fail(`${place} must be non-decreasing, with probabilities from 0 to 1`);
  }
}

function record(value: unknown, place: string): Json {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    fail(`${place} must be an object`);
  }
  return value as Json;
}

function text(json: Json, key: string, place: string): void {
  if (typeof json[key] !== 'string') fail(`${place}.${key} must be a string`);
}

function numbers(json: Json, keys: string[], place: string): void {
  for (const key of keys) {
    const value = json[key];
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      fail(`${place}.${key} must be a finite number`);
    }
  }
}

function oneOf(json: Json, key: string, allowed: string[], place: string): void {
  if (!allowed.includes(json[key] as string)) {
    fail(`${place}.${key} must be one of ${allowed.join(', ')}`);
  }
}

function isStrings(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((v) => typeof v === 'string');
}

function fail(message: string): never {
  throw new LniError('model-invalid', `The saved encoder is malformed: ${message}.`, {
    hint: 'the model file may be damaged or from another lni version; fit it again' });
}
