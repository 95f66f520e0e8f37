import { test } from 'node:test';
import assert from 'node:assert/strict';
import { degreeEnds, hiddenDegrees, madeMasks } from './masks.js';

/** reach[i][j] = 1 if some path connects input i to output column j. */
function reachability(masks: Uint8Array[], p: number, hidden: number): number[][] {
  const widths = [p, ...masks.slice(0, -1).map(() => hidden), 2 * p];
  let reach = Array.from({ length: p }, (_, i) =>
    Array.from({ length: p }, (__, j) => (i === j ? 1 : 0)));
  masks.forEach((mask, l) => {
    const [inputs, outputs] = [widths[l], widths[l + 1]];
    reach = reach.map((row) => Array.from({ length: outputs }, (_, k) => {
      for (let i = 0; i < inputs; i++) if (row[i] === 1 && mask[i * outputs + k] === 1) return 1;
      return 0;
    }));
  });
  return reach;
}

test('hidden degrees are sorted, within 1..p−1, and use every degree when wide enough', () => {
  for (const [p, hidden] of [[5, 16], [16, 128], [30, 64], [7, 6]]) {
    const degrees = hiddenDegrees(p, hidden);
    for (let k = 1; k < hidden; k++) assert.ok(degrees[k] >= degrees[k - 1]);
    assert.equal(degrees[0], 1);
    assert.ok(degrees[hidden - 1] <= p - 1);
    if (hidden >= p - 1) assert.equal(new Set(degrees).size, p - 1);
  }
});

test('degree ends count the units of degree at most d', () => {
  const degrees = hiddenDegrees(6, 11);
  const ends = degreeEnds(degrees, 6);
  for (let d = 0; d <= 6; d++) {
    assert.equal(ends[d], degrees.filter((degree) => degree <= d).length);
  }
});

test('output j is reachable only from inputs before j (the autoregressive property)', () => {
  for (const [p, hidden, layers] of [[4, 8, 2], [6, 5, 3], [1, 4, 2], [9, 32, 1]]) {
    const reach = reachability(madeMasks(p, hidden, layers), p, hidden);
    // With at least p − 1 units every allowed connection is also present.
    const full = hidden >= p - 1 ? 1 : 0;
    for (let i = 0; i < p; i++) {
      for (let j = 0; j < p; j++) {
        if (i >= j) assert.equal(reach[i][2 * j], 0, `input ${i} reaches shift ${j}`);
        else if (full) assert.equal(reach[i][2 * j], 1, `input ${i} misses shift ${j}`);
        assert.equal(reach[i][2 * j + 1], reach[i][2 * j], `input ${i} → log-scale ${j}`);
      }
    }
  }
});

test('every mask is a staircase: the allowed inputs of each unit are a prefix', () => {
  const masks = madeMasks(7, 20, 3);
  for (const [l, mask] of masks.entries()) {
    const outputs = l === masks.length - 1 ? 14 : 20;
    const inputs = mask.length / outputs;
    for (let k = 0; k < outputs; k++) {
      const column = Array.from({ length: inputs }, (_, i) => mask[i * outputs + k]);
      // Units sorted by degree: the allowed inputs of every unit are a prefix.
      const firstZero = column.indexOf(0);
      if (firstZero >= 0) assert.ok(column.slice(firstZero).every((v) => v === 0));
    }
  }
});
