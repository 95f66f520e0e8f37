// What a library caller (not the CLI, which checks its flags) gets for bad
// options, and what it may do with what lni hands back.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LniError } from '../util/errors.js';
import { inferSchema, typedColumns, validateSchema } from '../table/index.js';
import type { Table } from '../table/index.js';
import { privacySummary, certifySensitivity } from '../privacy/index.js';
import { fixedEffect, metaAnalyze, randomEffects } from '../meta/index.js';
import {
  auditAndRelease, compareTables, fitModel, parseModel, serializeModel, synthesize,
  type ReleaseOptions,
} from './index.js';

const rows = 60;
const table: Table = {
  names: ['x', 'y', 'g'],
  columns: [Array.from({ length: rows }, (_, i) => String((i * 7) % 23 + 0.5)),
    Array.from({ length: rows }, (_, i) => String((i * 11) % 17 + 2)),
    Array.from({ length: rows }, (_, i) => (i % 3 === 0 ? 'a' : 'b'))],
  rowCount: rows,
};
const schema = inferSchema(table);
const isOption = (pattern: RegExp) => (error: unknown) => error instanceof LniError
  && error.code === 'invalid-option' && pattern.test(error.message);

test('auditAndRelease refuses a choice of w it cannot honour before any fit, with LniError',
  async () => {
    const release = (options: Partial<ReleaseOptions>) => auditAndRelease(table, schema, {
      choice: { kind: 'fixed', w: 0.5 }, seed: 1, fit: { epochs: 1 }, ...options,
    });
    // 55 meant as 55 %: every w of the grid passed, and the release went out at w = 0.95
    // (at w = 1 with 1 in the grid: the real rows) as if an attack had limited it.
    for (const target of [55, 1.5, 0.3, Number.NaN]) {
      await assert.rejects(release({ choice: { kind: 'auc', target, conservative: false } }),
        isOption(/^the target AUC must be a number in \[0\.5, 1\]/), String(target));
    }
    // Had run the audit and the fit, then failed inside with an internal error.
    await assert.rejects(release({ choice: { kind: 'fixed', w: 2 } }),
      isOption(/^w must be a number in \[0, 1\], got 2$/));
    await assert.rejects(release({ choice: { kind: 'epsilon', epsilon: -1 } }),
      isOption(/^the target ε must be/));
    await assert.rejects(release({ choice: { kind: 'auc', target: 0.55, conservative: false },
      grid: [0, 2] }), isOption(/^every w of the grid must be a number in \[0, 1\], got 2$/));
    await assert.rejects(release({ grid: [] }), isOption(/grid is empty/));
    // The audit was run anyway, silently.
    await assert.rejects(release({ choice: { kind: 'auc', target: 0.55, conservative: false },
      audit: false }), isOption(/^audit: false needs a fixed w or an ε target/));
    await assert.rejects(release({ maxRows: 0 }), isOption(/^maxRows must be a whole number/));
    await assert.rejects(release({ choice: { kind: 'nope' } as never }),
      isOption(/^choice\.kind must be/));
  });

test('compareTables and metaAnalyze refuse a w outside [0, 1] with LniError, naming the site',
  () => {
    assert.throws(() => compareTables(table, table, schema, { outcome: 'y', covariates: ['x'],
      w: 2 }), isOption(/^w must be a number in \[0, 1\], got 2$/));
    assert.throws(() => compareTables(table, table, schema, { outcome: 'y', covariates: ['x'],
      w: 0.5, releasedPerFitted: 0 }), isOption(/^released rows per fitted row/));
    const columns = typedColumns(table, schema);
    assert.throws(() => metaAnalyze([{ site: 'A', columns }, { site: 'B', columns, w: 3 }],
      { kind: 'mean', column: 'x' }), isOption(/^w must be a number in \[0, 1\] \(site B\)/));
  });

test('fixedEffect, randomEffects and privacySummary refuse bad input with LniError', () => {
  assert.throws(() => fixedEffect([]), isOption(/needs at least one site/));
  assert.throws(() => randomEffects([]), isOption(/needs at least one site/));
  assert.throws(() => fixedEffect([{ site: 'A', estimate: 1, variance: 0 }]),
    isOption(/site A needs a finite estimate and a finite variance > 0/));
  const model = fitModel(table, schema, { seed: 1, epochs: 1 });
  const certificate = certifySensitivity(model.flow, model.encoder.domain(),
    { clipRadius: 'auto' });
  assert.throws(() => privacySummary({ certificate, w: 0.5, releasedRows: -1 }),
    isOption(/^releasedRows must be a whole number ≥ 0, got -1$/));
});

test('the model owns its schema, and its serialized document is a copy', () => {
  const mine = validateSchema(JSON.parse(JSON.stringify(schema)));
  const model = fitModel(table, mine, { seed: 1, epochs: 1 });
  const saved = JSON.stringify(serializeModel(model));
  // Editing one's own schema after the fit (to try another) left the model's in step.
  mine.columns[0].type = 'id';
  assert.equal(model.schema.columns[0].type, schema.columns[0].type);
  // Editing the document (redacting, rounding) reached into the live encoder.
  const before = synthesize(model, table, { w: 0.5, seed: 3 }).table;
  const document = serializeModel(model) as { encoder: Record<string, unknown> };
  for (const key of Object.keys(document.encoder)) {
    const value = document.encoder[key];
    if (Array.isArray(value)) value.length = 0;
  }
  assert.equal(JSON.stringify(serializeModel(model)), saved);
  assert.deepEqual(synthesize(model, table, { w: 0.5, seed: 3 }).table, before);
  // The copy holds the same document.
  const loaded = parseModel(JSON.parse(saved));
  assert.ok(JSON.stringify(serializeModel(loaded)).length === saved.length, 'same document');
});

test('a model file whose training section has no row count is refused as invalid', () => {
  const model = fitModel(table, schema, { seed: 1, epochs: 1 });
  const document = JSON.parse(JSON.stringify(serializeModel(model)));
  for (const training of [{}, null, 5, { ...document.training, rows: -1 }]) {
    assert.throws(() => parseModel({ ...document, training }, 'model.json'),
      (error: unknown) => error instanceof LniError && error.code === 'model-invalid'
        && error.file === 'model.json' && /"training"/.test(error.message));
  }
});
