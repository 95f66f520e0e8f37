import type { TypedColumn } from '../table/types.js';
import { LniError } from '../util/errors.js';

export type Family = 'linear' | 'logistic';

/**
 * How a model's terms are built, fixed from the real table so the real and
 * synthetic fits (and a holdout) share the same columns and reference levels.
 */
export interface DesignSpec {
  family: Family;
  outcome: string;
  /** For a categorical binary outcome, the level coded 1 (the second level). */
  eventLevel: string | null;
  /** For a categorical binary outcome, the level coded 0 (the first level). */
  referenceLevel: string | null;
  covariates: { name: string; levels: string[] | null }[];
  /** Term names: '(Intercept)', numeric covariates by name, dummies as name=level. */
  terms: string[];
}

export interface Design {
  /** rows × terms, row-major, first column all ones. */
  x: Float64Array;
  y: Float64Array;
  rows: number;
  /** Rows dropped for a missing (or unknown-level) value in a used column. */
  dropped: number;
}

/**
 * Chooses the family from the outcome (binary → logistic, numeric → linear)
 * and the dummy coding of categorical covariates (first level as reference).
 * Throws an LniError for a column that is not there or an outcome of
 * another kind (a categorical with more than two levels).
 */
export function specifyDesign(
  columns: readonly TypedColumn[], outcome: string, covariates: readonly string[],
): DesignSpec {
  const find = (name: string): TypedColumn => {
    const column = columns.find((c) => c.name === name);
    if (column === undefined) {
      throw new LniError('unknown-column', `The model names a column "${name}" that the table`
        + ' does not have.', { column: name, hint: 'check the outcome and covariate names' });
    }
    return column;
  };
  const target = find(outcome);
  let family: Family;
  let eventLevel: string | null = null;
  let referenceLevel: string | null = null;
  if (target.kind === 'categorical') {
    if (target.levels.length !== 2) {
      const count = target.levels.length;
      throw new LniError('unsupported-outcome', `The outcome "${outcome}" has `
        + `${count} level${count === 1 ? '' : 's'}; lni fits linear (numeric) and logistic`
        + ' (two-level) models only.', { column: outcome });
    }
    family = 'logistic';
    referenceLevel = target.levels[0];
    eventLevel = target.levels[1];
  } else {
    family = isZeroOne(target.values) ? 'logistic' : 'linear';
  }

  const terms = ['(Intercept)'];
  const specs = covariates.map((name) => {
    const column = find(name);
    if (column.kind === 'numeric') {
      terms.push(name);
      return { name, levels: null };
    }
    for (const level of column.levels.slice(1)) terms.push(`${name}=${level}`);
    return { name, levels: [...column.levels] };
  });
  return { family, outcome, eventLevel, referenceLevel, covariates: specs, terms };
}

/** Builds the complete-case design matrix of a table under a fixed spec. */
export function buildDesign(columns: readonly TypedColumn[], spec: DesignSpec): Design {
  const byName = new Map(columns.map((c) => [c.name, c]));
  const target = byName.get(spec.outcome);
  if (target === undefined) {
    throw new LniError('unknown-column', `The table has no outcome column "${spec.outcome}".`,
      { column: spec.outcome });
  }
  const used = spec.covariates.map((c) => {
    const column = byName.get(c.name);
    if (column === undefined) {
      throw new LniError('unknown-column', `The table has no covariate column "${c.name}".`,
        { column: c.name });
    }
    return { column, levels: c.levels };
  });
  const n = target.values.length;
  const k = spec.terms.length;
  const x = new Float64Array(n * k);
  const y = new Float64Array(n);
  let rows = 0;
  for (let i = 0; i < n; i++) {
    const outcome = outcomeValue(target, i, spec);
    if (Number.isNaN(outcome)) continue;
    const offset = rows * k;
    x[offset] = 1;
    let term = 1;
    let complete = true;
    for (const { column, levels } of used) {
      if (column.kind === 'numeric' || levels === null) {
        const value = column.kind === 'numeric' ? column.values[i] : NaN;
        if (Number.isNaN(value)) { complete = false; break; }
        x[offset + term++] = value;
        continue;
      }
      const level = column.values[i];
      const index = level === null ? -1 : levels.indexOf(level);
      if (index < 0) { complete = false; break; }
      for (let d = 1; d < levels.length; d++) x[offset + term++] = index === d ? 1 : 0;
    }
    if (!complete) {
      x.fill(0, offset, offset + k);
      continue;
    }
    y[rows++] = outcome;
  }
  return { x: x.subarray(0, rows * k), y: y.subarray(0, rows), rows, dropped: n - rows };
}

function outcomeValue(column: TypedColumn, i: number, spec: DesignSpec): number {
  if (column.kind === 'numeric') {
    const value = column.values[i];
    if (spec.family === 'logistic' && value !== 0 && value !== 1) return NaN;
    return value;
  }
  const level = column.values[i];
  if (level === null) return NaN;
  if (level === spec.eventLevel) return 1;
  return level === spec.referenceLevel ? 0 : NaN;
}

function isZeroOne(values: Float64Array): boolean {
  let seen = false;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (Number.isNaN(v)) continue;
    if (v !== 0 && v !== 1) return false;
    seen = true;
  }
  return seen;
}
