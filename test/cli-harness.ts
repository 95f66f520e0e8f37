// Helpers for the end-to-end tests that spawn the CLI from its sources:
// running `lni`, temporary folders, reading CSV files as plain cells and
// the aggregate checks (types, ranges, missing rates, correlations) that
// compare a real table with its synthetic twin. Nothing here prints a row.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root, found from this file's location. */
export const repoRoot = fileURLToPath(new URL('..', import.meta.url));

export const clevelandCsv = join(repoRoot, 'examples', 'uci-heart', 'cleveland.csv');
export const framinghamCsv = join(repoRoot, '..', 'shared', 'data', 'framingham', 'framingham.csv');

export interface Outcome {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs `lni ...args` from the TypeScript sources, from the repository root;
 * never rejects (a failure is a non-zero code). Every test that runs the
 * CLI goes through here.
 */
export function lni(args: string[]): Promise<Outcome> {
  return new Promise((done) => {
    execFile(process.execPath, ['--import', 'tsx', 'src/cli/dev.ts', ...args],
      { cwd: repoRoot, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === 'number' ? error.code : -1;
        done({ code, stdout, stderr });
      });
  });
}

/** Runs `lni` and insists on success; the failure message shows stderr only. */
export async function lniOk(args: string[]): Promise<Outcome> {
  const outcome = await lni(args);
  if (outcome.code !== 0) {
    throw new Error(`lni ${args[0]} exited with ${outcome.code}: ${outcome.stderr.slice(-2000)}`);
  }
  return outcome;
}

/** Quick settings for tests: fixed w, no audit, a few epochs, a fixed seed. */
export const QUICK = ['--w', '0.5', '--no-audit', '--epochs', '5', '--seed', '7', '-q'];

/** The error lines lni printed (those starting with "lni: error"). */
export function errorLines(stderr: string): string[] {
  return stderr.split('\n').filter((line) => line.startsWith('lni: error'));
}

/** A fresh folder under the system's temporary folder, removed at exit. */
export function tempFolder(prefix: string): string {
  const folder = mkdtempSync(join(tmpdir(), `lni-${prefix}-`));
  process.on('exit', () => rmSync(folder, { recursive: true, force: true }));
  return folder;
}

export interface Cells {
  names: string[];
  /** rows[i][j]: the raw text of cell j of data row i. */
  rows: string[][];
}

/** Splits one CSV line on commas, honouring double quotes. */
function splitLine(line: string): string[] {
  const cells: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const char = line[i];
    if (quoted) {
      if (char === '"' && line[i + 1] === '"') { cell += '"'; i++; }
      else if (char === '"') quoted = false;
      else cell += char;
    } else if (char === '"') quoted = true;
    else if (char === ',') { cells.push(cell); cell = ''; }
    else cell += char;
  }
  cells.push(cell);
  return cells;
}

/** Reads a comma-separated file (no embedded line breaks) as raw cell text. */
export function readCells(path: string): Cells {
  const lines = readFileSync(path, 'utf8').split(/\r?\n/).filter((line) => line !== '');
  return { names: splitLine(lines[0]), rows: lines.slice(1).map(splitLine) };
}

const MISSING = new Set(['', 'NA', '?', 'NaN', 'nan', 'null']);
export const isMissing = (cell: string): boolean => MISSING.has(cell.trim());

/** Digits after the decimal point as written ("2.30" → 2, "7" → 0). */
export function decimals(cell: string): number {
  const dot = cell.indexOf('.');
  return dot < 0 ? 0 : cell.length - dot - 1;
}

/** What a column's non-missing cells look like in the real table. */
export interface ColumnProfile {
  name: string;
  numeric: boolean;
  /** The decimal counts written in the column (e.g. {1} for "63.0"). */
  decimalCounts: Set<number>;
  integer: boolean;
  low: number;
  high: number;
  levels: Set<string>;
  /**
   * The digits after the point the column writes ("" for none) when there
   * are at most 10 such endings, else null: {"", "5"} for readings to the
   * half unit.
   */
  fractions: Set<string> | null;
  missingRate: number;
  missingTokens: Set<string>;
}

export function profile(table: Cells, j: number): ColumnProfile {
  const cells = table.rows.map((row) => row[j]);
  const observed = cells.filter((cell) => !isMissing(cell));
  const numeric = observed.length > 0 && observed.every((cell) => Number.isFinite(Number(cell)));
  const values = numeric ? observed.map(Number) : [];
  return {
    name: table.names[j],
    numeric,
    decimalCounts: new Set(observed.map(decimals)),
    integer: numeric && values.every(Number.isInteger),
    low: numeric ? Math.min(...values) : Number.NaN,
    high: numeric ? Math.max(...values) : Number.NaN,
    levels: new Set(observed),
    fractions: fractionsOf(observed),
    missingRate: (cells.length - observed.length) / cells.length,
    missingTokens: new Set(cells.filter(isMissing)),
  };
}

