// A ';'-separated file with decimal commas, run end to end through `lni run`:
// the synthetic file keeps the delimiter, the decimal commas, each column's
// number of decimals and its range. The rows are made up for the test and
// the checks are on aggregates, never on single real rows.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { lni, QUICK, tempFolder } from './cli-harness.js';

const folder = tempFolder('european');

/** A deterministic pseudo-random stream in [0, 1). */
function stream(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
}

const comma = (x: number, decimals: number) => x.toFixed(decimals).replace('.', ',');
const value = (cell: string) => Number(cell.replace(',', '.'));

test('lni run on a ";" file with decimal commas writes weights, not IDs, in the same format',
  async () => {
    const next = stream(11);
    const rows = Array.from({ length: 150 }, (_, i) => {
      const height = 1.55 + next() * 0.4;
      const weight = 22 * height * height + (next() - 0.5) * 20;
      return [String(i + 1), comma(weight, 1), comma(height, 2), next() < 0.4 ? 'a' : 'b'];
    });
    const input = join(folder, 'people.csv');
    writeFileSync(input, ['id;weight;height;group', ...rows.map((r) => r.join(';'))].join('\n')
      + '\n');
    const schema = await lni(['schema', input]);
    assert.equal(schema.code, 0, schema.stderr.split('\n')[0]);
    const columns = (JSON.parse(schema.stdout) as
      { columns: { name: string; type: string; decimal?: string }[] }).columns;
    assert.deepEqual(columns.map((c) => [c.name, c.type, c.decimal ?? '.']), [
      ['id', 'id', '.'], ['weight', 'continuous', ','], ['height', 'continuous', ','],
      ['group', 'binary', '.'],
    ]);

    const output = join(folder, 'people.out.csv');
    const outcome = await lni(['run', input, '-o', output, ...QUICK]);
    assert.equal(outcome.code, 0, outcome.stderr.split('\n')[0]);
    const lines = readFileSync(output, 'utf8').trimEnd().split('\n');
    assert.equal(lines[0], 'id;weight;height;group');
    assert.equal(lines.length, rows.length + 1);
    const cells = lines.slice(1).map((line) => line.split(';'));
    assert.ok(cells.every((row) => row.length === 4), 'every line keeps four ";" fields');
    for (const [k, decimals] of [[1, 1], [2, 2]] as const) {
      const real = rows.map((row) => value(row[k]));
      const low = Math.min(...real);
      const high = Math.max(...real);
      // Every real cell has exactly `decimals` decimals, so every synthetic one does.
      const pattern = new RegExp(`^\\d+,\\d{${decimals}}$`);
      for (const row of cells) {
        assert.match(row[k], pattern, `column ${k} keeps a comma and ${decimals} decimal(s)`);
        assert.ok(value(row[k]) >= low && value(row[k]) <= high, `column ${k} stays in range`);
      }
      assert.ok(new Set(cells.map((row) => row[k])).size > 20, `column ${k} varies`);
    }
    assert.ok(cells.every((row) => /^\d+$/.test(row[0])), 'fresh IDs in the id column');
    assert.ok(cells.every((row) => row[3] === 'a' || row[3] === 'b'));
  });

test('lni run on a file that begins with Excel\'s "sep=;" line reads it and writes it back',
  async () => {
    const next = stream(5);
    const rows = Array.from({ length: 120 }, () =>
      [comma(50 + next() * 40, 1), comma(1.5 + next() * 0.4, 2), next() < 0.5 ? 'a' : 'b']);
    const input = join(folder, 'excel.csv');
    writeFileSync(input, ['sep=;', 'weight;height;group', ...rows.map((r) => r.join(';'))]
      .join('\r\n') + '\r\n');
    const output = join(folder, 'excel.out.csv');
    const outcome = await lni(['run', input, '-o', output, ...QUICK.filter((f) => f !== '-q')]);
    assert.equal(outcome.code, 0, outcome.stderr.split('\n')[0]);
    assert.match(outcome.stderr, /The first line "sep=;" names the delimiter/);
    const lines = readFileSync(output, 'utf8').split('\r\n');
    assert.deepEqual(lines.slice(0, 2), ['sep=;', 'weight;height;group']);
    assert.equal(lines.length, rows.length + 3, 'the sep= line, the header, rows, final newline');
    assert.ok(lines.slice(2, -1).every((line) => /^\d+,\d;\d,\d\d;[ab]$/.test(line)));
  });

test('lni run on a ";" file with space thousands groups writes incomes, not IDs, grouped alike',
  async () => {
    // Norwegian and Swedish exports group with a no-break space (U+00A0),
    // French ones with a narrow no-break space (U+202F) or a space.
    for (const [space, name] of [['\u00a0', 'nbsp'], ['\u202f', 'narrow'], [' ', 'space']]) {
      const next = stream(13);
      const group = (n: number) => String(n).replace(/\B(?=(\d{3})+$)/g, space);
      const rows = Array.from({ length: 150 }, (_, i) => {
        const income = i % 15 === 0 ? 500 + i : Math.round(150_000 + next() * 900_000);
        const amount = 800 + next() * 40_000;
        return [group(income), `${group(Math.floor(amount))},${Math.round(next() * 9)}`,
          next() < 0.4 ? 'a' : 'b'];
      });
      const input = join(folder, `incomes-${name}.csv`);
      writeFileSync(input, ['income;amount;group', ...rows.map((r) => r.join(';'))].join('\n')
        + '\n');
      const output = join(folder, `incomes-${name}.out.csv`);
      const outcome = await lni(['run', input, '-o', output, ...QUICK]);
      assert.equal(outcome.code, 0, outcome.stderr.split('\n')[0]);
      const cells = readFileSync(output, 'utf8').trimEnd().split('\n').slice(1)
        .map((line) => line.split(';'));
      assert.equal(cells.length, rows.length);
      const income = new RegExp(`^[1-9]\\d{0,2}(${space}\\d{3})*$`);
      const amount = new RegExp(`^[1-9]\\d{0,2}(${space}\\d{3})*,\\d$`);
      assert.ok(cells.every((row) => income.test(row[0])), `${name}: incomes grouped alike`);
      assert.ok(cells.every((row) => amount.test(row[1])), `${name}: amounts grouped alike`);
      assert.ok(cells.filter((row) => row[0].includes(space)).length > 100, name);
    }
  });
