// Nothing lni publishes next to a release may contain a real row: not the
// privacy summary, not the --json output of run, privacy and audit, not the
// progress and notes of a run on stderr. A row counts as found when its
// non-missing cells appear in order, joined by any separator (commas,
// spaces, JSON punctuation, column names, missing tokens). Control tests
// plant rows to show the search finds them. Failures report counts only.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  clevelandCsv, isMissing, lniOk, readCells, tempFolder, type Cells,
} from './cli-harness.js';

const folder = tempFolder('no-rows');
const real = readCells(clevelandCsv);

/** Numbers compare by value ("63.0" is "63"); words compare case-blind. */
function normalize(token: string): string {
  const value = Number(token);
  return Number.isFinite(value) && token.trim() !== '' ? String(value) : token.toLowerCase();
}

const TOKEN = /[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?|[\p{L}_?][\p{L}\p{N}_?]*/gu;

/**
 * The text as a sequence of normalized tokens, dropping the ones that can
 * sit between cells without hiding a row: column names and missing tokens.
 */
function tokenize(text: string, names: readonly string[]): string[] {
  const skip = new Set([...names.map((name) => name.toLowerCase()),
    'null', 'na', 'nan', '?', 'undefined', 'none']);
  return (text.match(TOKEN) ?? []).map(normalize).filter((token) => !skip.has(token));
}

/** A row's searchable cells, or null when it has fewer than 4 distinct values. */
function needle(row: readonly string[]): string[] | null {
  const cells = row.filter((cell) => !isMissing(cell)).map((cell) => normalize(cell.trim()));
  return new Set(cells).size >= 4 ? cells : null;
}

/** How many of the table's eligible rows occur, cells in sequence, in the text. */
function rowsFoundIn(text: string, table: Cells): number {
  const tokens = tokenize(text, table.names);
  const starts = new Map<string, number[]>();
  tokens.forEach((token, i) => {
    const list = starts.get(token);
    if (list === undefined) starts.set(token, [i]);
    else list.push(i);
  });
  let found = 0;
  for (const row of table.rows) {
    const cells = needle(row);
    if (cells === null) continue;
    const hit = (starts.get(cells[0]) ?? []).some((start) =>
      cells.every((cell, k) => tokens[start + k] === cell));
    if (hit) found++;
  }
  return found;
}

const eligible = real.rows.filter((row) => needle(row) !== null).length;

// The outputs under test: one release, the privacy command on a fitted
// model, and an audit, all on Cleveland with small settings. The run keeps
// its progress and notes (no -q) so stderr carries everything it says.
const outputs = (async () => {
  const out = join(folder, 'out.csv');
  const model = join(folder, 'model.json');
  const [run, , audit] = await Promise.all([
    lniOk(['run', clevelandCsv, '--w', '0.8', '--epochs', '5', '--w-grid', '0,0.5,0.9',
      '--seed', '1', '-o', out, '--json']),
    lniOk(['fit', clevelandCsv, '--epochs', '3', '--seed', '1', '-o', model, '-q']),
    lniOk(['audit', clevelandCsv, '--epochs', '5', '--w-grid', '0,0.5,0.9', '--seed', '1',
      '--json', '-q']),
  ]);
  const privacy = await lniOk(['privacy', '--model', model, '--w', '0.5', '--json']);
  return {
    'the privacy summary file': readFileSync(join(folder, 'out.privacy.json'), 'utf8'),
    'run --json': run.stdout,
    'the stderr of run': run.stderr,
    'privacy --json': privacy.stdout,
    'audit --json': audit.stdout,
  };
})();
outputs.catch(() => undefined);

test('most Cleveland rows have at least 4 distinct cells, so the search covers them', () => {
  assert.ok(eligible >= 290, `${eligible} eligible rows`);
});

test('the search finds every eligible row in the real CSV text itself', () => {
  assert.equal(rowsFoundIn(readFileSync(clevelandCsv, 'utf8'), real), eligible);
});

test('the search finds a row planted in a JSON output as an object with column names', async () => {
  const planted = real.rows.find((row) => needle(row) !== null) ?? [];
  const object = Object.fromEntries(real.names.map((name, j) =>
    [name, isMissing(planted[j]) ? null : Number(planted[j])]));
  const json = JSON.parse((await outputs)['run --json']) as { warnings: unknown[] };
  json.warnings.push({ example: object });
  assert.ok(rowsFoundIn(JSON.stringify(json, null, 2), real) >= 1);
});

test('the search finds a row planted in stderr with other separators and numbers', async () => {
  const planted = real.rows.filter((row) => needle(row) !== null)[7];
  const line = planted.filter((cell) => !isMissing(cell))
    .map((cell) => String(Number(cell))).join(' | ');
  const stderr = (await outputs)['the stderr of run'] + `lni: note: first row ${line}\n`;
  assert.ok(rowsFoundIn(stderr, real) >= 1);
});

test('the search does not find a row whose cells are out of order', () => {
  const planted = real.rows.find((row) => {
    const cells = needle(row);
    return cells !== null && cells[0] !== cells[1];
  }) ?? [];
  const cells = planted.filter((cell) => !isMissing(cell));
  const alone: Cells = { names: real.names, rows: [planted] };
  assert.equal(rowsFoundIn(cells.join(','), alone), 1);
  assert.equal(rowsFoundIn([cells[1], cells[0], ...cells.slice(2)].join(','), alone), 0);
});

for (const source of ['the privacy summary file', 'run --json', 'the stderr of run',
  'privacy --json', 'audit --json'] as const) {
  test(`${source} contains no real row`, async () => {
    const text = (await outputs)[source];
    assert.ok(text.length > 100, `${source} is nearly empty`);
    const found = rowsFoundIn(text, real);
    assert.equal(found, 0, `${found} real rows appear in ${source}`);
  });
}
