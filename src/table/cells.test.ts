import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  formatNumber, gridStep, inferNumberFormat, isBeyondExact, isGrouped, isInfinite, parseNumber,
  toGrid,
} from './cells.js';

test('numbers grouped in thousands read as numbers, with either decimal mark', () => {
  assert.equal(parseNumber('12,345'), 12345);
  assert.equal(parseNumber('-1,234,567.25'), -1234567.25);
  assert.equal(parseNumber('1.234.567', ','), 1234567);
  assert.equal(parseNumber('1.234,5', ','), 1234.5);
  assert.ok(isGrouped('12,345') && isGrouped('1.234,5', ',') && !isGrouped('12345'));
});

test('only well-formed groups count: "0,125", "1,5" and "12,34" are not grouped', () => {
  for (const cell of ['0,125', '1,5', '12,34', '1,2345', ',123', '1,234,5']) {
    assert.ok(Number.isNaN(parseNumber(cell)), cell);
  }
  assert.equal(parseNumber('0,125', ','), 0.125, 'a decimal comma stays a decimal comma');
  assert.ok(Number.isNaN(parseNumber('1.23', ',')), 'a point is a group mark only before 3 digits');
});

test('a grouped column writes its values back grouped, in its decimals', () => {
  const format = inferNumberFormat(['12,345', '999', '1,000,000']);
  assert.deepEqual(format, { decimals: 0, minDecimals: 0, group: ',' });
  assert.equal(formatNumber(1234567, format), '1,234,567');
  assert.equal(formatNumber(-1234, format), '-1,234');
  assert.equal(formatNumber(999, format), '999');
  const european = inferNumberFormat(['1.234,5', '77,25'], ',');
  assert.deepEqual(european, { decimals: 2, minDecimals: 1, decimal: ',', group: '.' });
  assert.equal(formatNumber(1234567.5, european), '1.234.567,5');
  for (const cell of ['12,345', '1,000,000', '-7,500']) {
    assert.equal(formatNumber(parseNumber(cell), format), cell);
  }
});

test('infinite numbers are recognised in the usual spellings and by overflow', () => {
  for (const cell of ['inf', '-inf', 'Infinity', '-Infinity', '+INF', '∞', '1e999', ' -1e400 ']) {
    assert.ok(isInfinite(cell), cell);
  }
  for (const cell of ['1e300', 'info', 'NaN', '', '12']) assert.ok(!isInfinite(cell), cell);
});

test('digits beyond 2^53 are flagged, exponent forms and safe integers are not', () => {
  assert.ok(isBeyondExact('9007199254740993'));
  assert.ok(isBeyondExact('-12345678901234567890'));
  assert.ok(isBeyondExact('9,007,199,254,740,993'));
  assert.ok(!isBeyondExact('9007199254740991'), '2^53 − 1 is exact');
  assert.ok(!isBeyondExact('1e20'));
  assert.ok(!isBeyondExact('abc'));
});

test('the grid of a column is the coarsest unit its written values share', () => {
  assert.equal(gridStep([127.5, 131, 106, 112.5], 1), 0.5);
  assert.equal(gridStep([62, 62.55, 70.1], 2), 0.05);
  assert.equal(gridStep([10, 25, 40, 0], 0), 5);
  assert.equal(gridStep([-4, 6, 12], 0), 2);
  // Units of the last digit with no common divisor, or nothing but zeros: no grid.
  assert.equal(gridStep([127.5, 131.2], 1), undefined);
  assert.equal(gridStep([3, 4, 8], 0), undefined);
  assert.equal(gridStep([0, 0], 0), undefined);
});

