import { test } from 'node:test';
import assert from 'node:assert/strict';
import { categoricalMarginal, histogramPair, MIN_BINS, shownRange } from './histogram.js';

const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

test('histogram bins are shared, at least ten, and their outer edges lie beyond the data', () => {
  const real = Float64Array.from([29, 35, 41, 44, 52, 57, 63, 70, 77, NaN]);
  const synthetic = Float64Array.from([31, 38, 45, 47, 50, 58, 61, 66, 80]);
  const histogram = histogramPair(real, synthetic);

  assert.ok(histogram.edges.length - 1 >= MIN_BINS);
  assert.equal(histogram.real.length, histogram.edges.length - 1);
  assert.equal(histogram.synthetic.length, histogram.edges.length - 1);
  assert.ok(histogram.edges[0] < 29, `first edge ${histogram.edges[0]} must be below 29`);
  assert.ok(histogram.edges.at(-1)! > 80, `last edge ${histogram.edges.at(-1)} must be above 80`);
  assert.equal(sum(histogram.real), 9);
  assert.equal(sum(histogram.synthetic), 9);
  assert.deepEqual(histogram.missing, { real: 1, synthetic: 0 });
});

test('a data minimum sitting on a round number is still not an edge', () => {
  const real = Float64Array.from([0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100]);
  const histogram = histogramPair(real, real);
  assert.ok(!histogram.edges.includes(0));
  assert.ok(!histogram.edges.includes(100));
  assert.ok(histogram.edges[0] < 0 && histogram.edges.at(-1)! > 100);
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
  const real = Float64Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
  const histogram = histogramPair(real, real);
  real.forEach((value) => {
    const bin = histogram.edges.findIndex((edge, i) =>
      edge <= value && value < histogram.edges[i + 1]);
    assert.ok(bin >= 0 && histogram.real[bin] >= 1, `value ${value} not counted`);
  });
  assert.equal(sum(histogram.real), 12);
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
  assert.ok(histogram.edges[0] < 30_000 && histogram.edges.at(-1)! > 59_900,
    'the rest of the column is still inside the outer edges');
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
