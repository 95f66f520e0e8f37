/**
 * Refusing sites that cannot be pooled as one model: a model column that no
 * site has, a site without a column the others have (its estimates would
 * come from a smaller model), and a category coded with levels no other
 * site uses (M/F against 0/1). Pooling different models gives a number
 * that estimates nothing, so each is an error, not a note.
 */
import { LniError } from '../util/errors.js';
import { findColumn, hasObserved, observedLevels, type SiteInput } from './harmonize.js';
import type { Estimand } from './sites.js';

/** The columns every site must have: the mean's column, or outcome and covariates. */
function modelColumns(estimand: Estimand): { name: string; role: string }[] {
  if (estimand.kind === 'mean') return [{ name: estimand.column, role: 'column' }];
  return [{ name: estimand.outcome, role: 'outcome' },
    ...estimand.covariates.map((name) => ({ name, role: 'covariate' }))];
}

const NUMBER = /^\s*[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?\s*$/i;

const list = (items: readonly string[]) => items.slice(0, 6).join(', ')
  + (items.length > 6 ? `, … (${items.length} in all)` : '');

/**
 * Throws an LniError naming the column and the file(s) when the sites do
 * not all carry the same model; `files[k]` is the file of `sites[k]`.
 * A column present but entirely missing at a site is not refused here:
 * that site is left out of the column's terms with a note (and its other
 * estimates are marked as not adjusted for it).
 */
export function checkSitesAgree(
  sites: readonly SiteInput[], estimand: Estimand, files: readonly string[],
): void {
  for (const { name, role } of modelColumns(estimand)) {
    const lacking = sites.map((site, k) => (findColumn(site, name) === undefined ? k : -1))
      .filter((k) => k >= 0);
    if (lacking.length === sites.length) {
      throw new LniError('unknown-column', `the ${role} is not a column of any site table ` +
        `(${list(files)})`, { column: name, hint: 'check the spelling against the headers' });
    }
    if (lacking.length > 0) {
      const others = lacking.length === 1 ? '' : ` (so do ${list(lacking.slice(1)
        .map((k) => files[k]))})`;
      throw new LniError('site-column-missing', `the site has no ${role} column "${name}" ` +
        `that the other sites have${others}; its estimates would come from another model ` +
        'than theirs, and pooling different models is invalid', {
        file: files[lacking[0]],
        hint: 'rename the column to match the other sites, or leave the site out',
      });
    }
    checkLevelsOverlap(sites, name, files);
  }
}

/**
 * A categorical column whose observed levels at one site share none with
 * the levels of every other site: the sites code it differently, and each
 * coding would become its own terms, estimated at disjoint sets of sites.
 * Sites with fewer than two observed levels prove nothing and are skipped.
 * Text labels at a site where another has the column as numbers are refused
 * too: that site would be fitted without the column.
 */
function checkLevelsOverlap(
  sites: readonly SiteInput[], name: string, files: readonly string[],
): void {
  const levels = sites.map((site) => {
    const column = findColumn(site, name);
    return column?.kind === 'categorical' ? observedLevels(column) : [];
  });
  const numericAt = sites.map((site) => {
    const column = findColumn(site, name);
    return column?.kind === 'numeric' && hasObserved(column);
  });
  for (const [k, own] of levels.entries()) {
    const text = own.filter((level) => !NUMBER.test(level));
    const numericSite = numericAt.findIndex((numeric, j) => numeric && j !== k);
    if (text.length > 0 && numericSite >= 0) {
      throw new LniError('site-levels-disjoint', `the site writes this column as text ` +
        `(${list(text)}) where ${files[numericSite]} has numbers; pooled, the site would ` +
        'be fitted without it', {
        file: files[k], column: name,
        hint: 'recode the column as the other sites do before pooling',
      });
    }
    if (own.length < 2) continue;
    const others = new Set(levels.filter((_, j) => j !== k && levels[j].length >= 2).flat());
    if (others.size === 0 || own.some((level) => others.has(level))) continue;
    throw new LniError('site-levels-disjoint', `the site codes this column with levels ` +
      `${list(own)}, none of which any other site uses (they use ${list([...others])}); ` +
      'pooled, each coding would be a different term', {
      file: files[k], column: name,
      hint: 'recode the column as the other sites do before pooling',
    });
  }
}
