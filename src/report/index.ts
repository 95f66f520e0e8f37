/**
 * The HTML report: plain aggregates in, one self-contained HTML file out.
 */

export { renderReport } from './render.js';
export {
  histogramPair, numericMarginal, categoricalMarginal, MIN_BINS,
} from './histogram.js';
export type { HistogramPair } from './histogram.js';
export { formatNumber, formatCount, formatPercent, formatInterval } from './format.js';
export type * from './types.js';
export { assembleReport, columnMarginals } from './assemble.js';
export type { ReportSources } from './assemble.js';
export { assembleMetaReport, correctionClause, REAL_ESTIMATES_NOTE } from './assemble-meta.js';
export type { MetaNotes } from './assemble-meta.js';
