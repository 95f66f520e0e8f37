import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  categoricalMarginal, END_ROWS, histogramPair, MIN_BINS, shownRange, smallCellRange,
} from './histogram.js';

const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

test('histogram bins are shared, at least ten, and their outer edges lie beyond the range shown',
  () => {
  const real = Float64Array.from([29, 35, 41, 44, 52, 57, 63, 70, 77, NaN]);
  const synthetic = Float64Array.from([31, 38, 45, 47, 50, 58, 61, 66, 80]);
  const histogram = histogramPair(real, synthetic);

  assert.ok(histogram.edges.length - 1 >= MIN_BINS);
  assert.equal(histogram.real.length, histogram.edges.length - 1);
  assert.equal(histogram.synthetic.length, histogram.edges.length - 1);
  // Nine values on each side: each range ends on its fifth value from either end.
  assert.ok(histogram.edges[0] < 50, `first edge ${histogram.edges[0]} must be below 50`);
  assert.ok(histogram.edges.at(-1)! > 52, `last edge ${histogram.edges.at(-1)} must be above 52`);
  assert.equal(sum(histogram.real), 9);
  assert.equal(sum(histogram.synthetic), 9);
  assert.deepEqual(histogram.missing, { real: 1, synthetic: 0 });
});

test('a data minimum sitting on a round number is still not an edge', () => {
  // The range shown is the fifth value from each end: 40 to 960.
  const real = Float64Array.from({ length: 101 }, (_, i) => 10 * i);
  const histogram = histogramPair(real, real);
  assert.ok(!histogram.edges.includes(40));
  assert.ok(!histogram.edges.includes(960));
  assert.ok(histogram.edges[0] < 40 && histogram.edges.at(-1)! > 960);
});

test('edges are evenly spaced round numbers without floating-point noise', () => {
  const real = Float64Array.from([0.11, 0.23, 0.37, 0.52, 0.68, 0.9]);
  const histogram = histogramPair(real, real);
  for (const edge of histogram.edges) {
    assert.equal(edge, Number(edge.toPrecision(6)), `edge ${edge} is not round`);
  }
  const steps = histogram.edges.slice(1).map((edge, i) => edge - histogram.edges[i]);
  for (const step of steps) assert.ok(Math.abs(step - steps[0]) < 1e-12);
});

test('each value lands in the bin whose half-open range holds it', () => {
  const real = Float64Array.from({ length: 30 }, (_, i) => i + 1);
  const histogram = histogramPair(real, real);
  // Inside the range shown (5 to 26); those beyond it are counted at its ends.
  real.filter((value) => value >= 5 && value <= 26).forEach((value) => {
    const bin = histogram.edges.findIndex((edge, i) =>
      edge <= value && value < histogram.edges[i + 1]);
    assert.ok(bin >= 0 && histogram.real[bin] >= 1, `value ${value} not counted`);
  });
  assert.equal(sum(histogram.real), 30);
});

test('a constant column still gets at least ten bins around its value', () => {
  const histogram = histogramPair(Float64Array.from([5, 5, 5]), Float64Array.from([5, 5]));
  assert.ok(histogram.edges.length - 1 >= MIN_BINS);
  assert.ok(histogram.edges[0] < 5 && histogram.edges.at(-1)! > 5);
  assert.equal(sum(histogram.real), 3);
  assert.equal(sum(histogram.synthetic), 2);
});

test('columns with no observed values give empty bins and count the missing', () => {
  const histogram = histogramPair(Float64Array.from([NaN, NaN]), new Float64Array(0));
  assert.deepEqual(histogram, { edges: [], real: [], synthetic: [],
    missing: { real: 2, synthetic: 0 } });
});

test('asking for fewer than ten bins is a programming error', () => {
  assert.throws(() => histogramPair(Float64Array.from([1, 2]), Float64Array.from([1]), 4),
    /targetBins is 4/);
});

test('level counts follow real frequency and pool the rarest levels beyond the limit', () => {
  const many = (level: string, count: number) => Array<string>(count).fill(level);
  const real = [...many('a', 15), ...many('b', 10), ...many('c', 5), ...many('d', 5),
    ...many('e', 6), 'g', 'g', 'h', null];
  const synthetic = ['a', 'b', 'b', 'c', 'e', 'e', 'f', 'g'];
  const marginal = categoricalMarginal('letter', real, synthetic, 4);
  assert.deepEqual(marginal.levels, ['a', 'b', 'other (3 levels)', '3 levels under 5 rows']);
  assert.deepEqual(marginal.real, [15, 10, 16, 3]);
  assert.deepEqual(marginal.synthetic, [1, 2, 3, 2]);
  assert.deepEqual(marginal.missing, { real: 1, synthetic: 0 });
  // A level held by 0 to 4 real rows (f only in the synthetic table) is never named.
  const roomy = categoricalMarginal('letter', real, synthetic, 12);
  assert.deepEqual(roomy.levels, ['a', 'b', 'e', 'c', 'd', '3 levels under 5 rows']);
});

