import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LniError } from '../util/errors.js';
import { validateSchema } from './schema.js';
import { isSdvMetadata, schemaFromSdv } from './sdv.js';

const single = {
  columns: {
    age: { sdtype: 'numerical', computer_representation: 'Int64' },
    bmi: { sdtype: 'numerical', computer_representation: 'Float' },
    sex: { sdtype: 'categorical' },
    smoker: { sdtype: 'boolean' },
    id: { sdtype: 'id', regex_format: 'P[0-9]{4}' },
    email: { sdtype: 'email', pii: true },
    date: { sdtype: 'datetime', datetime_format: '%Y-%m-%d' },
    visit: { sdtype: 'datetime', datetime_format: '%-d/%-m/%Y' },
  },
  primary_key: 'id',
  METADATA_SPEC_VERSION: 'SINGLE_TABLE_V1',
};

test('SDV sdtypes map to lni column types and date layouts', () => {
  const { schema } = schemaFromSdv(single);
  const types = Object.fromEntries(schema.columns.map((c) => [c.name, c.type]));
  assert.deepEqual(types, {
    age: 'integer', bmi: 'continuous', sex: 'categorical', smoker: 'binary', id: 'id',
    email: 'id', date: 'date', visit: 'date',
  });
  assert.equal(schema.columns.find((c) => c.name === 'date')?.format, 'YYYY-MM-DD');
  assert.equal(schema.columns.find((c) => c.name === 'visit')?.format, 'D/M/YYYY');
  assert.deepEqual(validateSchema(schema), schema, 'the result is a valid lni schema');
});

test('fields lni does not use are listed as ignored', () => {
  const { ignored } = schemaFromSdv(single);
  assert.deepEqual(ignored, ['"regex_format" of column "id"']);
});

test('a column marked "pii": true is an ID column whatever its sdtype', () => {
  const { schema } = schemaFromSdv({ columns: {
    note: { sdtype: 'categorical', pii: true }, age: { sdtype: 'numerical', pii: false } } });
  assert.deepEqual(schema.columns.map((c) => c.type), ['id', 'continuous']);
  assert.match(schema.columns[0].note ?? '', /marked "pii": not modelled/);
});

test('the multi-table form with one table is read; with two it is refused', () => {
  const multi = { tables: { patients: single }, relationships: [], METADATA_SPEC_VERSION: 'V1' };
  assert.ok(isSdvMetadata(multi));
  assert.equal(schemaFromSdv(multi).schema.columns.length, 8);
  assert.throws(() => schemaFromSdv({ tables: { a: single, b: single } }),
    (error: unknown) => error instanceof LniError && /2 tables \(a, b\)/.test(error.message));
});

test('an lni schema is not mistaken for SDV metadata', () => {
  assert.equal(isSdvMetadata({ version: 1, columns: [{ name: 'a', type: 'integer' }] }), false);
  assert.equal(isSdvMetadata(single), true);
});

test('a datetime format with a time of day is translated; one lni cannot write, or no sdtype, is refused', () => {
  const formats = { a: '%Y-%m-%d %H:%M', b: '%d/%m/%Y %I:%M:%S %p', c: '%Y-%m-%dT%H:%M:%S.%f' };
  const timed = schemaFromSdv({ columns: Object.fromEntries(Object.entries(formats)
    .map(([name, format]) => [name, { sdtype: 'datetime', datetime_format: format }])) });
  assert.deepEqual(timed.schema.columns.map((c) => c.format),
    ['YYYY-MM-DD HH:mm', 'DD/MM/YYYY hh:mm:ss A', 'YYYY-MM-DDTHH:mm:ss.SSSSSS']);
  const weekday = { columns: { t: { sdtype: 'datetime', datetime_format: '%a %Y-%m-%d' } } };
  assert.throws(() => schemaFromSdv(weekday),
    (error: unknown) => error instanceof LniError && error.column === 't');
  assert.throws(() => schemaFromSdv({ columns: { x: { type: 'numerical' } } }),
    (error: unknown) => error instanceof LniError && error.column === 'x');
});
