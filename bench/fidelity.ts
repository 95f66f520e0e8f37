// Fidelity of the `lni run` sequence at one w, over several fits and
// releases (too slow for the test suite). Prints aggregates only.
// Usage: npx tsx bench/fidelity.ts <file.csv> [w=0.8] [fit seeds=1,2] [release seeds=1,2,3,4,5,6]
import { fitModel, synthesize } from '../src/model/index.js';
import { inferSchema } from '../src/table/index.js';
import { compare, loadCsv } from '../test/fidelity-check.js';

const [path, wText = '0.8', fitText = '1,2', releaseText = '1,2,3,4,5,6'] = process.argv.slice(2);
if (path === undefined) {
  throw new Error('usage: npx tsx bench/fidelity.ts <file.csv> [w] [fit seeds] [release seeds]');
}
const w = Number(wText);
const seeds = (text: string) => text.split(',').map(Number);
const real = loadCsv(path);
console.log(`${path.split('/').pop()}: ${real.rowCount} rows, w = ${w}`);
console.log('fit seed | release seed | max |Δ Pearson| (pair) | worst missing gap | type/range');
for (const fitSeed of seeds(fitText)) {
  const started = Date.now();
  const model = fitModel(real, inferSchema(real), { seed: fitSeed });
  console.log(`fit ${fitSeed}: ${((Date.now() - started) / 1000).toFixed(0)} s, ` +
    `${model.training.epochsRun} epochs`);
  const errors = new Map<string, number[]>();
  for (const releaseSeed of seeds(releaseText)) {
    const f = compare(real, synthesize(model, real, { w, seed: releaseSeed }).table);
    for (const { pair, error } of f.pairErrors) errors.set(pair, [...errors.get(pair) ?? [], error]);
    console.log(`${fitSeed} | ${releaseSeed} | ${f.maxCorrelationGap.toFixed(3)} (${f.worstPair}) | ` +
      `${(100 * f.maxMissingGap).toFixed(1)} pt${f.worstMissing ? ` (${f.worstMissing})` : ''} | ` +
      `${f.outOfRange.length === 0 ? 'ok' : f.outOfRange.join(' ')}`);
  }
  // Bias is a pair's mean error over the releases, noise its spread.
  const spread = [...errors].map(([pair, values]) => {
    const mean = values.reduce((sum, e) => sum + e, 0) / values.length;
    const sd = Math.sqrt(values.reduce((sum, e) => sum + (e - mean) ** 2, 0)
      / Math.max(1, values.length - 1));
    return { pair, mean, sd };
  });
  const top = (key: (s: { mean: number; sd: number }) => number) => [...spread]
    .sort((x, y) => key(y) - key(x)).slice(0, 5)
    .map((s) => `${s.pair} ${s.mean.toFixed(3)} ± ${s.sd.toFixed(3)}`).join('; ');
  console.log(`fit ${fitSeed}, mean error ± sd over releases; largest |mean|: ${top((s) => Math.abs(s.mean))}`);
  console.log(`fit ${fitSeed}, largest sd: ${top((s) => s.sd)}`);
}
