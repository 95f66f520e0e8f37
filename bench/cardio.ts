// Scale check on the 70,000-row cardio table: runs `lni run` as a child
// process with --w 0.5 and otherwise default settings, and measures wall
// time, peak resident memory (VmHWM from /proc, polled), and how soon a
// progress line with an ETA reaches stderr. Writes bench/results/cardio.md.
//
//   npx tsx bench/cardio.ts [--write] [-- extra lni run flags]
//
// Only aggregate figures are recorded; no row of the data is printed.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const DATA = join('..', 'shared', 'data', 'cardio-train', 'cardio_train.csv');
const LIMIT_BYTES = 1024 ** 3;
const ETA_DEADLINE_SECONDS = 10;

interface Measurement {
  code: number | null;
  seconds: number;
  peakBytes: number;
  firstEtaSeconds: number | null;
  stages: string[];
  outputRows: number;
}

function peakRss(pid: number): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const match = /VmHWM:\s+(\d+) kB/.exec(status);
    return match === null ? 0 : Number(match[1]) * 1024;
  } catch {
    return 0; // the process has ended
  }
}

async function measure(extra: string[]): Promise<Measurement> {
  const folder = mkdtempSync(join(tmpdir(), 'lni-cardio-'));
  const output = join(folder, 'cardio.synthetic.csv');
  const args = ['--import', 'tsx', 'src/cli/dev.ts', 'run', DATA, '-o', output,
    '--w', '0.5', '--seed', '1', ...extra];
  const started = Date.now();
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let peakBytes = 0;
  let firstEtaSeconds: number | null = null;
  const stages: string[] = [];
  let pending = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk: string) => {
    pending += chunk;
    const lines = pending.split(/\r|\n/);
    pending = lines.pop() ?? '';
    for (const line of lines) {
      const seconds = (Date.now() - started) / 1000;
      if (firstEtaSeconds === null && /ETA/.test(line)) firstEtaSeconds = seconds;
      if (/^lni: (fitting|auditing)/.test(line)) stages.push(`${seconds.toFixed(1)} s ${line}`);
    }
  });
  const poll = setInterval(() => {
    if (child.pid !== undefined) peakBytes = Math.max(peakBytes, peakRss(child.pid));
  }, 200);
  const code = await new Promise<number | null>((done) => child.on('close', done));
  clearInterval(poll);
  const seconds = (Date.now() - started) / 1000;
  const outputRows = existsSync(output)
    ? readFileSync(output, 'utf8').trimEnd().split('\n').length - 1 : 0;
  rmSync(folder, { recursive: true, force: true });
  return { code, seconds, peakBytes, firstEtaSeconds, stages, outputRows };
}

const separator = process.argv.indexOf('--');
const extra = separator < 0 ? [] : process.argv.slice(separator + 1);
const write = process.argv.includes('--write');
const result = await measure(extra);
const mib = (bytes: number) => (bytes / 1024 ** 2).toFixed(0);
const verdicts = [
  `exit code ${result.code}`,
  `wall time ${result.seconds.toFixed(1)} s`,
  `peak RSS ${mib(result.peakBytes)} MiB (limit 1024 MiB): ` +
    (result.peakBytes < LIMIT_BYTES ? 'within' : 'OVER'),
  `first progress line with an ETA after ${result.firstEtaSeconds?.toFixed(1) ?? 'never'} s ` +
    `(wanted within ${ETA_DEADLINE_SECONDS} s)`,
  `synthetic rows written: ${result.outputRows}`,
];
console.log(verdicts.join('\n'));
if (write) {
  const report = [
    '# cardio-train at scale (70,000 rows, 13 columns, `;`)',
    '',
    `Command: \`lni run cardio_train.csv -o out.csv --w 0.5 --seed 1${
      extra.length > 0 ? ' ' + extra.join(' ') : ''}\` (defaults otherwise: ` +
      'audit on, epochs from the row count), run from the sources with tsx by ' +
      '`npx tsx bench/cardio.ts --write`. Peak RSS is VmHWM of the child process, polled ' +
      'every 200 ms.',
    '',
    ...verdicts.map((line) => `- ${line}`),
    '',
    'Stages (seconds since start):',
    '',
    ...result.stages.map((line) => `- ${line}`),
    '',
  ].join('\n');
  writeFileSync(join('bench', 'results', 'cardio.md'), report);
}
if (result.code !== 0 || result.peakBytes >= LIMIT_BYTES) process.exitCode = 1;
