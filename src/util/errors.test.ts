import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LniError, oneLine, shown } from './errors.js';

test('oneLine shows control characters as escapes and leaves other text alone', () => {
  assert.equal(oneLine('a\nb\r\tc\u0000d\u007f'), 'a\\nb\\r\\tc\\x00d\\x7f');
  assert.equal(oneLine('ε = 8.0, "naïve" — ok'), 'ε = 8.0, "naïve" — ok');
});

test('an error quoting a cell with a line break describes itself on one line', () => {
  const error = new LniError('schema-data-mismatch', 'the cell "1\n2" is not a number', {
    file: 'f.csv', column: 'a', row: 5,
  });
  assert.equal(error.describe(), 'f.csv, column "a", row 5: the cell "1\\n2" is not a number');
});

test('shown quotes a string and says it is one, and leaves numbers as they print', () => {
  assert.equal(shown('0.5'), '"0.5" (a string)');
  assert.equal(shown(0.5), '0.5');
  assert.equal(shown(Number.NaN), 'NaN');
  assert.equal(shown(undefined), 'undefined');
  assert.equal(shown([0.5]), 'an array');
  assert.equal(shown({ w: 0.5 }), 'an object');
});

test('an error as --json prints it keeps its code, message and the places that apply', () => {
  const error = new LniError('no-w-qualifies', 'nothing was released', { file: 'f.csv',
    hint: 'relax the target' });
  assert.deepEqual(JSON.parse(JSON.stringify(error.asJson())), { code: 'no-w-qualifies',
    message: 'nothing was released', file: 'f.csv', hint: 'relax the target' });
});