const fraction = (cell: string) => cell.split('.')[1] ?? '';

function fractionsOf(observed: string[]): Set<string> | null {
  const endings = new Set(observed.map(fraction));
  return endings.size <= 10 ? endings : null;
}

/**
 * Columns whose synthetic cells leave the real column's type or format:
 * a number outside [min, max], a decimal count the real column never
 * writes, digits after the point it never writes (when it writes at most
 * ten endings, as readings to the half unit do), a category level never seen, or a missing token not the input's.
 * Returns "column: reason" strings (names and counts only, never cells).
 */
export function formatViolations(real: Cells, synthetic: Cells): string[] {
  const problems: string[] = [];
  synthetic.names.forEach((name, k) => {
    const j = real.names.indexOf(name);
    if (j < 0) { problems.push(`${name}: not an input column`); return; }
    const expected = profile(real, j);
    const cells = synthetic.rows.map((row) => row[k]);
    let outOfRange = 0; let badDecimals = 0; let badLevel = 0; let badMissing = 0; let offGrid = 0;
    for (const cell of cells) {
      if (isMissing(cell)) {
        if (!expected.missingTokens.has(cell)) badMissing++;
        continue;
      }
      if (!expected.numeric) { if (!expected.levels.has(cell)) badLevel++; continue; }
      const value = Number(cell);
      if (!(value >= expected.low && value <= expected.high)) outOfRange++;
      if (!expected.decimalCounts.has(decimals(cell))) badDecimals++;
      if (expected.fractions !== null && !expected.fractions.has(fraction(cell))) offGrid++;
    }
    if (outOfRange > 0) problems.push(`${name}: ${outOfRange} cells outside the real range`);
    if (badDecimals > 0) problems.push(`${name}: ${badDecimals} cells with another decimal count`);
    if (offGrid > 0) problems.push(`${name}: ${offGrid} cells ending in digits the real column never writes`);
    if (badLevel > 0) problems.push(`${name}: ${badLevel} cells with an unseen level`);
    if (badMissing > 0) problems.push(`${name}: ${badMissing} missing cells in another token`);
  });
  return problems;
}

/** The largest |missing rate difference| over shared columns, and where. */
export function maxMissingGap(real: Cells, synthetic: Cells): { gap: number; column: string } {
  let gap = 0; let column = '';
  synthetic.names.forEach((name, k) => {
    const j = real.names.indexOf(name);
    if (j < 0) return;
    const rate = synthetic.rows.filter((row) => isMissing(row[k])).length / synthetic.rows.length;
    const difference = Math.abs(rate - profile(real, j).missingRate);
    if (difference > gap) { gap = difference; column = name; }
  });
  return { gap, column };
}

/** Pearson r on the rows where both cells are present (NaN if undefined). */
export function pairwisePearson(x: number[], y: number[]): number {
  const xs: number[] = []; const ys: number[] = [];
  x.forEach((xi, i) => {
    if (Number.isFinite(xi) && Number.isFinite(y[i])) { xs.push(xi); ys.push(y[i]); }
  });
  const n = xs.length;
  if (n < 3) return Number.NaN;
  const mx = xs.reduce((s, v) => s + v, 0) / n;
  const my = ys.reduce((s, v) => s + v, 0) / n;
  let sxy = 0; let sxx = 0; let syy = 0;
  for (let i = 0; i < n; i++) {
    sxy += (xs[i] - mx) * (ys[i] - my);
    sxx += (xs[i] - mx) ** 2;
    syy += (ys[i] - my) ** 2;
  }
  return sxx > 0 && syy > 0 ? sxy / Math.sqrt(sxx * syy) : Number.NaN;
}

const numericColumn = (table: Cells, k: number) =>
  table.rows.map((row) => (isMissing(row[k]) ? Number.NaN : Number(row[k])));

/**
 * The largest |r_real − r_synthetic| over pairs of numeric columns, each
 * correlation on pairwise-complete rows; pairs undefined on either side
 * are skipped.
 */
export function maxCorrelationGap(real: Cells, synthetic: Cells): { gap: number; pair: string } {
  const shared = synthetic.names.filter((name) => {
    const j = real.names.indexOf(name);
    return j >= 0 && profile(real, j).numeric;
  });
  const realColumns = shared.map((name) => numericColumn(real, real.names.indexOf(name)));
  const synthColumns = shared.map((name) =>
    numericColumn(synthetic, synthetic.names.indexOf(name)));
  let gap = 0; let pair = '';
  for (let a = 0; a < shared.length; a++) {
    for (let b = 0; b < a; b++) {
      const difference = Math.abs(pairwisePearson(realColumns[a], realColumns[b])
        - pairwisePearson(synthColumns[a], synthColumns[b]));
      if (Number.isFinite(difference) && difference > gap) {
        gap = difference; pair = `${shared[a]}~${shared[b]}`;
      }
    }
  }
  return { gap, pair };
}