test('a value alone beyond a wide gap at an end is off the axis, counted as fitting clips it',
  () => {
  // 300 evenly spread values, one far above them and one far below.
  const body = Array.from({ length: 300 }, (_, i) => 30_000 + 100 * i);
  const real = Float64Array.from([...body, 9_876_543.21, -5_000_000]);
  const synthetic = Float64Array.from(body.filter((_, i) => i % 2 === 0));
  const histogram = histogramPair(real, synthetic);

  assert.ok(histogram.edges.at(-1)! < 100_000, `last edge ${histogram.edges.at(-1)}`);
  assert.ok(histogram.edges[0] > 0, `first edge ${histogram.edges[0]}`);
  assert.ok(histogram.edges[0] < 30_400 && histogram.edges.at(-1)! > 59_500,
    'the rest of the column, to its fifth value from either end, is inside the outer edges');
  assert.equal(sum(histogram.real), 302);
  assert.equal(sum(histogram.synthetic), 150);
  // The two lone values are counted in the end bins, with the column's own extremes.
  const plain = histogramPair(Float64Array.from(body), synthetic);
  assert.deepEqual(plain.edges, histogram.edges);
  assert.deepEqual(histogram.real, plain.real.map((count, i) =>
    count + (i === 0 || i === plain.real.length - 1 ? 1 : 0)));
});

test('a synthetic range reaching further widens the axis but never frees a lone real value', () => {
  const body = Array.from({ length: 300 }, (_, i) => 30_000 + 100 * i);
  const real = Float64Array.from([...body, 200_000]);
  // A poor synthetic column spreading evenly to 239,300.
  const synthetic = Float64Array.from({ length: 300 }, (_, i) => 30_000 + 700 * i);
  const histogram = histogramPair(real, synthetic);
  assert.ok(histogram.edges.at(-1)! > 239_300, `last edge ${histogram.edges.at(-1)}`);
  assert.equal(sum(histogram.real), 301);
  assert.equal(sum(histogram.synthetic), 300);
  // 200,000 counts with 59,900, the largest real value on this side of the gap.
  const binOf = (value: number) => histogram.edges.findIndex((edge, i) =>
    edge <= value && value < histogram.edges[i + 1]);
  assert.equal(histogram.real[binOf(200_000)], 0);
  assert.equal(histogram.real.slice(binOf(59_900) + 1).reduce((a, b) => a + b, 0), 0);
});

test('a positive value alone on the log scale (skewed columns are fitted so) is off the axis',
  () => {
  const body = Array.from({ length: 300 }, (_, i) => 1_000 + 13 * i);
  const range = shownRange(Float64Array.from([0.01, ...body]));
  assert.deepEqual(range, { low: 1_000, high: body.at(-1) });
  const histogram = histogramPair(Float64Array.from([0.01, ...body]), Float64Array.from(body));
  assert.ok(histogram.edges[0] > 0.01, `first edge ${histogram.edges[0]}`);
  assert.equal(sum(histogram.real), 301);
});

test('without real values the synthetic column sets the range, by the same rule', () => {
  const body = Array.from({ length: 300 }, (_, i) => i);
  const histogram = histogramPair(Float64Array.from([NaN]), Float64Array.from([...body, 1e7]));
  assert.ok(histogram.edges.at(-1)! < 1_000);
  assert.equal(sum(histogram.synthetic), 301);
});

test('dates are judged on their own scale only: a span of days is not cut on the log scale', () => {
  // Days since 1970 from a 1995 cohort entry to 2020: spread on the log scale's low end.
  const days = Float64Array.from({ length: 300 }, (_, i) => 9000 + i * 31);
  days[0] = 600;
  const logged = shownRange(days, true)!;
  const plain = shownRange(days, false)!;
  assert.equal(plain.low, 600, 'no lone day on the day scale');
  assert.ok(logged.low > 600, 'the log scale would call the first day alone');
});

test('no bin at an end of the axis holds fewer than five real values', () => {
  // 150 cholesterol-like values and one 147 above the next: not alone enough for the
  // fitting rule, but a bar of its own five empty bins out would tell of one person.
  const body = Array.from({ length: 150 }, (_, i) => 150 + Math.round(267 * (i / 149) ** 1.5));
  const real = Float64Array.from([...body, 564]);
  assert.equal(shownRange(real)!.high, 564, 'the fitting rule keeps it');
  const histogram = histogramPair(real, Float64Array.from(body));
  const nonEmpty = histogram.real.flatMap((count, i) => (count > 0 ? [i] : []));
  assert.ok(histogram.real[nonEmpty[0]] >= END_ROWS, `first bar ${histogram.real[nonEmpty[0]]}`);
  assert.ok(histogram.real[nonEmpty.at(-1)!] >= END_ROWS,
    `last bar ${histogram.real[nonEmpty.at(-1)!]}`);
  assert.ok(histogram.edges.at(-1)! < 564, `last edge ${histogram.edges.at(-1)}`);
  assert.equal(sum(histogram.real), 151);
});

test('the range shown ends on the fifth value from each end, or the middle of a short column',
  () => {
  const values = Float64Array.from([9, 1, 2, 3, 4, 5, 6, 7, 8, 10, 11, NaN]);
  assert.deepEqual(smallCellRange(values, { low: 1, high: 11 }), { low: 5, high: 7 });
  assert.deepEqual(smallCellRange(values, { low: 2, high: 11 }), { low: 6, high: 7 });
  assert.deepEqual(smallCellRange(Float64Array.from([3, 1, 2]), { low: 1, high: 3 }),
    { low: 2, high: 2 });
  assert.equal(smallCellRange(values, null), null);
});
