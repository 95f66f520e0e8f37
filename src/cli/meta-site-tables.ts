/**
 * Reading the sites' tables for `lni meta`: each file typed like the others
 * and, for a synthetic table, the w (and corrected variances) from the
 * privacy summary beside it.
 */
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
  for (const [k, file] of files.entries()) {
    const { table, delimiter } = await readTable(file, flags);
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
  const parsed = parseCsv(bytes, { file: path, header: true, delimiter: flags.delimiter });
  return { table: parsed.table, delimiter: parsed.dialect.delimiter };
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
