/**
 * `lni meta --real`: every site's `lni run`, here, each in its own child
 * process of this same program, before the synthetic tables are pooled.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Command, Option } from 'commander';
import { siteSchema } from '../meta/index.js';
import type { Schema } from '../table/index.js';
import { LniError } from '../util/errors.js';
import { readTable } from './meta-site-tables.js';
import { parseInteger } from './options.js';
import type { Progress } from './progress.js';

/**
 * The flags read here by name; every other option of meta that `lni run`
 * also has is forwarded by walking the command's options (forwardedRunOptions).
 */
export interface LocalSitesFlags { jobs?: string; delimiter?: string }

/** Options of `meta` that are not handed on to each site's `lni run` under --real. */
const NOT_FORWARDED = new Set(['--seed', '--json', '--quiet', '--debug', '--report',
  '--outcome', '--covariates', '--schema', '--output']);

/**
 * `lni run` for every site, each in its own child process (so the sites
 * are fitted independently and in parallel), with a seed per site derived
 * from --seed and the run options given to meta.
 */
export async function runSitesLocally(
  command: Command, files: string[], outputs: string[], names: string[],
  declared: Schema | undefined, flags: LocalSitesFlags, seed: number, progress: Progress,
): Promise<void> {
  const forwarded = forwardedRunOptions(command, flags);
  const jobs = flags.jobs === undefined ? availableParallelism()
    : parseInteger('jobs', flags.jobs, 1);
  const folder = declared === undefined ? undefined : mkdtempSync(join(tmpdir(), 'lni-meta-'));
  try {
    let next = 0;
    const worker = async () => {
      while (next < files.length) {
        const k = next++;
        const args = ['run', files[k], '-o', outputs[k], '--seed', String(seed + k), '--json',
          '-q', ...forwarded];
        if (folder !== undefined && declared !== undefined) {
          const { table, delimiter } = await readTable(files[k], flags);
          const schemaPath = join(folder, `site-${k}.schema.json`);
          writeFileSync(schemaPath,
            JSON.stringify(siteSchema(table, declared, files[k], delimiter)));
          args.push('--schema', schemaPath);
        }
        progress.note(`site ${names[k]}: lni run (seed ${seed + k}) → ${outputs[k]}`);
        const started = Date.now();
        await runChild(args, names[k], files[k]);
        progress.note(`site ${names[k]}: released in ${((Date.now() - started) / 1000)
          .toFixed(0)} s`);
      }
    };
    await Promise.all(Array.from({ length: Math.min(jobs, files.length) }, worker));
  } finally {
    if (folder !== undefined) rmSync(folder, { recursive: true, force: true });
  }
}

/** Meta's options that `lni run` also has, written back as arguments. */
function forwardedRunOptions(command: Command, flags: LocalSitesFlags): string[] {
  const run = command.parent?.commands.find((c) => c.name() === 'run');
  const known = new Set((run?.options ?? []).map((option: Option) => option.long));
  const values = flags as Record<string, unknown>;
  const args: string[] = [];
  for (const option of command.options) {
    const long = option.long;
    if (long === undefined || !known.has(long) || NOT_FORWARDED.has(long)) continue;
    const value = values[option.attributeName()];
    if (value === undefined) continue;
    if (option.negate) {
      if (value === false) args.push(long);
    } else if (typeof value === 'boolean') {
      if (value) args.push(long);
    } else {
      args.push(long, String(value));
    }
  }
  return args;
}

/** Runs this same lni program (same entry, same Node options) as a child. */
function runChild(args: string[], site: string, file: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...process.execArgv, process.argv[1], ...args],
      { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stdout.resume();
    child.stderr.on('data', (chunk: Buffer) => { stderr += chunk.toString(); });
    child.on('error', (error) => reject(new LniError('site-run-failed',
      `could not start lni run for site ${site}: ${error.message}`, { file })));
    child.on('close', (code) => {
      if (code === 0) { resolve(); return; }
      const last = stderr.trim().split('\n').filter((line) => line.trim() !== '').pop() ?? '';
      reject(new LniError('site-run-failed', `lni run failed at site ${site} (exit ` +
        `${code}): ${last.replace(/^lni: error: /, '')}`, { file }));
    });
  });
}
