// Bad input to the CLI: every case ends with one line on stderr naming the
// file (and the column or row where there is one), no stack trace, a
// non-zero exit code, and no output file left behind.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  chmodSync, existsSync, linkSync, mkdirSync, readdirSync, readFileSync, symlinkSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { sharedDataSkip } from '../src/testing/shared-data.js';
import { errorLines, lni, QUICK, tempFolder, type Outcome } from './cli-harness.js';

const folder = tempFolder('bad-input');
const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;

/** A well-formed table: 40 rows of an integer, a decimal and a label. */
function goodRows(count = 40): string[] {
  return Array.from({ length: count }, (_, i) =>
    `${20 + ((i * 7) % 50)},${(1.5 + ((i * 13) % 17) / 4).toFixed(2)},${i % 3 === 0 ? 'x' : 'y'}`);
}

function file(name: string, content: string | Uint8Array): string {
  const path = join(folder, name);
  writeFileSync(path, content);
  return path;
}

const good = file('good.csv', ['n,v,g', ...goodRows()].join('\n') + '\n');

/** Checks the common contract and returns the single error line. */
function expectOneLineError(outcome: Outcome, outputs: string[]): string {
  assert.notEqual(outcome.code, 0, 'exit code must be non-zero');
  const lines = outcome.stderr.trim().split('\n');
  assert.equal(lines.length, 1,
    `expected one line on stderr, got: ${outcome.stderr.slice(0, 600)}`);
  assert.equal(errorLines(outcome.stderr).length, 1, 'the line starts with "lni: error"');
  assert.doesNotMatch(outcome.stderr, /\n\s+at /, 'no stack trace');
  for (const output of outputs) {
    assert.equal(existsSync(output), false, `${output} must not exist`);
  }
  const leftovers = readdirSync(folder).filter((name) => name.endsWith('.tmp'));
  assert.deepEqual(leftovers, [], 'no temporary file left behind');
  return lines[0];
}

async function runBad(name: string, inputPath: string, extra: string[] = []): Promise<string> {
  const output = join(folder, `${name}.out.csv`);
  const outcome = await lni(['run', inputPath, '-o', output, ...QUICK, ...extra]);
  return expectOneLineError(outcome, [output, join(folder, `${name}.out.privacy.json`)]);
}

test('an empty file is refused, naming the file', async () => {
  const path = file('empty.csv', '');
  const line = await runBad('empty', path);
  assert.ok(line.includes(path));
  assert.match(line, /empty/);
});

test('a header with no rows is refused', async () => {
  const path = file('header-only.csv', 'n,v,g\n');
  assert.match(await runBad('header-only', path), /no data rows/);
});

test('duplicate column names are refused, naming the column', async () => {
  const path = file('duplicate.csv', ['n,v,n', ...goodRows()].join('\n') + '\n');
  const line = await runBad('duplicate', path);
  assert.ok(line.includes(path));
  assert.match(line, /column "n"/);
});

test('a ragged row is refused, naming its row', async () => {
  const rows = goodRows();
  rows[2] = '23,1.75';
  const path = file('ragged.csv', ['n,v,g', ...rows].join('\n') + '\n');
  const line = await runBad('ragged', path);
  assert.ok(line.includes(path));
  assert.match(line, /row 3\b/);
});

test('a cell that is not the declared type is refused, naming column and row', async () => {
  const rows = goodRows();
  rows[4] = 'abc' + rows[4].slice(rows[4].indexOf(','));
  const path = file('cell-type.csv', ['n,v,g', ...rows].join('\n') + '\n');
  const schema = file('cell-type.schema.json', JSON.stringify({
    version: 1,
    columns: [
      { name: 'n', type: 'integer' }, { name: 'v', type: 'continuous' },
      { name: 'g', type: 'binary' },
    ],
  }));
  const line = await runBad('cell-type', path, ['--schema', schema]);
  assert.ok(line.includes(path));
  assert.match(line, /column "n", row 5: The cell \(a text of 3 characters\) is not a number/);
  assert.doesNotMatch(line, /abc/, 'the cell is described, not quoted');
});

