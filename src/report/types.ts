/**
 * The plain data a report is drawn from. Every field is a JSON-able
 * aggregate (counts, bin edges, matrices, estimates, curve points): no real
 * row ever reaches the report, so the HTML cannot leak one. The CLI fills
 * these from the evaluation, privacy and meta results; every section is
 * optional and is shown only when its data is present.
 */

/** Which way a number is good (the same words as evaluate/'s metrics). */
export type Direction = 'higher-is-better' | 'lower-is-better' | 'closer-to-one-is-better';

/**
 * One number with what it takes to read it (STYLE.md: direction, range and
 * baseline travel with every metric). An evaluate/ MetricResult fits once
 * a label is added: `{ label: 'KS', ...result }`.
 */
export interface Score {
  /** Short name, e.g. "Mean KS statistic". */
  label: string;
  /** The value; null when not defined (then `warning` says why). */
  value: number | null;
  direction: Direction;
  /** Possible range; null for an unbounded end (JSON has no Infinity). */
  range: [number | null, number | null];
  /** How to read the value, e.g. "0 is identical, 1 is disjoint". */
  baseline: string;
  /** Optional 95% interval around `value`. */
  ciLow?: number;
  ciHigh?: number;
  /** Why the value is missing or fragile. */
  warning?: string;
}

/** How the sensitivity bound S in ε(w, δ) was certified (method.md §3.4). */
export interface SensitivityBound {
  /** S: an upper bound on ‖f⁻¹(x) − f⁻¹(x′)‖₂ over the domain. */
  value: number;
  /** e.g. "latent clipping", "Lipschitz", "interval propagation". */
  method: string;
  /** Optional detail, e.g. "R = 6, the √ of the 0.99 χ²₁₆ quantile". */
  detail?: string;
}

/** The formal local guarantee at the released w (method.md §3). */
export interface PrivacyGuarantee {
  /** ε for the released w; null when w = 1 (no formal privacy). */
  epsilon: number | null;
  /** δ of the (ε, δ) statement, e.g. 1e-6. */
  delta: number;
  sensitivity: SensitivityBound;
  /** Where the domain bounds came from; "data" bounds reveal the extremes. */
  boundsSource?: 'schema' | 'data' | 'mixed';
  /** Rows pulled in by latent clipping (a count only, never which rows). */
  clippedRows?: number;
}

/** The strongest membership-inference attack seen at the released w. */
export interface AttackSummary {
  /** Attack name for people, e.g. "latent nearest neighbour". */
  title: string;
  /** AUC over members vs non-members: 0.5 is chance, 1 certain. */
  auc: number;
  /** Bootstrap 95% interval of the AUC. */
  ciLow: number;
  ciHigh: number;
  /** The calibration target, e.g. 0.55, if w was chosen by attack. */
  target?: number;
}

/** The card at the top: what was released and how far to trust it. */
export interface SummaryData {
  /** Dataset name as the user knows it (a file name, not a path). */
  dataset?: string;
  /** The noise dial in [0, 1]: 0 fresh samples, 1 the data itself. */
  w: number;
  /** How w was chosen, e.g. "largest w with worst AUC ≤ 0.55". */
  wChoice?: string;
  /** Rows of the input table. */
  rowsIn: number;
  /** Synthetic rows released. */
  rowsOut: number;
  /**
   * Why rowsOut differs from rowsIn, as a sentence (test rows held out for
   * the report, rows that fitted the flow in split mode); absent when they
   * are equal or no reason is known.
   */
  rowsNote?: string;
  /** Headline fidelity scores (mean KS, mean TV, correlation error...). */
  fidelity: Score[];
  privacy?: PrivacyGuarantee;
  worstAttack?: AttackSummary;
  /** Every assumption the guarantee rests on, as full sentences. */
  assumptions: string[];
  /** Problems the reader must see (δ ≥ 1/n, data-derived bounds, ...). */
  warnings?: string[];
}

/** Missing cells per side, as counts. */
export interface MissingCounts {
  real: number;
  synthetic: number;
}

/**
 * A numeric column as a histogram with shared bin edges. Edges are rounded
 * outward so no edge equals a data minimum or maximum, over the ranges
 * without the values alone beyond a wide gap at an end, which are counted
 * with the nearest value on this side of it, and then ending on the fifth
 * value from each end, so no end bin holds fewer than five (see `histogramPair`).
 */
export interface NumericMarginal {
  kind: 'numeric';
  column: string;
  /** k + 1 increasing edges; bin i is [edges[i], edges[i+1]). */
  edges: number[];
  /** k counts of real values per bin. */
  real: number[];
  /** k counts of synthetic values per bin. */
  synthetic: number[];
  missing: MissingCounts;
  /** Per-column fidelity, e.g. the KS statistic. */
  score?: Score;
  /** Values are days (dates) or fractions of a day (times of day): the axis reads so. */
  time?: 'date' | 'time of day';
  /** The column's date or time layout ("DD/MM/YYYY"): the axis writes in it (default ISO). */
  layout?: string;
}

/** A categorical column as level counts (levels in display order). */
export interface CategoricalMarginal {
  kind: 'categorical';
  column: string;
  levels: string[];
  real: number[];
  synthetic: number[];
  missing: MissingCounts;
  /** Per-column fidelity, e.g. total variation distance. */
  score?: Score;
}

export type Marginal = NumericMarginal | CategoricalMarginal;

