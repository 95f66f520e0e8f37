/**
 * Reading the sites' tables for `lni meta`: each file typed like the others
 * and, for a synthetic table, the w (and corrected variances) from the
 * privacy summary beside it.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { basename } from 'node:path';
import { evaluationSchema, lenient } from '../evaluate/index.js';
import { canonicalLevels, siteSchema, type SiteInput } from '../meta/index.js';
import { summaryWeight } from '../privacy/index.js';
import {
  checkTableSize, isParquet, parseCsv, parseParquet, typedColumns, withholdRareLevels,
} from '../table/index.js';
import type { Schema, Table } from '../table/index.js';
import { LniError } from '../util/errors.js';
import { privacySummaryPath, readInputFile, readJsonFile } from './files.js';

/** How a site's CSV is read; the delimiter is detected when not given. */
export interface SiteReadOptions { delimiter?: string }

export interface SiteWeight {
  w: number | null;
  source: 'privacy-summary' | 'option' | null;
  /** Split mode: released rows per fitted row, from the privacy summary. */
  releasedPerFitted?: number;
}

export interface SiteTables {
  /** The sites whose tables could be typed, in the order given. */
  sites: SiteInput[];
  /** The file of each of `sites`. */
  files: string[];
  /** One per file given, a site left out too. */
  weights: SiteWeight[];
  rows: number[];
  notes: string[];
  /** One sentence per site left out because its table is too small to type. */
  excluded: string[];
}

/**
 * Reads every site's table and types it: the schema inferred from that file,
 * with the columns --schema declares put in its place; numbers written
 * differently ("1.0", "1") read as the same level. With `synthetic`, w comes
 * from the privacy summary beside the file (or --w), and the summary's
 * corrected variances, if it has any, are used.
 */
export async function readSites(
  files: string[], names: string[], declared: Schema | undefined, flags: SiteReadOptions,
  synthetic: { fallbackW?: number } | null,
): Promise<SiteTables> {
  const result: SiteTables = { sites: [], files: [], weights: [], rows: [], notes: [],
    excluded: [] };
  const tooSmallSites: string[] = [];
  const seen = new Map<string, string>();
  for (const [k, file] of files.entries()) {
    const { table, delimiter } = await readTable(file, flags);
    // The same table under two names (a copy, a site sent twice, its rows
    // perhaps reordered) would be pooled as two independent sites: its rows
    // counted twice, every interval narrowed and heterogeneity understated.
    const print = tableFingerprint(table);
    const twin = seen.get(print);
    if (twin !== undefined) {
      throw new LniError('site-duplicate', `the site's table has the same rows as ${twin}'s; ` +
        'pooled, its rows would count twice as if from two independent sites', {
        file, hint: 'give each site\'s table once' });
    }
    seen.set(print, file);
    let weight: SiteWeight = { w: null, source: null };
    let corrected: Record<string, number> | undefined;
    if (synthetic !== null) {
      ({ weight, corrected } = siteWeight(file, names[k], synthetic.fallbackW));
    }
    result.weights.push(weight);
    result.rows.push(table.rowCount);
    // A site too small to estimate anything is left out, as one too small
    // for its model is; typing its few cells would only add notes.
    const small = tooSmall(table, file);
    if (small !== null) {
      tooSmallSites.push(`${names[k]}: ${small}`);
      result.excluded.push(`Site ${names[k]}: ${small}, too few to read its columns; ` +
        'it is left out of every term.');
      continue;
    }
    const schema = siteSchema(table, declared, file, delimiter);
    // Terms and notes name levels: a text level few rows hold is read as a
    // release writes it, missing, and never named.
    const kept = withholdRareLevels(table, schema);
    for (const { column, cells } of kept.withheld) {
      result.notes.push(`Site ${names[k]}: ${cells} cell${cells === 1 ? '' : 's'} of column ` +
        `"${column}" hold text levels fewer than 5 rows there have; read as missing, not named.`);
    }
    const typed = typedColumns(kept.table, lenient(evaluationSchema(schema, table)), file);
    const site: SiteInput = { site: names[k], columns: canonicalLevels(typed, names[k],
      result.notes) };
    if (weight.w !== null) site.w = weight.w;
    if (weight.releasedPerFitted !== undefined) site.releasedPerFitted = weight.releasedPerFitted;
    if (corrected !== undefined) site.correctedVariances = corrected;
    result.sites.push(site);
    result.files.push(file);
  }
  if (result.sites.length === 0) {
    throw new LniError('table-too-small', 'no site table has rows enough to analyse ' +
      `(${tooSmallSites.join('; ')})`, { hint: 'pool sites whose tables have more rows' });
  }
  return result;
}

