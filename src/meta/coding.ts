/**
 * Typing every site's table alike before the sites are pooled: the declared
 * schema over each site's inferred one, numeric labels written one way, and
 * the family and event level of the outcome decided once over all sites.
 */
import { inferSchema } from '../table/infer.js';
import type { Schema } from '../table/schema.js';
import type { Table, TypedColumn } from '../table/types.js';
import { LniError } from '../util/errors.js';
import type { SiteInput } from './harmonize.js';
import type { Estimand } from './sites.js';

/** The inferred schema of one site's table, with the declared columns in their place. */
export function siteSchema(
  table: Table, declared: Schema | undefined, file: string, delimiter?: string,
): Schema {
  const inferred = inferSchema(table, { file, delimiter });
  if (declared === undefined) return inferred;
  const byName = new Map(declared.columns.map((column) => [column.name, column]));
  return { ...inferred, columns: inferred.columns.map((column) => byName.get(column.name)
    ?? column) };
}

const NUMBER = /^\s*[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?\s*$/i;

/**
 * Labels that are numbers are written one way ("1.0" → "1"), so sites that
 * code a level differently pool together; levels are sorted (numerically
 * when all are numbers), so the reference is the lowest (0 for 0/1).
 */
export function canonicalLevels(
  columns: TypedColumn[], site: string, notes: string[],
): TypedColumn[] {
  return columns.map((column) => {
    if (column.kind !== 'categorical') return column;
    const numeric = column.levels.length > 0 && column.levels.every((l) => NUMBER.test(l));
    if (!numeric) {
      return { ...column, levels: [...column.levels].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)) };
    }
    const canonical = (label: string) => String(Number(label));
    const changed = column.levels.filter((level) => canonical(level) !== level);
    if (changed.length > 0) {
      notes.push(`Site ${site} writes the levels of column "${column.name}" as ` +
        `${changed.slice(0, 4).join(', ')}; they are read as the numbers ` +
        `${changed.slice(0, 4).map(canonical).join(', ')}, as other sites may write them.`);
    }
    const levels = [...new Set(column.levels.map(canonical))]
      .sort((a, b) => Number(a) - Number(b));
    return { ...column, values: column.values.map((v) => (v === null ? null : canonical(v))),
      levels };
  });
}

export interface ResolvedModel {
  estimand: Estimand;
  family: 'linear' | 'logistic' | null;
  /** The outcome levels counted as the event, joined by commas (logistic). */
  event?: string;
  /** e.g. "logistic regression of exang (event: exang = 1) on age, sex". */
  describe: string;
  notes: string[];
  /**
   * Rewrites other sites' tables (the real ones beside the synthetic) with
   * the same coding of the outcome, in place.
   */
  code: (sites: SiteInput[]) => void;
}

/** The family and event level(s) the user gave, if any: "1" or "1,2,3,4". */
export interface FamilyChoice {
  family?: string;
  event?: string;
}

/**
 * The family (given, or logistic for an outcome with two levels or 0/1
 * values) and the event level, decided once over all sites so every site
 * codes the outcome alike. A numeric-looking categorical outcome of a linear
 * model, or column of a mean, is read as numbers. The sites' columns are
 * rewritten in place, so every later step sees the agreed coding.
 */
