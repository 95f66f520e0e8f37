import { test } from 'node:test';
import assert from 'node:assert/strict';
import { detectDateFormat, formatDate, parseDate, ticksPerDay } from './dates.js';
import { Random } from '../util/random.js';

const MINUTE_MS = 60_000;

test('a date with a time reads as whole ticks of its finest unit, as Date.UTC counts them', () => {
  const cases: [string, string, number][] = [
    ['1970-01-02 00:01', 'YYYY-MM-DD HH:mm', Date.UTC(1970, 0, 2, 0, 1) / MINUTE_MS],
    ['1969-12-31 23:59', 'YYYY-MM-DD HH:mm', -1],
    ['2000-01-01T00:00:01Z', 'YYYY-MM-DDTHH:mm:ssZ', Date.UTC(2000, 0, 1) / 1000 + 1],
    ['29.02.2024 7:05:09.250', 'DD.MM.YYYY H:mm:ss.SSS', Date.UTC(2024, 1, 29, 7, 5, 9, 250)],
    ['1/13/1970 1:01 AM', 'M/D/YYYY h:mm A', 12 * 1440 + 61],
    ['1/13/1970 12:01 AM', 'M/D/YYYY hh:mm A', 12 * 1440 + 1],
    ['1/13/1970 12:30 PM', 'M/D/YYYY hh:mm A', 12 * 1440 + 12 * 60 + 30],
    ['12/31/1999 11:59pm', 'MM/DD/YYYY hh:mma', Date.UTC(1999, 11, 31, 23, 59) / MINUTE_MS],
    ['2021-03-04 10:15:00+01:00', 'YYYY-MM-DD HH:mm:ss+01:00', Date.UTC(2021, 2, 4, 10, 15) / 1000],
  ];
  for (const [cell, layout, ticks] of cases) {
    assert.equal(detectDateFormat([cell]), layout, cell);
    assert.equal(parseDate(cell, layout), ticks, cell);
    assert.equal(formatDate(ticks, layout), cell, cell);
  }
  assert.deepEqual(['YYYY-MM-DD', 'YYYY-MM-DD HH:mm', 'YYYY-MM-DD HH:mm:ss', 'YYYY-MM-DD HH:mm:ss.SSS']
    .map(ticksPerDay), [1, 1440, 86_400, 86_400_000]);
});

test('impossible times and mixed layouts are not dates', () => {
  for (const cell of ['2021-02-30 10:00', '2021-01-01 24:00', '2021-01-01 10:60',
    '1/1/2021 13:00 PM', '1/1/2021 0:30 AM', '2021-01-01 10:00 Z', '2021-01-01 9:00']) {
    assert.ok(Number.isNaN(parseDate(cell, cell.includes('M') ? 'M/D/YYYY h:mm A' : 'YYYY-MM-DD HH:mm')), cell);
  }
  assert.equal(detectDateFormat(['2021-01-01 10:00', '2021-01-01 10:00:05']), null, 'seconds in some');
  assert.equal(detectDateFormat(['2021-01-01T10:00Z', '2021-01-01T10:00+01:00']), null, 'two zones');
  assert.equal(detectDateFormat(['1/2/2021 1:00 PM', '1/2/2021 13:00']), null, 'two clocks');
  assert.equal(detectDateFormat(['2021-01-01 9:00', '2021-01-01 10:00']), 'YYYY-MM-DD H:mm');
  assert.equal(detectDateFormat(['2021-01-01 00:00', '2021-01-02 00:00']), 'YYYY-MM-DD 00:00',
    'a column of midnights stays a column of days');
});

test('every tick written in a layout reads back as itself', () => {
  const random = new Random(7);
  for (const layout of ['YYYY-MM-DD HH:mm', 'D/M/YYYY H:mm:ss', 'MM/DD/YYYY hh:mm:ss.SS a',
    'YYYY-MM-DDTHH:mm:ss.SSSZ', 'DD.MM.YYYY h:mm A']) {
    const perDay = ticksPerDay(layout);
    for (let k = 0; k < 2000; k++) {
      const ticks = Math.floor((random.uniform() * 80_000 - 20_000) * perDay);
      const cell = formatDate(ticks, layout);
      assert.equal(parseDate(cell, layout), ticks, `${layout}: ${cell}`);
      assert.equal(detectDateFormat([cell]) !== null, true, cell);
    }
  }
});