/**
 * A digest of a table's header and rows, in any row order: equal for the
 * same table however written or shuffled.
 */
function tableFingerprint(table: Table): string {
  const rows = Array.from({ length: table.rowCount }, (_, i) =>
    JSON.stringify(table.columns.map((column) => column[i])));
  rows.sort();
  const hash = createHash('sha256');
  hash.update(JSON.stringify(table.names));
  for (const row of rows) hash.update(row);
  return hash.digest('hex');
}

/**
 * Why a table is too small for its columns to be typed (the rule every
 * command applies before inferring a schema), or null.
 */
function tooSmall(table: Table, file: string): string | null {
  try {
    checkTableSize(table, file);
    return null;
  } catch (error) {
    if (!(error instanceof LniError) || error.code !== 'table-too-small') throw error;
    return error.message.charAt(0).toLowerCase() + error.message.slice(1).replace(/\.$/, '');
  }
}

/** A site's table, with its CSV delimiter (absent for Parquet). */
export async function readTable(
  path: string, flags: SiteReadOptions,
): Promise<{ table: Table; delimiter?: string }> {
  const bytes = readInputFile(path);
  if (isParquet(bytes) || path.toLowerCase().endsWith('.parquet')) {
    return { table: (await parseParquet(bytes, { file: path })).table };
  }
  try {
    const parsed = parseCsv(bytes, { file: path, header: true, delimiter: flags.delimiter });
    return { table: parsed.table, delimiter: parsed.dialect.delimiter };
  } catch (error) {
    // parseCsv's hint names --no-header, which meta does not take: sites
    // are matched by their column names, so each table needs its header.
    if (!(error instanceof LniError) || error.code !== 'header-looks-like-data') throw error;
    throw new LniError(error.code, error.message, { file: error.file, row: error.row,
      hint: 'lni meta matches sites by column names, so every site table needs a header row: ' +
        'add one; a release of a headerless file (lni run --no-header) has none either' });
  }
}

/** w (and corrected variances) from the privacy summary beside a synthetic table. */
function siteWeight(
  file: string, site: string, fallback: number | undefined,
): { weight: SiteWeight; corrected?: Record<string, number> } {
  const path = privacySummaryPath(file);
  if (!existsSync(path)) {
    if (fallback === undefined) {
      throw new LniError('privacy-summary-missing', `site ${site} has no privacy summary ` +
        `(${basename(path)}) beside its synthetic table, so its w is unknown and its ` +
        'variances cannot be corrected for the injected noise', { file,
        hint: 'copy the site\'s *.privacy.json beside the table, or give --w' });
    }
    return { weight: { w: fallback, source: 'option' } };
  }
  const json = readJsonFile(path) as Record<string, unknown> | null;
  const read = summaryWeight(json);
  if (read.kind === 'pass-through') {
    if (fallback !== undefined) return { weight: { w: fallback, source: 'option' } };
    throw new LniError('privacy-summary-pass-through', `site ${site}'s table passed through ` +
      'with nothing modelled, so its privacy summary has no w', { file: path,
      hint: 'leave the site out, or give --w' });
  }
  if (read.kind === 'refusal') {
    throw new LniError('privacy-summary-invalid', `site ${site}'s summary says nothing was ` +
      'released, so it does not describe the table beside it', { file: path,
      hint: 'move the file away, or write the table and its summary again with lni run' });
  }
  if (read.kind === 'no-w') {
    throw new LniError('privacy-summary-invalid', 'has no w in [0, 1]', {
      file: path, hint: 'give --w and move the file away' });
  }
  const given = json?.correctedVariances;
  let corrected: Record<string, number> | undefined;
  if (typeof given === 'object' && given !== null) {
    corrected = Object.fromEntries(Object.entries(given as Record<string, unknown>)
      .filter((entry): entry is [string, number] => typeof entry[1] === 'number'));
  }
  return { weight: { w: read.w, source: 'privacy-summary',
    ...(read.releasedPerFitted === undefined ? {}
      : { releasedPerFitted: read.releasedPerFitted }) }, corrected };
}
