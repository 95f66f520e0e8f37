import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createProgress } from './progress.js';

/** Plain-line progress (stderr not a terminal) into an array, on a clock the test sets. */
function lineProgress() {
  const lines: string[] = [];
  const stream = { isTTY: false, write: (text: string) => lines.push(text) };
  const progress = createProgress({ quiet: false, stream: stream as unknown as NodeJS.WriteStream });
  return { progress, lines };
}

function atTime<T>(milliseconds: number, run: () => T): T {
  const now = Date.now;
  Date.now = () => milliseconds;
  try {
    return run();
  } finally {
    Date.now = now;
  }
}

test('a stage started after its first step shows no ETA until a step is timed', () => {
  const { progress, lines } = lineProgress();
  // As lni fit does: the epoch count is known once epoch 1 has ended.
  atTime(0, () => progress.start('fit', 300, 1));
  atTime(0, () => progress.update(1, 'NLL train 1.000'));
  assert.equal(lines[0], 'fit: 1/300, NLL train 1.000\n');
  // Epoch 2 took 3 s, so 298 epochs take 894 s.
  atTime(3000, () => progress.update(2, 'NLL train 0.900'));
  assert.equal(lines[1], 'fit: 2/300, ETA 14m54s NLL train 0.900\n');
});

test('a stage started before its steps times its first step', () => {
  const { progress, lines } = lineProgress();
  atTime(0, () => progress.start('audit over w', 10));
  atTime(2000, () => progress.update(1, 'w = 0'));
  assert.equal(lines[0], 'audit over w: 1/10, ETA 18s w = 0\n');
});
