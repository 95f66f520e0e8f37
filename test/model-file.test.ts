// `lni synthesize` with a damaged model file: flipped bytes, a truncated
// file, another program's JSON, another format version, and a few
// structurally valid files with broken insides. Each must fail with one
// line on stderr that names the model file, a non-zero exit code (1, a user
// error, not 70, a crash) and no output file.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { clevelandCsv, lni, lniOk, tempFolder } from './cli-harness.js';

const folder = tempFolder('model-file');
const good = join(folder, 'good.json');

const fitted = lniOk(['fit', clevelandCsv, '-o', good, '--epochs', '2', '--seed', '1', '-q']);
fitted.catch(() => undefined);

type Model = Record<string, unknown> & {
  version: number;
  flow: { version: number; parameters: unknown[]; orders: number[][] };
  encoder: { columns: unknown[] };
};

const goodBytes = async () => { await fitted; return readFileSync(good); };
const goodModel = async () => JSON.parse((await goodBytes()).toString('utf8')) as Model;

/** Runs synthesize with `model` and checks the one-line failure. */
async function assertRejected(name: string, content: Uint8Array | string): Promise<void> {
  const model = join(folder, `${name}.json`);
  const output = join(folder, `${name}.out.csv`);
  writeFileSync(model, content);
  const outcome = await lni(['synthesize', clevelandCsv, '--model', model, '--w', '0.5',
    '-o', output, '--seed', '1', '-q']);
  assert.equal(outcome.code, 1, `exit code ${outcome.code}; stderr: ${outcome.stderr}`);
  const lines = outcome.stderr.trimEnd().split('\n');
  assert.equal(lines.length, 1, `stderr has ${lines.length} lines: ${outcome.stderr}`);
  assert.match(lines[0], /^lni: error: /);
  assert.ok(lines[0].includes(model), `the error does not name the model file: ${lines[0]}`);
  assert.equal(existsSync(output), false, 'an output file was written');
  const leftovers = readdirSync(folder).filter((file) => file.startsWith(`.${name}.out`));
  assert.deepEqual(leftovers, [], 'a temporary output file was left behind');
}

test('synthesize with the intact model file writes the table (the control)', async () => {
  await fitted;
  const output = join(folder, 'good.out.csv');
  await lniOk(['synthesize', clevelandCsv, '--model', good, '--w', '0.5', '-o', output,
    '--seed', '1', '-q']);
  assert.equal(readFileSync(output, 'utf8').trim().split('\n').length, 304);
});

test('a model file with flipped bytes gives a one-line error naming it', async () => {
  const bytes = Buffer.from(await goodBytes());
  for (const share of [0.3, 0.5, 0.7]) bytes[Math.floor(bytes.length * share)] ^= 0xff;
  await assertRejected('flipped', bytes);
});

test('a truncated model file gives a one-line error naming it', async () => {
  const bytes = await goodBytes();
  await assertRejected('truncated', bytes.subarray(0, Math.floor(bytes.length / 2)));
});

test('an empty model file gives a one-line error naming it', async () => {
  await fitted;
  await assertRejected('empty', '');
});

test('a foreign JSON file (a package manifest) gives a one-line error naming it', async () => {
  await fitted;
  await assertRejected('foreign', JSON.stringify({ name: 'x', version: '1.0.0' }));
});

test('a JSON array or null gives a one-line error naming the file', async () => {
  await fitted;
  await assertRejected('array', '[1, 2, 3]');
  await assertRejected('null', 'null');
});

test('another privacy summary passed as a model gives a one-line error naming it', async () => {
  await fitted;
  await assertRejected('summary', JSON.stringify({ sensitivity: 3, epsilon: 1, w: 0.5 }));
});

test('a model of another format version gives a one-line error naming it', async () => {
  const model = await goodModel();
  model.version = 99;
  await assertRejected('version', JSON.stringify(model));
});

test('a model whose flow is of another version gives a one-line error naming it', async () => {
  const model = await goodModel();
  model.flow.version = 99;
  await assertRejected('flow-version', JSON.stringify(model));
});

test('a model with too few flow parameters gives a one-line error naming it', async () => {
  const model = await goodModel();
  model.flow.parameters = model.flow.parameters.slice(0, 100);
  await assertRejected('short-parameters', JSON.stringify(model));
});

test('a model with a non-number parameter gives a one-line error naming it', async () => {
  const model = await goodModel();
  model.flow.parameters[5] = 'x';
  await assertRejected('string-parameter', JSON.stringify(model));
});

test('a model whose encoder lost a column gives a one-line error naming it', async () => {
  const model = await goodModel();
  model.encoder.columns = model.encoder.columns.slice(1);
  await assertRejected('short-encoder', JSON.stringify(model));
});

test('a model with a shortened variable order gives a one-line error naming it', async () => {
  const model = await goodModel();
  model.flow.orders[0] = model.flow.orders[0].slice(1);
  await assertRejected('short-order', JSON.stringify(model));
});

test('a model whose order is no permutation gives a one-line error naming it', async () => {
  const model = await goodModel();
  model.flow.orders[0][1] = model.flow.orders[0][0];
  await assertRejected('not-permutation', JSON.stringify(model));
});

test('a model without its flow section gives a one-line error naming it', async () => {
  const { flow: _flow, ...withoutFlow } = await goodModel();
  await assertRejected('no-flow', JSON.stringify(withoutFlow));
});

test('a model with huge but finite weights gives a one-line error in synthesize, privacy and ' +
  'latent, not a crash', async () => {
  const model = await goodModel();
  model.flow.parameters = model.flow.parameters.map((v) => (v as number) * 1e200);
  const text = JSON.stringify(model);
  await assertRejected('huge-weights', text);
  const path = join(folder, 'huge-weights.json');
  for (const args of [['privacy', '--model', path, '--w', '0.5'],
    ['latent', clevelandCsv, '--model', path, '-o', join(folder, 'huge.latent.csv')]]) {
    const outcome = await lni([...args, '-q']);
    assert.equal(outcome.code, 1, `${args[0]}: exit ${outcome.code}; ${outcome.stderr}`);
    assert.equal(outcome.stderr.trimEnd().split('\n').length, 1, outcome.stderr);
    assert.match(outcome.stderr,
      /^lni: error: .*huge-weights\.json: the flow's weights are too large/);
  }
});
