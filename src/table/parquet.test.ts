import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parquetMetadata, parquetReadObjects } from 'hyparquet';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { LniError } from '../util/errors.js';
import { formatParquet, isParquet, parseParquet } from './parquet.js';
import type { Table } from './types.js';

const rows = 6;
const source = new Uint8Array(parquetWriteBuffer({ columnData: [
  { name: 'age', data: Int32Array.from([23, 45, 31, 60, 19, 52]), type: 'INT32' },
  { name: 'count', data: [1n, 2n, 3n, 4n, 5n, 6n], type: 'INT64' },
  { name: 'bmi', data: [21.5, null, 30.25, 27, 19.75, 33.5], type: 'DOUBLE' },
  { name: 'weight', data: [61.2, 70.4, 82.9, 55.1, 90.3, 66.6].map(Math.fround), type: 'FLOAT' },
  { name: 'smoker', data: [true, false, false, true, false, true], type: 'BOOLEAN' },
  { name: 'sex', data: ['F', 'M', 'F', null, 'M', 'F'], type: 'STRING' },
  { name: 'seen', data: [0, 1, 2, 3, 4, 5].map((d) => new Date(Date.UTC(2021, 2, 1 + d))),
    type: 'TIMESTAMP' },
] }));

async function readBack(bytes: Uint8Array) {
  const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
  const metadata = parquetMetadata(buffer as ArrayBuffer);
  const objects = await parquetReadObjects({ file: buffer as ArrayBuffer });
  return { metadata, objects };
}

test('parquet cells are read as the text a CSV file would hold', async () => {
  const { table, layout } = await parseParquet(source);
  assert.equal(table.rowCount, rows);
  assert.deepEqual(table.names, ['age', 'count', 'bmi', 'weight', 'smoker', 'sex', 'seen']);
  assert.deepEqual(table.columns[0], ['23', '45', '31', '60', '19', '52']);
  assert.deepEqual(table.columns[1], ['1', '2', '3', '4', '5', '6']);
  assert.deepEqual(table.columns[2], ['21.5', '', '30.25', '27', '19.75', '33.5']);
  assert.deepEqual(table.columns[3], ['61.2', '70.4', '82.9', '55.1', '90.3', '66.6'],
    'float32 values get their shortest text');
  assert.deepEqual(table.columns[4], ['true', 'false', 'false', 'true', 'false', 'true']);
  assert.deepEqual(table.columns[5], ['F', 'M', 'F', '', 'M', 'F']);
  assert.equal(table.columns[6][0], '2021-03-01', 'midnight timestamps read as dates');
  assert.equal(layout.columns.length, 7);
});

test('a parquet table written back keeps every physical type and value', async () => {
  const { table, layout } = await parseParquet(source);
  const written = formatParquet(table, layout);
  assert.ok(isParquet(written));
  const original = await readBack(source);
  const copy = await readBack(written);
  const types = (m: typeof copy.metadata) =>
    m.schema.slice(1).map((e) => [e.name, e.type, e.converted_type ?? null]);
  assert.deepEqual(types(copy.metadata), types(original.metadata));
  assert.deepEqual(copy.objects, original.objects);
});

test('a table read from CSV is written as parquet with types read off its cells', async () => {
  const table: Table = {
    names: ['n', 'x', 'label'], rowCount: 3,
    columns: [['1', '2', 'NA'], ['0.5', '1.25', '2'], ['a', 'b', 'a']],
  };
  const written = formatParquet(table, undefined, { n: ['NA'] });
  const { metadata, objects } = await readBack(written);
  assert.deepEqual(metadata.schema.slice(1).map((e) => e.type), ['INT64', 'DOUBLE', 'BYTE_ARRAY']);
  assert.deepEqual(objects.map((o) => o.n), [1n, 2n, null]);
  assert.deepEqual(objects.map((o) => o.x), [0.5, 1.25, 2]);
});

test('codes written with leading zeros are written to parquet as text, zeros kept', async () => {
  const table: Table = {
    names: ['zip', 'n'], rowCount: 3,
    columns: [['02139', '10001', '00501'], ['0', '10', '7']],
  };
  const { metadata, objects } = await readBack(formatParquet(table));
  assert.deepEqual(metadata.schema.slice(1).map((e) => e.type), ['BYTE_ARRAY', 'INT64']);
  assert.deepEqual(objects.map((o) => o.zip), ['02139', '10001', '00501']);
});

test('bytes that are not parquet, or a truncated file, give a typed error', async () => {
  await assert.rejects(parseParquet(new TextEncoder().encode('a,b\n1,2\n'), { file: 'x' }),
    (error: unknown) => error instanceof LniError && error.code === 'parquet-invalid');
  const truncated = source.slice(0, source.length - 40);
  await assert.rejects(parseParquet(truncated),
    (error: unknown) => error instanceof LniError && error.code === 'parquet-invalid');
  const damaged = source.slice();
  damaged.fill(7, 4, 200);
  await assert.rejects(parseParquet(damaged), (error: unknown) => error instanceof LniError);
});

test('a nested column is refused, naming it', async () => {
  const nested = new Uint8Array(parquetWriteBuffer({
    columnData: [{ name: 'tags', data: [['a'], ['b', 'c']] }],
    schema: [
      { name: 'root', num_children: 1 },
      { name: 'tags', repetition_type: 'OPTIONAL', num_children: 1, converted_type: 'LIST' },
      { name: 'list', repetition_type: 'REPEATED', num_children: 1 },
      { name: 'element', type: 'BYTE_ARRAY', converted_type: 'UTF8',
        repetition_type: 'OPTIONAL' },
    ],
  }));
  await assert.rejects(parseParquet(nested), (error: unknown) =>
    error instanceof LniError && error.code === 'parquet-nested' && error.column !== undefined);
});
