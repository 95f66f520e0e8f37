/**
 * A meta-analysis as the report's plain data: one forest plot per model
 * term, the synthetic sites (and the real ones, when given) with their
 * pooled rows and heterogeneity. Shared by the CLI and the browser app.
 */
import { forestPlotData, type MetaResult } from '../meta/analyze.js';
import type { ForestData, ReportData } from './types.js';

/** The forest plots: one per term, synthetic (and real) sites then pooled rows. */
export function assembleMetaReport(
  result: MetaResult, real: MetaResult | undefined, describe: string, names: string[],
): ReportData {
  const rows = forestPlotData(result, real);
  const scale = result.scale === 'log-odds' ? 'log odds ratio'
    : result.scale === 'mean' ? 'mean' : 'coefficient';
  const forests: ForestData[] = result.terms.map((term) => {
    const matching = real?.terms.find((t) => t.term === term.term);
    const heterogeneity = [{ source: 'synthetic' as const, term }, ...(matching === undefined
      ? [] : [{ source: 'real' as const, term: matching }])].map(({ source, term: t }) => ({
      source, Q: t.random?.Q ?? null, I2: t.random?.I2 ?? null, tau2: t.random?.tau2 ?? null,
    }));
    return {
      estimand: `${term.term} (${scale})`,
      rows: rows.filter((row) => row.term === term.term)
        .map(({ label, kind, source, estimate, ciLow, ciHigh, weight }) =>
          ({ label, kind, source, estimate, ciLow, ciHigh, weight })),
      heterogeneity,
      ...(result.scale === 'mean' ? {} : { nullValue: 0 }),
    };
  });
  return {
    title: `Meta-analysis of ${names.length} site${names.length === 1 ? '' : 's'}`,
    subtitle: `${describe}; sites: ${names.join(', ')}` +
      (real === undefined ? '' : '; synthetic and real tables side by side'),
    forests,
  };
}
