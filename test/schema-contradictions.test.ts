// A schema or cells that contradict the data end lni run with one line on
// stderr naming the file, column and row, and no output: bounds most values
// lie outside, a "binary" column with many values, an infinite number.
// The tables are made up for the tests.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { errorLines, lni, QUICK, tempFolder } from './cli-harness.js';

const folder = tempFolder('schema-contradictions');

/** 60 rows: a measurement from 29.7 upwards and a count with many values. */
function rows(): string[] {
  return Array.from({ length: 60 }, (_, i) => `${(29.7 + i * 0.9).toFixed(1)},${i % 31}`);
}

function write(name: string, content: string): string {
  const path = join(folder, name);
  writeFileSync(path, content);
  return path;
}

function schema(name: string, columns: object[]): string {
  return write(name, JSON.stringify({ version: 1, columns }));
}

async function runOneLineError(data: string, extra: string[]): Promise<string> {
  const output = join(folder, 'out.csv');
  const outcome = await lni(['run', data, '-o', output, ...QUICK, ...extra]);
  assert.notEqual(outcome.code, 0);
  const lines = outcome.stderr.trim().split('\n');
  assert.equal(lines.length, 1, `one line expected, got ${lines.length}`);
  assert.equal(errorLines(outcome.stderr).length, 1);
  assert.equal(existsSync(output), false, 'no output written');
  return lines[0];
}

test('bounds that most values lie outside stop the release, naming file, column, count, row',
  async () => {
    const data = write('bounds.csv', ['v,n', ...rows()].join('\n') + '\n');
    const declared = schema('bounds.json', [
      { name: 'v', type: 'continuous', lower: 0, upper: 10 }, { name: 'n', type: 'integer' }]);
    const line = await runOneLineError(data, ['--schema', declared]);
    assert.ok(line.includes(data));
    assert.match(line, /column "v", row 1: 60 of 60 values lie outside the declared bounds/);
  });

test('a column declared binary that holds many values stops the release', async () => {
  const data = write('binary.csv', ['v,n', ...rows()].join('\n') + '\n');
  const declared = schema('binary.json', [
    { name: 'v', type: 'continuous' }, { name: 'n', type: 'binary' }]);
  const line = await runOneLineError(data, ['--schema', declared]);
  assert.ok(line.includes(data));
  assert.match(line, /column "n", row 3: The column is declared binary but holds 31 distinct/);
});

test('"-Infinity" in a numeric column stops the release, naming its row', async () => {
  const body = rows();
  body[16] = '-Infinity' + body[16].slice(body[16].indexOf(','));
  const data = write('infinite.csv', ['v,n', ...body].join('\n') + '\n');
  const line = await runOneLineError(data, []);
  assert.ok(line.includes(data));
  assert.match(line, /column "v", row 17: The cell holds an infinite value, not a finite number/);
  assert.doesNotMatch(line, /Infinity/, 'the cell is described, not quoted');
});

test('a declared log transform on a column holding 0 stops the release, naming the row',
  async () => {
    // Before, this reached Φ⁻¹(NaN) inside the encoder: an internal error.
    const data = write('log-zero.csv', `amount,group\n${Array.from({ length: 60 },
      (_, i) => `${i === 4 ? 0 : (1 + i * 0.7).toFixed(1)},${i % 2}`).join('\n')}\n`);
    const declared = schema('log-zero.json', [
      { name: 'amount', type: 'continuous', transform: 'log' },
      { name: 'group', type: 'binary' }]);
    const line = await runOneLineError(data, ['--schema', declared]);
    assert.match(line, /log-zero\.csv, column "amount", row 5: .*log transform.*not positive/);
  });