/** Correlation matrices over the same columns, real and synthetic. */
export interface CorrelationData {
  method: 'pearson' | 'spearman';
  /** Column names, in matrix order. */
  names: string[];
  /** Square, symmetric, row-major; null where a correlation is undefined. */
  real: (number | null)[][];
  synthetic: (number | null)[][];
  /** Summaries of synthetic − real, e.g. max |Δ| and Frobenius norm. */
  scores?: Score[];
}

/**
 * A point estimate with its standard error and, optionally, its 95%
 * interval (a t interval, say); without one, estimate ± 1.96 SE is drawn.
 */
export interface Estimate {
  estimate: number;
  se: number;
  ciLow?: number;
  ciHigh?: number;
}

/** One model term on real and on synthetic data (evaluate/'s TermComparison fits). */
export interface CoefficientRow {
  /** Term name, e.g. "age" or "sex: male". */
  name: string;
  /** Null when the real model could not estimate the term. */
  real: Estimate | null;
  synthetic: {
    /** The synthetic table treated as if it were real. */
    naive: Estimate | null;
    /** Corrected for the injected noise (method.md §7), when available. */
    corrected?: Estimate | null;
  };
}

export interface CoefficientData {
  /** e.g. "Logistic regression of disease (log odds)". */
  model: string;
  /** How the corrected variance was obtained, e.g. "naive × (2 − w)". */
  correction?: string;
  terms: CoefficientRow[];
  /** e.g. confidence-interval overlap, with its reading. */
  scores?: Score[];
}

/** A ROC curve as parallel arrays of rates in [0, 1], increasing. */
export interface RocCurve {
  falsePositiveRate: number[];
  truePositiveRate: number[];
}

/** One attack's result (privacy/'s AttackResult fits). */
export interface AttackCurve {
  /** Attack name for people. */
  title: string;
  auc: number;
  /** Bootstrap 95% interval of the AUC. */
  ciLow: number;
  ciHigh: number;
  roc: RocCurve;
}

/** The membership-inference audit at the released w (method.md §5). */
export interface AttackAudit {
  /** Weakest to strongest. */
  attacks: AttackCurve[];
  /** Members and non-members scored (counts only). */
  members?: number;
  nonMembers?: number;
  /** Caveats, e.g. "held-out split is small: intervals are wide". */
  warnings?: string[];
}

/** What a fidelity measure in the frontier means. */
export interface Measure {
  /** The key used in FrontierRow.fidelity. */
  label: string;
  direction: Direction;
  baseline: string;
}

/** One w of the calibration grid (privacy/'s FrontierPoint fits). */
export interface FrontierRow {
  w: number;
  /** ε(w, δ); null at w = 1 (unbounded) or without a sensitivity bound. */
  epsilon: number | null;
  /** The largest AUC over the attacks at this w. */
  worstAuc: number;
  /** A 95% band around worstAuc; the upper end alone is fine. */
  worstCiLow?: number;
  worstCiHigh?: number;
  /** Fidelity by measure label (see FrontierData.measures). */
  fidelity?: Record<string, number | null>;
}

export interface FrontierData {
  rows: FrontierRow[];
  delta: number;
  measures: Measure[];
  /** The released w, marked on every panel. */
  chosenW?: number;
  /** Calibration targets, drawn as dashed lines when given. */
  aucTarget?: number;
  epsilonTarget?: number;
  /**
   * The released model's ε at chosenW (the summary's). The frontier's ε
   * come from the audit model's certificate, which differs unless S is set
   * by latent clipping (modelDependent false).
   */
  released?: { epsilon: number; modelDependent: boolean };
}

/** One line of a forest plot (meta/'s ForestRow fits). */
export interface ForestRow {
  /** The site's name, or a pooled row's name ("Fixed effect"). */
  label: string;
  kind: 'site' | 'fixed' | 'random';
  source: 'synthetic' | 'real';
  estimate: number;
  /** The 95% interval. */
  ciLow: number;
  ciHigh: number;
  /** A site's share of the fixed-effect weight in [0, 1]; null for pooled rows. */
  weight?: number | null;
}

/** Between-site heterogeneity of one analysis (method.md §8). */
export interface Heterogeneity {
  source: 'synthetic' | 'real';
  /** Cochran's Q, I² as a proportion in [0, 1], and τ²; null for one site. */
  Q: number | null;
  I2: number | null;
  tau2: number | null;
}

export interface ForestData {
  /** The estimand and its scale, e.g. "age (log odds ratio per 10 years)". */
  estimand: string;
  /** Sites, then pooled rows; synthetic and, when available, real. */
  rows: ForestRow[];
  heterogeneity?: Heterogeneity[];
  /** The no-effect value (0 for a log odds ratio), drawn when given. */
  nullValue?: number;
  /**
   * Why sites are missing from this plot (a site without the column, with
   * only missing values in it, too few events, a fit that separated...):
   * plain sentences about sites and columns, shown beside the plot. Counts
   * and names only, never a row.
   */
  notes?: string[];
}

export interface ReportData {
  title?: string;
  /** Free text under the title, e.g. the lni version and date. */
  subtitle?: string;
  summary?: SummaryData;
  marginals?: Marginal[];
  correlations?: CorrelationData;
  coefficients?: CoefficientData;
  attacks?: AttackAudit;
  frontier?: FrontierData;
  forests?: ForestData[];
  /**
   * General notes that belong to no single figure (e.g. which regression
   * family was chosen, how a site writes its levels), as plain sentences
   * shown in a list at the end. Aggregates and names only, never a row.
   */
  notes?: string[];
}
