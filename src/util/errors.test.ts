import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LniError, oneLine } from './errors.js';

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