export function resolveFamily(
  estimand: Estimand, sites: SiteInput[], choice: FamilyChoice,
): ResolvedModel {
  if (estimand.kind === 'mean') {
    const codes = new Set<string>();
    const code = (targets: SiteInput[]) => {
      for (const site of targets) {
        for (const level of asNumbers(site, estimand.column)) codes.add(level);
      }
    };
    code(sites);
    // The share of 1s is a mean worth pooling; codes of other categories
    // average to a number that means something only if they form a scale.
    const notes = [...codes].every((level) => level === '0' || level === '1') ? []
      : [`Column "${estimand.column}" is categorical: its mean pools the codes ` +
        `${[...codes].sort((a, b) => Number(a) - Number(b)).join(', ')} as numbers, which ` +
        'means something only if the codes are a scale.'];
    return { estimand, family: null, describe: `mean of ${estimand.column}`, notes, code };
  }
  const columns = sites.map((site) => site.columns.find((c) => c.name === estimand.outcome))
    .filter((c): c is TypedColumn => c !== undefined);
  if (columns.length === 0) {
    throw new LniError('unknown-column', 'the outcome is not a column of any site table',
      { column: estimand.outcome, hint: 'check the spelling against the headers' });
  }
  const levels = new Set<string>();
  let numericBinary = true;
  for (const column of columns) {
    if (column.kind === 'categorical') {
      for (const v of column.values) if (v !== null) levels.add(v);
    } else {
      for (const v of column.values) {
        if (!Number.isNaN(v) && v !== 0 && v !== 1) numericBinary = false;
        if (!Number.isNaN(v)) levels.add(String(v));
      }
    }
  }
  const sorted = [...levels].sort((a, b) => (NUMBER.test(a) && NUMBER.test(b)
    ? Number(a) - Number(b) : a < b ? -1 : a > b ? 1 : 0));
  checkOutcomeCodings(estimand, sites, choice);
  const family = choice.family === 'linear' || choice.family === 'logistic' ? choice.family
    : choice.event !== undefined || sorted.length === 2 || (numericBinary && sorted.length <= 2)
      ? 'logistic' : 'linear';
  if (family === 'linear' && choice.event !== undefined) {
    throw new LniError('invalid-option', '--event names the event of a logistic model, not a ' +
      'linear one', { column: estimand.outcome, hint: 'drop --event, or --family logistic' });
  }
  const notes: string[] = [];
  if (choice.family === undefined && choice.event === undefined) {
    notes.push(`The outcome "${estimand.outcome}" has ${sorted.length} distinct values over ` +
      `the sites, so the model is ${family === 'logistic' ? 'a logistic' : 'a linear'} ` +
      'regression (--family to choose).');
  }
  const covariates = estimand.covariates;
  const on = covariates.length === 0 ? ' (intercept only)' : ` on ${covariates.join(', ')}`;
  if (family === 'linear') {
    const code = (targets: SiteInput[]) => {
      for (const site of targets) asNumbers(site, estimand.outcome);
    };
    code(sites);
    return { estimand: { ...estimand, kind: 'linear' }, family,
      describe: `linear regression of ${estimand.outcome}${on}`, notes, code };
  }
  const events = choice.event !== undefined
    ? choice.event.split(',').map((level) => level.trim())
    : sorted.length === 2 ? [sorted[1]] : sorted.length === 1 && numericBinary ? ['1'] : [];
  if (events.length === 0) {
    throw new LniError('outcome-not-usable', `the logistic outcome "${estimand.outcome}" has ` +
      `${sorted.length} levels over the sites; name the event level`,
    { column: estimand.outcome,
      hint: 'give --event <level> (or several: --event 1,2,3), or --family linear' });
  }
  if (events.includes('')) {
    throw new LniError('invalid-option', `--event "${choice.event}" has an empty level: list ` +
      'the levels with one comma between each', { column: estimand.outcome });
  }
  const unknown = events.find((level) => !levels.has(level));
  if (unknown !== undefined) {
    throw new LniError('invalid-option', `--event "${unknown}" is not a level of the outcome ` +
      `(its levels over the sites: ${sorted.join(', ')})`, { column: estimand.outcome });
  }
  if (sorted.every((level) => events.includes(level))) {
    throw new LniError('invalid-option', `--event names every level of "${estimand.outcome}", ` +
      'so no row would be a non-event', { column: estimand.outcome });
  }
  const isEvent = new Set(events);
  // Every site's outcome as 0/1 numbers, so sites that lack one level still agree.
  const code = (targets: SiteInput[]) => {
    for (const site of targets) {
      site.columns = site.columns.map((column) => {
        if (column.name !== estimand.outcome) return column;
        const values = column.kind === 'categorical'
          ? Float64Array.from(column.values, (v) => (v === null ? NaN : isEvent.has(v) ? 1 : 0))
          : Float64Array.from(column.values, (v) => (Number.isNaN(v) ? NaN
            : isEvent.has(String(v)) ? 1 : 0));
        return { kind: 'numeric', name: column.name, type: 'binary', values };
      });
    }
  };
  code(sites);
  const which = events.length === 1 ? `= ${events[0]}`
    : `in {${events.join(', ')}}`;
  return { estimand: { ...estimand, kind: 'logistic' }, family, event: events.join(','),
    describe: `logistic regression of ${estimand.outcome} (event: ${estimand.outcome} ${which})` +
      on, notes, code };
}

/**
 * An outcome with two values at every site but more over the sites (0/1
 * at one, 1/2 at another) is one binary outcome coded two ways: chosen by
 * its count of values, the model would be a linear regression in which
 * the same code means the event at one site and its absence at another.
 * Refused, naming a site of each coding, unless --family or --event says
 * how to read it. `lni meta --real` calls it before any site is fitted.
 */
export function checkOutcomeCodings(
  estimand: Estimand, sites: readonly SiteInput[], choice: FamilyChoice,
): void {
  if (estimand.kind === 'mean' || choice.family !== undefined || choice.event !== undefined) return;
  const outcome = estimand.outcome;
  const codings: { site: string; values: string[] }[] = [];
  for (const site of sites) {
    const column = site.columns.find((c) => c.name === outcome);
    if (column === undefined) continue;
    const values = new Set<string>();
    if (column.kind === 'categorical') {
      for (const v of column.values) if (v !== null) values.add(v);
    } else {
      for (const v of column.values) if (!Number.isNaN(v)) values.add(String(v));
    }
    if (values.size > 2) return;
    if (values.size === 2) {
      codings.push({ site: site.site, values: [...values].sort((a, b) =>
        (NUMBER.test(a) && NUMBER.test(b) ? Number(a) - Number(b) : a < b ? -1 : a > b ? 1 : 0)) });
    }
  }
  const first = codings[0];
  const other = codings.find((c) => c.values.join() !== first?.values.join());
  if (first === undefined || other === undefined) return;
  throw new LniError('site-outcome-codings', `the outcome has two values at every site but ` +
    `not the same two: ${first.values.join('/')} at site ${first.site}, ` +
    `${other.values.join('/')} at site ${other.site}; pooled as one numeric outcome, a code ` +
    'would mean the event at one site and its absence at another', {
    column: outcome,
    hint: 'recode the outcome alike at every site before pooling',
  });
}

/**
 * A categorical column whose labels are all numbers, read as numbers (in
 * place). Returns the labels so read (none when the column was numeric).
 */
function asNumbers(site: SiteInput, name: string): string[] {
  const read: string[] = [];
  site.columns = site.columns.map((column) => {
    if (column.name !== name || column.kind !== 'categorical'
      || !column.levels.every((level) => NUMBER.test(level))) return column;
    read.push(...column.levels);
    return { kind: 'numeric', name, type: 'continuous',
      values: Float64Array.from(column.values, (v) => (v === null ? NaN : Number(v))) };
  });
  return read;
}
