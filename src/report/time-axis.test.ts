import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { TypedColumn } from '../table/types.js';
import { columnMarginals } from './assemble.js';
import { numericMarginalSpec } from './charts-distribution.js';
import { renderSvg } from './svg.js';
import { timeTicks } from './time-axis.js';

const day = (iso: string) => Date.parse(iso) / 86_400_000;
const texts = (svg: string) => [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]);

test('date ticks fall on calendar steps and are written in the column\'s layout', () => {
  const year = timeTicks(day('2019-12-20'), day('2021-01-23'), 'date', 'DD/MM/YYYY', 230);
  assert.deepEqual(year.labels, ['01/01/2020', '01/07/2020', '01/01/2021']);
  assert.deepEqual(year.values, [day('2020-01-01'), day('2020-07-01'), day('2021-01-01')]);
  const century = timeTicks(day('1900-03-01'), day('2020-03-20'), 'date', 'YYYY-MM-DD', 230);
  assert.deepEqual(century.labels, ['1950-01-01', '2000-01-01']);
  // A date-time column spanning days is marked by day in its day layout; within one, by
  // the clock.
  const week = timeTicks(day('2020-03-01'), day('2020-03-09'), 'date', 'DD-Mmm-YYYY HH:mm', 230);
  assert.ok(week.labels.length >= 2 && week.labels.every((l) => /^\d\d-Mar-2020$/.test(l)),
    week.labels.join(', '));
  const hours = timeTicks(day('2020-03-01'), day('2020-03-01') + 0.6, 'date', 'YYYY-MM-DD HH:mm',
    230);
  assert.deepEqual(hours.labels, ['2020-03-01 00:00', '2020-03-01 12:00']);
  const clock = timeTicks(7 / 24, 17.5 / 24, 'time of day', 'h:mm a', 230);
  assert.deepEqual(clock.labels, ['9:00 am', '12:00 pm', '3:00 pm']);
  // No layout known: ISO dates.
  assert.deepEqual(timeTicks(day('2019-12-20'), day('2021-01-23'), 'date', undefined, 230).labels,
    ['2020-01-01', '2020-07-01', '2021-01-01']);
});

test('a date column\'s report histogram reads as dates in its layout, not day numbers',
  async () => {
  const values = Float64Array.from({ length: 300 }, (_, i) => day('2020-01-01') + (i * 37) % 366);
  const column = (name: string): TypedColumn =>
    ({ kind: 'numeric', name, type: 'date', values, dateFormat: 'DD/MM/YYYY' });
  const [marginal] = columnMarginals([column('visit')], [column('visit')]);
  assert.equal(marginal.kind === 'numeric' && marginal.layout, 'DD/MM/YYYY');
  assert.ok(marginal.kind === 'numeric');
  const svg = await renderSvg(numericMarginalSpec(marginal), 'visit');
  const labels = texts(svg).filter((text) => !text.endsWith('%'));
  // The axis ends a little beyond the fifth day from either end (histogram.ts).
  assert.deepEqual(labels, ['01/01/2020', '01/07/2020']);
  // What a screen reader announces is in dates too.
  assert.doesNotMatch(svg, /aria-label="[^"]*\b1[89],?\d\d\d\b/, 'no day numbers');
  assert.match(svg, /aria-label="Dates from \d\d\/(12\/2019|01\/2020) to \d\d\/(12\/2020|01\/2021)"/);
});

test('clock ticks of a date-time written to the millisecond fall on the step, not a few ms off', () => {
  const morning = timeTicks(day('2020-03-01') + 0.3, day('2020-03-01') + 0.35, 'date',
    'YYYY-MM-DD HH:mm:ss.SSS', 230);
  assert.deepEqual(morning.labels, ['2020-03-01 07:30:00.000', '2020-03-01 08:00:00.000']);
});
