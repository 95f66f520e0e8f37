// Reproduction bench (method.md §9): the pooled-inference simulation with
// the exact linear-Gaussian flow and the UCI Heart Disease sites, written to
// docs/reproduction.md.
//
//   npx tsx bench/reproduce.ts --quick     # 200 replications, 100 synthetic draws
//   npx tsx bench/reproduce.ts             # 1000 replications, 500 synthetic draws
//   options: --replications N --draws N --workers N --seed N --out FILE
//
// The (p, n) blocks of the simulation run in parallel child processes.
import { spawn } from 'node:child_process';
import { writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import {
  simulate, type SimulationConfig, type PooledRow, type TableRow,
} from './reproduce-simulation.js';
import { readHeartSite, heartExperiment } from './reproduce-heart.js';
import { writeReport } from './reproduce-report.js';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');

function option(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? Number(process.argv[at + 1]) : fallback;
}

export const WS: (number | null)[] = [null, 0, 0.2, 0.5, 0.8, 0.95];
export const KS = [1, 5, 10];
const PS = [5, 10, 20];
const NS = [500, 2000];

type BlockResult = { pooled: PooledRow[]; tables: TableRow[]; cpuSeconds: number };

async function runBlock(config: SimulationConfig): Promise<BlockResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath,
      ['--import', 'tsx', fileURLToPath(import.meta.url), '--block', JSON.stringify(config)],
      { stdio: ['ignore', 'pipe', 'inherit'] });
    let output = '';
    child.stdout.on('data', (chunk) => { output += chunk; });
    child.on('close', (code) => (code === 0 ? resolve(JSON.parse(output))
      : reject(new Error(`block p=${config.p} n=${config.n} exited with ${code}`))));
  });
}

async function main(): Promise<void> {
  const block = process.argv.indexOf('--block');
  if (block >= 0) {
    const config = JSON.parse(process.argv[block + 1]) as SimulationConfig;
    const result = simulate(config);
    process.stdout.write(JSON.stringify({ ...result, cpuSeconds: process.cpuUsage().user / 1e6 }));
    return;
  }
  const quick = process.argv.includes('--quick');
  const replications = option('replications', quick ? 200 : 1000);
  const draws = option('draws', quick ? 100 : 500);
  const workers = option('workers', 2);
  const seed = option('seed', 20260);
  const outIndex = process.argv.indexOf('--out');
  const out = outIndex >= 0 ? process.argv[outIndex + 1] : join(root, 'docs', 'reproduction.md');
  const started = performance.now();
  const load = loadavg()[0];

  // Largest blocks first, so the two workers finish together.
  const blocks: SimulationConfig[] = PS.flatMap((p) => NS.map((n) => ({
    p, n, ks: KS, ws: WS, replications, seed: seed + 100 * p + n, auditRows: 500,
  }))).sort((a, b) => b.p * b.p * b.n - a.p * a.p * a.n);
  const results: BlockResult[] = [];
  let next = 0;
  const worker = async () => {
    while (next < blocks.length) {
      const config = blocks[next++];
      const blockStart = performance.now();
      results.push(await runBlock(config));
      const seconds = ((performance.now() - blockStart) / 1000).toFixed(0);
      process.stderr.write(`simulation p=${config.p} n=${config.n}: ${seconds} s\n`);
    }
  };
  await Promise.all(Array.from({ length: workers }, worker));
  const simulationSeconds = (performance.now() - started) / 1000;

  // Shared misfit: every site's flow shrinks its correlations by half.
  const misfitStart = performance.now();
  const misfitShare = 0.5;
  const misfit = [0, misfitShare].map((share) => simulate({
    p: 5, n: 500, ks: [...KS, 40], ws: [0.5], replications, seed: seed + 7, auditRows: 0,
    misfit: share,
  }).pooled);
  const misfitSeconds = (performance.now() - misfitStart) / 1000;

  const heartStart = performance.now();
  const data = join(root, '..', 'shared', 'data', 'uci-heart-disease');
  const sites = ['cleveland', 'hungarian', 'switzerland'].map((site) =>
    readHeartSite(site, join(data, `processed.${site}.data`)));
  const heart = heartExperiment(sites, [0.2, 0.5, 0.8], draws, 0.5, seed + 11);
  const heartSeconds = (performance.now() - heartStart) / 1000;

  const total = (performance.now() - started) / 1000;
  const markdown = writeReport({
    quick, replications, draws, workers, seed,
    pooled: results.flatMap((r) => r.pooled), tables: results.flatMap((r) => r.tables),
    misfit: { exact: misfit[0], shrunk: misfit[1], share: misfitShare },
    heart, heartRows: sites.map((s) => ({ site: s.site, rows: s.rows })),
    seconds: { total, simulation: simulationSeconds, misfit: misfitSeconds, heart: heartSeconds },
    cpuSeconds: results.reduce((sum, r) => sum + r.cpuSeconds, 0)
      + process.cpuUsage().user / 1e6,
    load,
  });
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, markdown);
  process.stderr.write(`wrote ${out} in ${total.toFixed(0)} s\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
