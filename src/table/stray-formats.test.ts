// A few cells written unlike the rest of their column (one in scientific
// notation, one integer beyond 2^53) and styles the whole column shares
// (a plus sign, a trailing point, no zero before the point), on simulated
// cells; and the note for dates whose day and month read either way round.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadInput } from '../cli/input.js';
import { Random } from '../util/random.js';
import { formatNumber, inferNumberFormat } from './cells.js';
import { Encoder } from './encoder.js';
import { inferSchema } from './infer.js';
import type { Table } from './types.js';

function single(cells: string[]): Table {
  return { names: ['x'], columns: [cells], rowCount: cells.length };
}

/** 200 proportions written with three decimals, as 0.515. */
function proportions(): string[] {
  const rng = new Random(11);
  return Array.from({ length: 200 }, () => (0.1 + 0.8 * rng.uniform()).toFixed(3));
}

/** Cells of a release: the table's encoding, moved toward the middle (w < 1). */
function released(cells: string[], seed = 1): string[] {
  const table = single(cells);
  const encoder = Encoder.fit(table, inferSchema(table));
  const x = encoder.encode(table, new Random(seed)).map((v) => 0.6 * v);
  return encoder.decode(x, table.rowCount).columns[0];
}

const SCIENTIFIC = /e/i;

test('one cell in scientific notation does not switch its column to it', () => {
  for (const stray of ['1.5e-3', '1e308', '5e-324']) {
    const cells = proportions();
    cells[57] = stray;
    assert.equal(inferNumberFormat(cells).exponent, undefined, stray);
    const out = released(cells);
    const written = out.filter((cell) => SCIENTIFIC.test(cell)).length;
    assert.equal(written, 0, `${stray}: ${written} of 200 cells written in scientific notation`);
    // Written as that value written plain would be: 0.0015 makes the
    // column's grid 0.0005, as a plain 0.0015 does, so some values have 4.
    assert.ok(out.every((cell) => /^\d+(\.\d{3,4})?$/.test(cell)), `${stray}: as 0.515`);
  }
  // At w = 1 the stray value comes back as itself, written plain.
  const withStray = proportions();
  withStray[57] = '1.5e-3';
  const strayTable = single(withStray);
  const strayEncoder = Encoder.fit(strayTable, inferSchema(strayTable));
  const back = strayEncoder.decode(strayEncoder.encode(strayTable, new Random(2)), 200).columns[0];
  assert.deepEqual(back, withStray.map((cell) => (cell === '1.5e-3' ? '0.0015' : cell)));
  // More than one cell in ten so written: the column's form, as before.
  const many = proportions().map((cell, i) => (i % 8 === 0 ? Number(cell).toExponential(2) : cell));
  assert.equal(inferNumberFormat(many).exponent, true);
  // A column all in it still comes back exactly at w = 1.
  const all = proportions().map((cell) => Number(cell).toExponential(2));
  const table = single(all);
  const encoder = Encoder.fit(table, inferSchema(table));
  assert.deepEqual(encoder.decode(encoder.encode(table, new Random(2)), 200).columns[0], all);
});

test('one integer beyond 2^53 in a count column is a stray cell, not a column of IDs', () => {
  const rng = new Random(5);
  const cells = Array.from({ length: 200 }, () => String(Math.floor(1000 * rng.uniform())));
  cells[88] = '10000000000000000001';
  const column = inferSchema(single(cells)).columns[0];
  assert.equal(column.type, 'integer');
  assert.deepEqual(column.missing, ['10000000000000000001']);
  assert.match(column.note ?? '', /a number beyond 2\^53 held by 1 cell \(first in row 89\) read as missing/);
  const out = released(cells);
  assert.ok(out.every((cell) => cell === '' || (Number(cell) >= 0 && Number(cell) <= 1000)),
    'written as counts');
  assert.equal(out.filter((cell) => cell.length > 4).length, 0);
  // IDs of 18 digits in every cell are still IDs; many large values stay text.
  const ids = Array.from({ length: 200 }, (_, i) => (123456789012345678n + BigInt(i * 7919))
    .toString());
  assert.equal(inferSchema(single(ids)).columns[0].type, 'id');
  const half = cells.map((cell, i) => (i % 2 === 0 ? `9${cell.padStart(19, '0')}` : cell));
  assert.notEqual(inferSchema(single(half)).columns[0].type, 'integer');
});

test('a plus sign, a trailing point and a bare fraction every cell writes are kept', () => {
  const rng = new Random(8);
  const plus: string[] = [];
  const pointed: string[] = [];
  const bare: string[] = [];
  for (let i = 0; i < 200; i++) {
    const delta = Math.floor(-20 + 60 * rng.uniform());
    plus.push(delta > 0 ? `+${delta}` : String(delta));
    pointed.push(`${Math.floor(20 + 60 * rng.uniform())}.`);
    bare.push((0.05 + 0.9 * rng.uniform()).toFixed(2).slice(1));
  }
  const outPlus = released(plus);
  assert.ok(outPlus.every((cell) => /^(\+[1-9]\d*|0|-[1-9]\d*)$/.test(cell)), 'as +20, 0, -8');
  assert.ok(outPlus.some((cell) => cell.startsWith('+')));
  assert.ok(released(pointed).every((cell) => /^\d{2}\.$/.test(cell)), 'as 43.');
  assert.ok(released(bare).every((cell) => /^\.\d{1,2}$/.test(cell)), 'as .69');
  // Negative fractions lose the zero too; a column of mostly 0.69 keeps it.
  assert.equal(formatNumber(-0.5, inferNumberFormat(['.25', '-.5', '.75'])), '-.5');
  const mixed = bare.map((cell, i) => (i % 5 === 0 ? `0${cell}` : cell));
  assert.equal(inferNumberFormat(mixed).bareFraction, undefined);
  assert.ok(released(mixed).every((cell) => /^0\.\d{1,2}$/.test(cell)));
  // At w = 1 each column comes back as written.
  for (const cells of [plus, pointed, bare]) {
    const table = single(cells);
    const encoder = Encoder.fit(table, inferSchema(table));
    assert.deepEqual(encoder.decode(encoder.encode(table, new Random(3)), 200).columns[0], cells);
  }
});

test('dates whose day and month read either way round get a note on stderr', async () => {
  const rng = new Random(4);
  const two = (k: number) => String(k).padStart(2, '0');
  const day = () => 1 + Math.floor(12 * rng.uniform());
  const lines = ['visit,age'];
  for (let i = 0; i < 100; i++) lines.push(`${two(day())}/${two(day())}/2023,${20 + (i % 60)}`);
  const folder = mkdtempSync(join(tmpdir(), 'lni-dates-'));
  try {
    const path = join(folder, 'visits.csv');
    writeFileSync(path, lines.join('\n') + '\n');
    const input = await loadInput(path, {});
    assert.equal(input.schema.columns[0].format, 'DD/MM/YYYY', 'the choice is unchanged');
    const note = input.notes.find((line) => line.includes('"visit"')) ?? '';
    assert.match(note, /day-month order ambiguous/);
    assert.match(note, /read day first as DD\/MM\/YYYY/);
    assert.match(note, /declare "format": "MM\/DD\/YYYY"/);
    // A day above 12 settles it: no note.
    writeFileSync(path, [...lines, '25/03/2023,40'].join('\n') + '\n');
    const settled = await loadInput(path, {});
    assert.ok(!settled.notes.some((line) => line.includes('ambiguous')));
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
});