test('a table of one row is refused', async () => {
  const path = file('one-row.csv', 'n,v,g\n1,2.5,x\n');
  assert.match(await runBad('one-row', path), /only one row/);
});

test('a table with more columns than rows is refused', async () => {
  const path = file('wide.csv', 'a,b,c,d,e\n1,2,3,4,5\n2,3,4,5,6\n3,4,5,6,8\n');
  assert.match(await runBad('wide', path), /more columns \(5\) than rows \(3\)/);
});

test('text that is not UTF-8 is refused', async () => {
  const bytes = Buffer.concat([Buffer.from('n,v,g\n1,2.5,'), Buffer.from([0xff, 0xfe, 0x41]),
    Buffer.from('\n' + goodRows().join('\n') + '\n')]);
  const path = file('latin.csv', bytes);
  const line = await runBad('latin', path);
  assert.ok(line.includes(path));
  assert.match(line, /UTF-8/);
});

test('UTF-16 text with a byte-order mark is refused as UTF-16, to be re-saved as UTF-8',
  async () => {
    const little = Buffer.from(`\uFEFF${['n,v,g', ...goodRows()].join('\r\n')}\r\n`, 'utf16le');
    for (const [order, bytes] of Object.entries({ little, big: Buffer.from(little).swap16() })) {
      const path = file(`utf16-${order}.csv`, bytes);
      const line = await runBad(`utf16-${order}`, path);
      assert.ok(line.includes(path));
      assert.match(line, new RegExp(`UTF-16 text \\(${order}-endian`));
      assert.match(line, /re-save it as UTF-8/);
      assert.doesNotMatch(line, /not valid UTF-8/);
    }
  });

test('a single 10 MB field is refused, naming column and row, without echoing it', async () => {
  const rows = goodRows();
  rows[6] = `${rows[6].slice(0, rows[6].lastIndexOf(','))},${'z'.repeat(10 * 1024 * 1024)}`;
  const path = file('huge-field.csv', ['n,v,g', ...rows].join('\n') + '\n');
  const line = await runBad('huge-field', path);
  assert.match(line, /column "g", row 7\b/);
  assert.ok(line.length < 400, `the error line has ${line.length} characters`);
});

test('a schema naming a column the table lacks is refused, naming schema and column', async () => {
  const schema = file('unknown.schema.json', JSON.stringify({
    version: 1,
    columns: [
      { name: 'n', type: 'integer' }, { name: 'v', type: 'continuous' },
      { name: 'g', type: 'binary' }, { name: 'zzz', type: 'integer' },
    ],
  }));
  const line = await runBad('unknown-column', good, ['--schema', schema]);
  assert.ok(line.includes(schema));
  assert.match(line, /column "zzz"/);
});

test('a missing input file is refused, naming it', async () => {
  const path = join(folder, 'no-such-file.csv');
  const line = await runBad('missing', path);
  assert.ok(line.includes(path));
  assert.match(line, /not found/);
});

test('with --json an error is also one JSON object on stdout, with its place', async () => {
  const rows = goodRows();
  rows[2] = '23,1.75';
  const path = file('ragged-json.csv', ['n,v,g', ...rows].join('\n') + '\n');
  const output = join(folder, 'ragged-json.out.csv');
  const outcome = await lni(['run', path, '-o', output, ...QUICK, '--json']);
  expectOneLineError(outcome, [output]);
  const { error } = JSON.parse(outcome.stdout) as
    { error: { code: string; message: string; file?: string; row?: number } };
  assert.equal(error.file, path);
  assert.equal(error.row, 3);
  assert.ok(error.code.length > 0 && error.message.length > 0, outcome.stdout);
  const usage = await lni(['run', path, '-o', output, '--no-such-option', '--json']);
  assert.equal(usage.code, 2);
  assert.equal((JSON.parse(usage.stdout) as { error: { code: string } }).error.code, 'usage');
});

