// Every data set in ../shared/data runs end to end through `lni run` with
// quick settings, and the synthetic table keeps each column's type, number
// format (decimals), missing tokens and range. Only aggregates are compared;
// no row is printed. cardio-train is cut to its first rows to keep the file
// quick (`lni run` fits on all rows; bench/cardio.ts covers the full table).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_MISSING_TOKENS, inferSchema, parseCsv } from '../src/table/index.js';
import type { ColumnSchema } from '../src/table/index.js';
import { sharedDataSkip } from '../src/testing/shared-data.js';
import { lni, QUICK, tempFolder } from './cli-harness.js';

const folder = tempFolder('datasets');
const DATA = join('..', 'shared', 'data');
const CARDIO_ROWS = 3000;

interface Dataset {
  name: string;
  path: string;
  header: boolean;
}

function cardioCut(): string {
  const lines = readFileSync(join(DATA, 'cardio-train', 'cardio_train.csv'), 'utf8')
    .split('\n');
  const path = join(folder, 'cardio_train.csv');
  writeFileSync(path, lines.slice(0, CARDIO_ROWS + 1).join('\n') + '\n');
  return path;
}

const DATASETS: Dataset[] = [
  { name: 'bcg-trials', path: join(DATA, 'bcg-trials', 'bcg.csv'), header: true },
  { name: 'breast-cancer-wisconsin', path: join(DATA, 'breast-cancer-wisconsin', 'data.csv'),
    header: true },
  {
    name: `cardio-train (first ${CARDIO_ROWS} rows)`, header: true,
    // Without ../shared/data there is nothing to cut, and every test here skips.
    path: sharedDataSkip === false ? cardioCut() : '',
  },
  { name: 'framingham', path: join(DATA, 'framingham', 'framingham.csv'), header: true },
  { name: 'heart-kaggle-303', path: join(DATA, 'heart-kaggle-303', 'heart.csv'), header: true },
  { name: 'pima-diabetes', path: join(DATA, 'pima-diabetes', 'diabetes.csv'), header: true },
  ...['cleveland', 'hungarian', 'switzerland'].map((part) => ({
    name: `uci-heart-disease ${part}`, header: false,
    path: join(DATA, 'uci-heart-disease', `processed.${part}.data`),
  })),
];

function decimals(cell: string): number {
  const point = cell.indexOf('.');
  return point < 0 ? 0 : cell.length - point - 1;
}

/** Checks one synthetic column against the real one; returns problems found. */
function columnProblems(column: ColumnSchema, real: string[], synthetic: string[]): string[] {
  const tokens = new Set(column.missing ?? []);
  const isMissing = (cell: string) => DEFAULT_MISSING_TOKENS.includes(cell.trim());
  const observed = real.filter((cell) => !isMissing(cell));
  const released = synthetic.filter((cell) => !isMissing(cell));
  const problems: string[] = [];
  // Text levels of fewer than 5 rows are withheld: released as empty cells, never as themselves.
  const counts = new Map<string, number>();
  for (const cell of observed) counts.set(cell, (counts.get(cell) ?? 0) + 1);
  const withheld = column.type === 'categorical' && column.levels === undefined
    && [...counts.keys()].some((level) => !Number.isFinite(Number(level)))
    ? new Set([...counts].filter(([, count]) => count < 5).map(([level]) => level)) : new Set();
  if (withheld.size > 0) tokens.add('');
  const leaked = synthetic.filter((cell) => withheld.has(cell));
  if (leaked.length > 0) problems.push(`${leaked.length} cells with a withheld rare level`);
  const newTokens = synthetic.filter((cell) => isMissing(cell) && !tokens.has(cell.trim()));
  if (newTokens.length > 0) problems.push(`${newTokens.length} missing cells with a new token`);
  switch (column.type) {
    case 'continuous':
    case 'integer': {
      const values = observed.map(Number);
      const low = Math.min(...values);
      const high = Math.max(...values);
      const most = Math.max(...observed.map(decimals));
      const bad = released.filter((cell) => !Number.isFinite(Number(cell))
        || Number(cell) < low || Number(cell) > high || decimals(cell) > most
        || (column.type === 'integer' && !Number.isInteger(Number(cell))));
      if (bad.length > 0) problems.push(`${bad.length} cells off type, range or decimals`);
      break;
    }
    case 'binary':
    case 'categorical': {
      const levels = new Set(observed);
      const unseen = released.filter((cell) => !levels.has(cell));
      if (unseen.length > 0) problems.push(`${unseen.length} cells with an unseen level`);
      break;
    }
    case 'constant':
      if (!synthetic.every((cell) => cell === real[0])) problems.push('constant changed');
      break;
    default:
      break; // id: fresh values; empty: passed through
  }
  return problems;
}

describe('every shared data set runs end to end and keeps its columns', { concurrency: 3 },
  () => {
    for (const dataset of DATASETS) {
      it(`${dataset.name} keeps types, formats, missing tokens and ranges`,
        { skip: sharedDataSkip }, async () => {
          const output = join(folder, `${dataset.name.replace(/\W+/g, '-')}.out.csv`);
          const outcome = await lni(['run', dataset.path, '-o', output, ...QUICK,
            ...(dataset.header ? [] : ['--no-header'])]);
          assert.equal(outcome.code, 0, outcome.stderr.split('\n')[0]);
          const realText = readFileSync(dataset.path, 'utf8');
          const syntheticText = readFileSync(output, 'utf8');
          const real = parseCsv(realText, { header: dataset.header });
          const synthetic = parseCsv(syntheticText, { header: dataset.header });
          assert.deepEqual(synthetic.dialect, real.dialect, 'written in the same dialect');
          assert.deepEqual(synthetic.table.names, real.table.names);
          assert.equal(synthetic.table.rowCount, real.table.rowCount);
          if (dataset.header) {
            const first = (text: string) => text.slice(0, text.search(/\r?\n/));
            assert.equal(first(syntheticText), first(realText), 'the same header line');
          }
          const schema = inferSchema(real.table);
          const problems = schema.columns.flatMap((column, j) =>
            columnProblems(column, real.table.columns[j], synthetic.table.columns[j])
              .map((problem) => `${column.name} (${column.type}): ${problem}`));
          assert.deepEqual(problems, []);
        });
    }
  });