test('months written by name and compact dates read, write and detect like the others', () => {
  const cases: [string, string, number][] = [
    ['04-Mar-2021', 'DD-Mmm-YYYY', Date.UTC(2021, 2, 4) / 86_400_000],
    ['04MAR2021', 'DDMMMYYYY', Date.UTC(2021, 2, 4) / 86_400_000],
    ['4 mar 2021', 'D mmm YYYY', Date.UTC(2021, 2, 4) / 86_400_000],
    ['2021-Dec-31', 'YYYY-Mmm-DD', Date.UTC(2021, 11, 31) / 86_400_000],
    ['20190105', 'YYYYMMDD', Date.UTC(2019, 0, 5) / 86_400_000],
    ['04MAR2021 14:35', 'DDMMMYYYY HH:mm', Date.UTC(2021, 2, 4, 14, 35) / 60_000],
  ];
  for (const [cell, layout, ticks] of cases) {
    assert.equal(detectDateFormat([cell]), layout, cell);
    assert.equal(parseDate(cell, layout), ticks, cell);
    assert.equal(formatDate(ticks, layout), cell, cell);
  }
  assert.equal(detectDateFormat(['04-Mar-2021', '05-MAR-2021']), null, 'two ways of writing months');
  assert.equal(detectDateFormat(['20190105', '20190132']), null, 'no 32nd day: not dates');
  assert.equal(detectDateFormat(['04-Mrz-2021']), null, 'English abbreviations only');
  assert.ok(Number.isNaN(parseDate('31-Feb-2021', 'DD-Mmm-YYYY')));
  const random = new Random(9);
  for (const layout of ['DD-Mmm-YYYY', 'DMMMYYYY', 'YYYY.mmm.D', 'YYYYMMDD']) {
    for (let k = 0; k < 500; k++) {
      const day = Math.floor(random.uniform() * 60_000 - 10_000);
      assert.equal(parseDate(formatDate(day, layout), layout), day, layout);
    }
  }
});

test('a time of day alone reads as ticks since midnight and writes back in its layout', () => {
  const cases: [string[], string, number[]][] = [
    [['14:35', '09:05'], 'HH:mm', [875, 545]],
    [['2:35 PM', '11:05 AM', '12:10 AM'], 'h:mm A', [875, 665, 10]],
    [['14:35:07.250'], 'HH:mm:ss.SSS', [52_507_250]],
  ];
  for (const [cells, layout, ticks] of cases) {
    assert.equal(detectDateFormat(cells), layout, cells.join());
    assert.deepEqual(cells.map((cell) => parseDate(cell, layout)), ticks);
    assert.deepEqual(ticks.map((tick) => formatDate(tick, layout)), cells);
  }
  assert.equal(ticksPerDay('HH:mm'), 1440);
  assert.equal(formatDate(1440 + 5, 'HH:mm'), '00:05', 'past midnight wraps round');
  assert.equal(detectDateFormat(['25:00', '10:00']), null, 'no 25th hour');
  assert.equal(detectDateFormat(['14:35', '2021-03-04']), null);
});

test('a declared format lni cannot read is named in the error', async () => {
  const { Encoder } = await import('./encoder.js');
  const { LniError } = await import('../util/errors.js');
  const t = { names: ['d'], columns: [Array.from({ length: 30 }, (_, i) => `2021-01-${10 + (i % 20)}`)],
    rowCount: 30 };
  assert.throws(() => Encoder.fit(t, { version: 1, columns: [
    { name: 'd', type: 'date', format: 'YYYYYYYY' }] }),
  (error: unknown) => error instanceof LniError && /"format" "YYYYYYYY" is not a layout/.test(error.message));
});

test('fractions of a second beyond six digits are no layout: their ticks would pass 2^53', () => {
  assert.equal(detectDateFormat(['2021-03-04 14:35:07.1234567']), null);
  assert.equal(detectDateFormat(['2021-03-04 14:35:07.123456']), 'YYYY-MM-DD HH:mm:ss.SSSSSS');
});
