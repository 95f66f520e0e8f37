import { readFileSync } from 'node:fs';
import { correlationMatrix } from '../src/evaluate/index.js';
import { fitModel, synthesize } from '../src/model/index.js';
import { inferSchema, parseCsv, type Table } from '../src/table/index.js';

/** Aggregates of a real table against its synthetic twin (no rows). */
export interface Fidelity {
  maxCorrelationGap: number;
  worstPair: string;
  maxMissingGap: number;
  worstMissing: string;
  /** Columns whose synthetic cells leave the real type or range. */
  outOfRange: string[];
  /** Synthetic − real Pearson for every pair defined in both, in a fixed order. */
  pairErrors: { pair: string; error: number }[];
}

export function loadCsv(path: string | URL): Table {
  return parseCsv(readFileSync(path), { header: true }).table;
}

/** The `lni run` sequence: infer, fit on every row, release at w. */
export function runPipeline(table: Table, w: number, seed: number): Table {
  const schema = inferSchema(table);
  const model = fitModel(table, schema, { seed });
  return synthesize(model, table, { w, seed }).table;
}

const MISSING = new Set(['', 'NA', '?', 'NaN']);
const isMissing = (cell: string) => MISSING.has(cell.trim());
const numbers = (t: Table) => t.columns.map((column) =>
  Float64Array.from(column, (cell) => (isMissing(cell) ? NaN : Number(cell))));

export function compare(real: Table, synthetic: Table): Fidelity {
  const a = correlationMatrix(numbers(real), 'pearson').matrix;
  const b = correlationMatrix(numbers(synthetic), 'pearson').matrix;
  let maxCorrelationGap = 0;
  let worstPair = '';
  const pairErrors: Fidelity['pairErrors'] = [];
  for (let i = 0; i < a.length; i++) {
    for (let j = 0; j < i; j++) {
      const x = a[i][j];
      const y = b[i][j];
      if (x === null || y === null) continue;
      pairErrors.push({ pair: `${real.names[i]}~${real.names[j]}`, error: y - x });
      if (Math.abs(x - y) <= maxCorrelationGap) continue;
      maxCorrelationGap = Math.abs(x - y);
      worstPair = `${real.names[i]}~${real.names[j]} (real ${x.toFixed(2)}, synthetic ${y.toFixed(2)})`;
    }
  }
  let maxMissingGap = 0;
  let worstMissing = '';
  const outOfRange: string[] = [];
  real.columns.forEach((column, j) => {
    const rate = (cells: string[]) => cells.filter(isMissing).length / cells.length;
    const gap = Math.abs(rate(column) - rate(synthetic.columns[j]));
    if (gap > maxMissingGap) {
      maxMissingGap = gap;
      worstMissing = real.names[j];
    }
    const observed = column.filter((cell) => !isMissing(cell));
    const values = observed.map(Number);
    const numeric = values.every(Number.isFinite);
    const integer = numeric && values.every(Number.isInteger);
    const low = Math.min(...values);
    const high = Math.max(...values);
    const levels = new Set(observed);
    const fits = (cell: string) => {
      if (isMissing(cell)) return true;
      if (!numeric) return levels.has(cell);
      const value = Number(cell);
      return Number.isFinite(value) && value >= low && value <= high
        && (!integer || Number.isInteger(value));
    };
    if (!synthetic.columns[j].every(fits)) outOfRange.push(real.names[j]);
  });
  return { maxCorrelationGap, worstPair, maxMissingGap, worstMissing, outOfRange, pairErrors };
}