test('a decoded value goes to the nearest grid point inside the bounds', () => {
  assert.equal(toGrid(127.3, 0.5, 83.5, 295), 127.5);
  assert.equal(toGrid(127.2, 0.5, 83.5, 295), 127);
  assert.equal(toGrid(-0.7, 0.5, -1, 1), -0.5);
  // Bounds off the grid: the nearest grid point within them, never beyond.
  assert.equal(toGrid(90.1, 0.5, 90.3, 120), 90.5);
  assert.equal(toGrid(120.2, 0.5, 90.3, 120.2), 120);
  // No grid point between the bounds: the value is kept.
  assert.equal(toGrid(1.2, 5, 1, 4), 1.2);
  // Steps out of all scale with the bounds leave the value inside them.
  assert.equal(toGrid(30.2, 1e300, 24.5, 69.5), 30.2);
  assert.equal(toGrid(30.2, 1e-320, 24.5, 69.5), 30.2);
});

test('a column in scientific notation is written in it, with its significant digits', () => {
  const tiny = inferNumberFormat(['5.554e-120', '1.2E-119', '3e-121']);
  assert.deepEqual(tiny, { decimals: 3, minDecimals: 0, exponent: true });
  assert.equal(formatNumber(5.554e-120, tiny), '5.554e-120');
  assert.equal(formatNumber(3.14159e-118, tiny), '3.142e-118');
  assert.equal(formatNumber(-0, tiny), '0e+0');
  // A plain cell beside them keeps its digits as a mantissa: 250 → 2.5e2, not 3e2.
  assert.equal(formatNumber(250, inferNumberFormat(['1e3', '250'])), '2.5e2');
  // Plain decimals beyond what toFixed can write (101 here) switch to the same form.
  const long = inferNumberFormat([`0.${'0'.repeat(100)}5`]);
  assert.equal(long.exponent, true);
  assert.equal(formatNumber(5e-101, long), '5e-101');
  // Exponents padded to two digits, or with a capital E and no plus, are written so.
  const padded = inferNumberFormat(['8.37e-09', '8.65e+00', '1.5e+10']);
  assert.equal(padded.exponentStyle, 'e+00');
  assert.equal(formatNumber(1.72e-9, padded), '1.72e-09');
  assert.equal(formatNumber(8.19, padded), '8.19e+00');
  assert.equal(formatNumber(2.5e12, padded), '2.5e+12');
  const capital = inferNumberFormat(['2E5', '3.1E-2', '4E12']);
  assert.equal(capital.exponentStyle, 'E0');
  assert.equal(formatNumber(250000, capital), '2.5E5');
  assert.equal(formatNumber(0.031, capital), '3.1E-2');
});

test('a value of the data keeps its own digits; any other is written with the usual decimals', () => {
  // Nine in ten cells with 2 decimals, one with 5.
  const cells = [...Array.from({ length: 27 }, (_, i) => (10 + i * 0.37).toFixed(2)), '3.1', '7',
    '12.34567'];
  const format = inferNumberFormat(cells);
  assert.deepEqual([format.decimals, format.usual, format.minDecimals], [5, 2, 0]);
  // Each reads back as itself (trailing zeros are dropped, as before).
  for (const cell of cells) assert.equal(Number(formatNumber(Number(cell), format)), Number(cell));
  assert.equal(formatNumber(12.34567, format), '12.34567');
  assert.equal(formatNumber(11.283746512, format), '11.28');
  assert.equal(formatNumber(11.2, format), '11.2');
  // Interpolated values almost never pass for a value of the data.
  const random = Array.from({ length: 10_000 }, (_, i) => ((i * 7919) % 10_007) / 10_007 + 1e-11 * i);
  const seven = inferNumberFormat([...cells.slice(0, 27), '0.1234567']);
  assert.deepEqual([seven.decimals, seven.usual], [7, 2]);
  const long = random.filter((x) => (formatNumber(x, seven).split('.')[1] ?? '').length > 2);
  assert.ok(long.length <= 3, `${long.length} of 10,000 written with more than the usual decimals`);
  // Without a usual count (every cell alike), the column's decimals as before.
  assert.equal(inferNumberFormat(['1.25', '2.50', '3.75']).usual, undefined);
});
