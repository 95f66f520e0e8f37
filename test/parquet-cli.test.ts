// Parquet and SDV metadata through the CLI: a Parquet input is released as
// Parquet with the same column types (or as CSV with -o out.csv), and
// --schema accepts an SDV metadata document.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parquetMetadata, parquetReadObjects } from 'hyparquet';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { parseCsv } from '../src/table/index.js';
import { lni, QUICK, tempFolder } from './cli-harness.js';

const folder = tempFolder('parquet');
const rows = 150;
const wave = (k: number) => Math.abs(Math.sin(k * 12.9898) * 43758.5453) % 1;
const input = join(folder, 'patients.parquet');
writeFileSync(input, new Uint8Array(parquetWriteBuffer({ columnData: [
  { name: 'age', data: Int32Array.from({ length: rows }, (_, i) => 20 + Math.floor(wave(i) * 60)),
    type: 'INT32' },
  { name: 'bmi', data: Array.from({ length: rows }, (_, i) =>
    i % 10 === 0 ? null : Math.round((18 + wave(i + 3) * 20) * 10) / 10), type: 'DOUBLE' },
  { name: 'smoker', data: Array.from({ length: rows }, (_, i) => wave(i + 11) > 0.5),
    type: 'BOOLEAN' },
  { name: 'sex', data: Array.from({ length: rows }, (_, i) => wave(i + 13) > 0.4 ? 'F' : 'M'),
    type: 'STRING' },
] })));

async function readParquet(path: string) {
  const bytes = readFileSync(path);
  const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
  return {
    metadata: parquetMetadata(buffer),
    objects: await parquetReadObjects({ file: buffer }),
  };
}

test('lni run on a Parquet file writes Parquet with the same types and ranges', async () => {
  const output = join(folder, 'out.parquet');
  const outcome = await lni(['run', input, '-o', output, ...QUICK]);
  assert.equal(outcome.code, 0, outcome.stderr.split('\n')[0]);
  const real = await readParquet(input);
  const synthetic = await readParquet(output);
  const types = (m: typeof real.metadata) => m.schema.slice(1).map((e) => [e.name, e.type]);
  assert.deepEqual(types(synthetic.metadata), types(real.metadata));
  assert.equal(synthetic.objects.length, rows);
  for (const row of synthetic.objects) {
    assert.ok(Number.isInteger(row.age) && row.age >= 20 && row.age < 80);
    assert.ok(row.bmi === null || (row.bmi >= 18 && row.bmi <= 38));
    assert.equal(typeof row.smoker, 'boolean');
    assert.ok(row.sex === 'F' || row.sex === 'M');
  }
  assert.ok(synthetic.objects.some((row) => row.bmi === null), 'nulls are kept as nulls');
});

test('-o out.csv from a Parquet input writes CSV', async () => {
  const output = join(folder, 'out.csv');
  const outcome = await lni(['run', input, '-o', output, ...QUICK]);
  assert.equal(outcome.code, 0, outcome.stderr.split('\n')[0]);
  const { table } = parseCsv(readFileSync(output, 'utf8'));
  assert.deepEqual(table.names, ['age', 'bmi', 'smoker', 'sex']);
  assert.ok(table.columns[2].every((cell) => cell === 'true' || cell === 'false'));
});

test('--schema accepts SDV metadata, and its types are used', async () => {
  const metadata = join(folder, 'metadata.json');
  writeFileSync(metadata, JSON.stringify({
    METADATA_SPEC_VERSION: 'SINGLE_TABLE_V1',
    columns: {
      age: { sdtype: 'numerical', computer_representation: 'Int64' },
      bmi: { sdtype: 'numerical', computer_representation: 'Float' },
      smoker: { sdtype: 'boolean' },
      sex: { sdtype: 'categorical', pii: false },
    },
  }));
  const output = join(folder, 'sdv.parquet');
  const outcome = await lni(['run', input, '-o', output, '--schema', metadata,
    ...QUICK.filter((flag) => flag !== '-q')]);
  assert.equal(outcome.code, 0, outcome.stderr.split('\n')[0]);
  assert.match(outcome.stderr, /read as SDV metadata/);
  assert.doesNotMatch(outcome.stderr, /ignored: "pii"/, '"pii" is read, not ignored');
  assert.equal((await readParquet(output)).objects.length, rows);
});

test('a truncated Parquet file is refused in one line, naming it', async () => {
  const broken = join(folder, 'broken.parquet');
  const bytes = readFileSync(input);
  writeFileSync(broken, bytes.subarray(0, bytes.length - 30));
  const output = join(folder, 'broken.out.parquet');
  const outcome = await lni(['run', broken, '-o', output, ...QUICK]);
  assert.notEqual(outcome.code, 0);
  const lines = outcome.stderr.trim().split('\n');
  assert.equal(lines.length, 1);
  assert.ok(lines[0].includes(broken));
});