test('options are read strictly: --w 0x1 is no number, --columns needs --no-header', async () => {
  const output = join(folder, 'strict.out.csv');
  const hex = await lni(['run', good, '-o', output, '--no-audit', '--epochs', '1', '-q',
    '--w', '0x1']);
  assert.match(expectOneLineError(hex, [output]), /--w must be a number, got "0x1"/);
  // Said before the file is read: a small file's size warning does not come first.
  const tiny = file('tiny-w.csv', 'a,b\n1,x\n2,y\n3,x\n');
  assert.match(expectOneLineError(await lni(['run', tiny, '-o', output, '--w', '2']), [output]),
    /w must be a number in \[0, 1\], got 2/);
  const columns = await lni(['run', good, '-o', output, ...QUICK, '--columns', 'a,b,c']);
  const line = expectOneLineError(columns, [output]);
  assert.ok(line.includes(good), line);
  assert.match(line, /--columns .*--no-header/);
});

test('w outside [0, 1] is refused before any work', async () => {
  for (const w of ['1.5', '-0.1']) {
    const output = join(folder, 'w.out.csv');
    const outcome = await lni(['run', good, '-o', output, '--no-audit', '--epochs', '1',
      '-q', '--w', w]);
    assert.match(expectOneLineError(outcome, [output]), /w/);
  }
});

test('an output folder that does not exist is refused before any work', async () => {
  const output = join(folder, 'no-such-folder', 'out.csv');
  const outcome = await lni(['run', good, '-o', output, ...QUICK]);
  const line = expectOneLineError(outcome, [output]);
  assert.ok(line.includes(output));
  assert.match(line, /does not exist/);
});

test('an output path whose folder is a file is refused', async () => {
  const output = join(good, 'out.csv');
  const line = expectOneLineError(await lni(['run', good, '-o', output, ...QUICK]), [output]);
  assert.ok(line.includes(output));
});

test('a read-only output folder is refused before any work',
  { skip: isRoot ? 'root writes into read-only folders' : false }, async () => {
    const locked = join(folder, 'locked');
    mkdirSync(locked);
    chmodSync(locked, 0o555);
    const output = join(locked, 'out.csv');
    try {
      const line = expectOneLineError(await lni(['run', good, '-o', output, ...QUICK]), [output]);
      assert.match(line, /not writable/);
    } finally {
      chmodSync(locked, 0o755);
    }
  });

test('an output path equal to the input is refused and the input is untouched', async () => {
  const copy = file('same.csv', readFileSync(good));
  const outcome = await lni(['run', copy, '-o', copy, ...QUICK]);
  assert.notEqual(outcome.code, 0);
  assert.equal(errorLines(outcome.stderr).length, 1);
  assert.match(outcome.stderr, /one of the inputs/);
  assert.deepEqual(readFileSync(copy), readFileSync(good));
  assert.equal(existsSync(join(folder, 'same.privacy.json')), false);
});

test('an output reached through a symbolic or hard link to the input is refused', async () => {
  const original = file('linked.csv', readFileSync(good));
  const soft = join(folder, 'soft-link.csv');
  const hard = join(folder, 'hard-link.csv');
  symlinkSync(original, soft);
  linkSync(original, hard);
  for (const [input, output] of [[soft, original], [hard, original], [original, soft]]) {
    const line = expectOneLineError(await lni(['run', input, '-o', output, ...QUICK]), []);
    assert.match(line, /one of the inputs/);
  }
  const schema = await lni(['schema', soft, '-o', original, '-q']);
  assert.match(errorLines(schema.stderr).join('\n'), /one of the inputs/);
  assert.deepEqual(readFileSync(original), readFileSync(good));
});

test('an empty output path is a one-line error for every writing command', async () => {
  for (const args of [['schema', good, '-o', ''], ['fit', good, '-o', '', '-q'],
    ['run', good, '-o', '', ...QUICK]]) {
    const line = expectOneLineError(await lni(args), []);
    assert.match(line, /the output path is empty/);
  }
});

