import { assert } from '../util/errors.js';

/**
 * What `out.privacy.json` holds when nothing was modelled (every column
 * constant, empty, dropped or ID-like) and the table passed through. The
 * keys of PrivacySummary that still mean something are kept — w, ε, δ and
 * μ as null (not applicable), no attacks, no frontier — so a reader of the
 * normal summary finds them, and `passThrough` says which kind this is.
 */
export interface PassThroughSummary {
  passThrough: true;
  /** Plain sentences: what was released and why no guarantee is needed. */
  summary: string[];
  /** Columns by how they were written. */
  columns: { constant: string[]; empty: string[]; id: string[]; dropped: string[] };
  w: null;
  wChosenBy: null;
  delta: null;
  mu: null;
  epsilon: null;
  noPrivacy: false;
  releasedRows: number;
  attacks: [];
  assumptions: string[];
  warnings: string[];
  /** Decisions the CLI printed that concern this release; absent when none. */
  notes?: string[];
  frontier: [];
}

/** Columns of a pass-through release, by schema type. */
export interface PassThroughColumns {
  constant: readonly string[];
  empty: readonly string[];
  id: readonly string[];
  dropped: readonly string[];
}

/** Builds the privacy summary of a pass-through release of `releasedRows` rows. */
export function passThroughSummary(
  releasedRows: number, columns: PassThroughColumns,
): PassThroughSummary {
  assert(releasedRows >= 0 && Number.isInteger(releasedRows),
    () => `releasedRows must be a count, got ${releasedRows}`);
  return {
    passThrough: true,
    summary: [
      'Nothing was modelled: every column is constant, empty, dropped or ID-like.',
      'The output holds only constants (the one value every row shares), empty columns and '
        + 'fresh IDs (a prefix and the row number); no real value that differs between rows '
        + 'was released.',
      'w and ε do not apply: no model was fitted and no noise was injected.',
    ],
    columns: {
      constant: [...columns.constant], empty: [...columns.empty], id: [...columns.id],
      dropped: [...columns.dropped],
    },
    w: null, wChosenBy: null, delta: null, mu: null, epsilon: null, noPrivacy: false,
    releasedRows,
    attacks: [],
    assumptions: [
      'Constant columns are released as they are: their one value is shown in every row.',
      'Fresh IDs depend only on the row number, never on the real IDs.',
    ],
    warnings: [],
    frontier: [],
  };
}

/** A few human-readable lines for a pass-through summary. */
export function renderPassThroughSummary(summary: PassThroughSummary): string[] {
  return [...summary.summary];
}

