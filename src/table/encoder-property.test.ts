import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { Encoder } from './encoder.js';
import { inferSchema } from './infer.js';
import { formatCsv, parseCsv, defaultDialect } from './csv.js';
import type { Table } from './types.js';
import type { ColumnSchema, Schema } from './schema.js';
import { missingRule, withheldLevels } from './codec.js';
import { Random } from '../util/random.js';

const DAY = 86_400_000;
const TOKENS = ['', 'NA', 'NaN', 'null', '?', 'N/A'];

/** One column's cells: a kind, a writing style, and missing cells with one token. */
const columnArbitrary = (rows: number) => fc.record({
  kind: fc.constantFrom('decimal', 'shortest', 'integer', 'text', 'date'),
  decimals: fc.integer({ min: 0, max: 3 }),
  values: fc.array(fc.integer({ min: -5000, max: 5000 }), { minLength: rows, maxLength: rows }),
  labels: fc.array(fc.stringMatching(/^[xyz]{1,3}$/), { minLength: rows, maxLength: rows }),
  missing: fc.array(fc.boolean(), { minLength: rows, maxLength: rows }),
  token: fc.constantFrom(...TOKENS),
  spread: fc.constantFrom(1, 3, 1000),
});

type ColumnSpec = ReturnType<typeof columnArbitrary> extends fc.Arbitrary<infer T> ? T : never;

function cellsOf(spec: ColumnSpec): string[] {
  return spec.values.map((value, i) => {
    if (spec.missing[i] && i > 0) return spec.token; // row 1 keeps the column non-empty
    const m = Math.round(value / spec.spread) * spec.spread;
    switch (spec.kind) {
      case 'decimal': return (m / 10 ** spec.decimals).toFixed(spec.decimals);
      case 'shortest': return String(m / 10 ** spec.decimals);
      case 'integer': return String(m);
      case 'date': return new Date(Date.UTC(2000, 0, 1) + m * DAY).toISOString().slice(0, 10);
      default: return spec.labels[i];
    }
  });
}

const tableArbitrary = fc.integer({ min: 4, max: 24 }).chain((rows) =>
  fc.array(columnArbitrary(rows), { minLength: 1, maxLength: 3 }).map((specs): Table => ({
    names: specs.map((_, j) => `c${j}`),
    columns: specs.map(cellsOf),
    rowCount: rows,
  })));

/** The cells a column's fit withholds (rare levels, released as missing): codec.ts's rule. */
function withheld(cells: string[], column: ColumnSchema): Set<string> {
  return withheldLevels(column, cells, missingRule(column));
}

function sameModelledCells(
  original: Table, decoded: Table, skip: Set<string>, schema: Schema,
): boolean {
  return original.names.every((name, j) => {
    if (skip.has(name)) return true;
    const rare = withheld(original.columns[j], schema.columns[j]);
    const tokens = new Set(['', ...original.columns[j].filter((cell) => TOKENS.includes(cell))]);
    return decoded.columns[decoded.names.indexOf(name)].every((cell, i) =>
      (rare.has(original.columns[j][i]) ? tokens.has(cell) : cell === original.columns[j][i]));
  });
}

test('random small tables round trip exactly through encode and decode', () => {
  fc.assert(fc.property(tableArbitrary, fc.integer(), (t, seed) => {
    const schema = inferSchema(t);
    const ids = new Set(schema.columns.filter((c) => c.type === 'id').map((c) => c.name));
    const encoder = Encoder.fit(t, schema);
    const back = encoder.decode(encoder.encode(t, new Random(seed)), t.rowCount);
    assert.deepEqual(back.names, t.names);
    assert.ok(sameModelledCells(t, back, ids, schema), 'a modelled column changed');
  }), { numRuns: 300 });
});

test('random small tables survive CSV writing and reading unchanged', () => {
  fc.assert(fc.property(tableArbitrary, (t) => {
    const text = formatCsv(t, defaultDialect());
    const { table } = parseCsv(text, { delimiter: ',' });
    assert.deepEqual(table.names, t.names);
    if (t.names.length > 1) assert.deepEqual(table.columns, t.columns);
  }), { numRuns: 200 });
});

test('any finite vector decodes to levels, ranges and tokens seen at fit', () => {
  fc.assert(fc.property(tableArbitrary, fc.integer(), (t, seed) => {
    const schema = inferSchema(t);
    const encoder = Encoder.fit(t, schema);
    const z = new Random(seed).normals(t.rowCount * encoder.dimension).map((v) => 4 * v);
    const out = encoder.decode(z, t.rowCount);
    schema.columns.forEach((column, j) => {
      const cells = out.columns[j];
      const rare = withheld(t.columns[j], column);
      const seen = new Set(t.columns[j].filter((cell) => !rare.has(cell)));
      if (rare.size > 0) seen.add('');
      if (column.type === 'binary' || column.type === 'categorical' || column.type === 'constant') {
        assert.ok(cells.every((cell) => seen.has(cell)), `${column.name} left its levels`);
      }
      if (column.type === 'integer' || column.type === 'continuous') {
        const numbers = t.columns[j].map(Number).filter((v, i) =>
          !column.missing?.includes(t.columns[j][i]) && Number.isFinite(v));
        const low = Math.min(...numbers);
        const high = Math.max(...numbers);
        for (const cell of cells) {
          if (column.missing?.includes(cell)) continue;
          assert.ok(Number(cell) >= low && Number(cell) <= high, `${column.name} left its range`);
        }
      }
    });
  }), { numRuns: 200 });
});