test('a --schema file is an input: no output may overwrite it', async () => {
  const schemaFile = join(folder, 'kept.schema.json');
  const printed = await lni(['schema', good, '-o', schemaFile, '-q']);
  assert.equal(printed.code, 0, printed.stderr);
  const before = readFileSync(schemaFile);
  for (const args of [['schema', good, '--schema', schemaFile, '-o', schemaFile],
    ['fit', good, '--schema', schemaFile, '-o', schemaFile, '-q'],
    ['run', good, '--schema', schemaFile, '-o', schemaFile, ...QUICK]]) {
    const line = expectOneLineError(await lni(args), []);
    assert.match(line, /one of the inputs/);
  }
  assert.deepEqual(readFileSync(schemaFile), before);
});

test('a corrupted, truncated or foreign model file is refused by synthesize', async () => {
  const model = join(folder, 'model.json');
  const fitted = await lni(['fit', good, '-o', model, '--epochs', '2', '--seed', '1', '-q']);
  assert.equal(fitted.code, 0, fitted.stderr);
  const text = readFileSync(model, 'utf8');
  const bad = {
    corrupted: text.replace('"flow":{', '"flow":{"'),
    'damaged-flow': JSON.stringify({ ...JSON.parse(text), flow: { layers: 'none' } }),
    'damaged-encoder': JSON.stringify({ ...JSON.parse(text), encoder: [] }),
    truncated: text.slice(0, Math.floor(text.length / 2)),
    foreign: JSON.stringify({ format: 'another-tool', weights: [1, 2, 3] }),
    csv: readFileSync(good, 'utf8'),
    'wrong-version': JSON.stringify({ ...JSON.parse(text), version: 99 }),
  };
  for (const [kind, content] of Object.entries(bad)) {
    const path = file(`model-${kind}.json`, content);
    const output = join(folder, `model-${kind}.out.csv`);
    const outcome = await lni(['synthesize', good, '--model', path, '--w', '0.5',
      '-o', output, '-q']);
    const line = expectOneLineError(outcome, [output]);
    assert.ok(line.includes(path), `${kind}: the line names the model file`);
  }
});

test('a header ending with a delimiter no row fills is kept: the output header is the input\'s',
  { skip: sharedDataSkip }, async () => {
    const input = join('..', 'shared', 'data', 'breast-cancer-wisconsin', 'data.csv');
    const output = join(folder, 'breast.out.csv');
    const outcome = await lni(['run', input, '-o', output, ...QUICK.filter((f) => f !== '-q')]);
    assert.equal(outcome.code, 0, errorLines(outcome.stderr).join('\n'));
    assert.match(outcome.stderr, /empty last column is ignored/);
    const firstLine = (text: string) => text.slice(0, text.search(/\r?\n/));
    assert.equal(firstLine(readFileSync(output, 'utf8')), firstLine(readFileSync(input, 'utf8')));
    assert.ok(firstLine(readFileSync(output, 'utf8')).endsWith(','));
  });

test('a note quoting a cell with a line break or NUL bytes stays one line', async () => {
  const rows = ['a,b', ...Array.from({ length: 300 }, (_, i) => `${i},${i % 3}`)];
  // Five cells, so the note may quote it (one-off cells are not quoted).
  for (const i of [5, 9, 13, 17, 21]) rows[i] = '"1\n2",1';
  rows[7] = '\u0000\u0000,1';
  const input = file('control.csv', `${rows.join('\n')}\n`);
  const outcome = await lni(['schema', input, '-o', join(folder, 'control.schema.json')]);
  assert.equal(outcome.code, 0, outcome.stderr);
  const note = outcome.stderr.split('\n').find((line) => line.includes('read as missing'));
  assert.ok(note !== undefined, outcome.stderr);
  assert.match(note, /"1\\n2"/);
  assert.doesNotMatch(outcome.stderr, /\u0000/);
});
