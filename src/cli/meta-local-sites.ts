/**
 * `lni meta --real`: every site's `lni run`, here, each in its own child
 * process of this same program, before the synthetic tables are pooled.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import {
  copyFileSync, existsSync, mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync,
} from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import type { Command, Option } from 'commander';
import { siteSchema } from '../meta/index.js';
import type { Schema } from '../table/index.js';
import { LniError } from '../util/errors.js';
import { privacySummaryPath } from './files.js';
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
 *
 * All or nothing: every site writes its synthetic table and privacy summary
 * into a fresh temporary folder, and only when every site has succeeded are
 * they moved to `outputs` (and beside them). When a site fails, no further
 * site is started, the runs still going are stopped, the temporary folder
 * is removed and the first failure is thrown: nothing is written beside the
 * inputs and no file that was there before is touched.
 */
export async function runSitesLocally(
  command: Command, files: string[], outputs: string[], names: string[],
  declared: Schema | undefined, flags: LocalSitesFlags, seed: number, progress: Progress,
): Promise<void> {
  const forwarded = forwardedRunOptions(command, flags);
  const jobs = flags.jobs === undefined ? availableParallelism()
    : parseInteger('jobs', flags.jobs, 1);
  const folder = mkdtempSync(join(tmpdir(), 'lni-meta-'));
  const staged = outputs.map((output, k) => join(folder, `site-${k}`, basename(output)));
  const running = new Set<ChildProcess>();
  let failure: { error: unknown } | undefined;
  try {
    let next = 0;
    const worker = async () => {
      while (next < files.length && failure === undefined) {
        const k = next++;
        try {
          mkdirSync(dirname(staged[k]));
          const args = ['run', files[k], '-o', staged[k], '--seed', String(seed + k), '--json',
            '-q', ...forwarded];
          if (declared !== undefined) {
            const { table, delimiter } = await readTable(files[k], flags);
            const schemaPath = join(folder, `site-${k}.schema.json`);
            writeFileSync(schemaPath,
              JSON.stringify(siteSchema(table, declared, files[k], delimiter)));
            args.push('--schema', schemaPath);
          }
          if (failure !== undefined) return;
          progress.status(`site ${names[k]}: lni run (seed ${seed + k}) → ${outputs[k]}`);
          const started = Date.now();
          const summary = await runChild(args, names[k], files[k], running);
          if (failure !== undefined) return;
          for (const warning of childWarnings(summary)) {
            progress.note(`site ${names[k]}: ${warning}`);
          }
          progress.status(`site ${names[k]}: released in ${((Date.now() - started) / 1000)
            .toFixed(0)} s`);
        } catch (error) {
          if (failure === undefined) {
            failure = { error: keepSummary(error, staged[k], outputs[k]) };
            // The other sites' runs are pointless now: stop them (only the
            // children this call started).
            for (const child of running) child.kill();
          }
          return;
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(jobs, files.length) }, worker));
    if (failure !== undefined) throw failure.error;
    for (const [k, output] of outputs.entries()) {
      moveFile(staged[k], output);
      moveFile(privacySummaryPath(staged[k]), privacySummaryPath(output));
    }
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

/**
 * A site whose run wrote its privacy summary and then released nothing (no
 * w met the target) points the user to that summary's frontier: it is
 * moved to where the site's summary belongs, as `lni run` alone leaves it,
 * and the error names it there instead of in the folder about to go.
 */
function keepSummary(error: unknown, staged: string, output: string): unknown {
  const summary = privacySummaryPath(staged);
  if (!(error instanceof LniError) || !existsSync(summary)) return error;
  let kept = privacySummaryPath(output);
  // The summary beside an earlier release is that release's ε record.
  if (existsSync(output)) {
    kept = `no file: this run's summary was not kept, since an earlier release is at ${output} ` +
      'and the summary beside it is that release\'s';
  } else {
    try {
      moveFile(summary, kept);
    } catch {
      kept = 'a summary that could not be kept';
    }
  }
  return new LniError(error.code, error.message.split(summary).join(kept), {
    file: error.file, column: error.column, row: error.row, hint: error.hint });
}

/** Moves a finished file into place: a rename, or a copy across file systems. */
function moveFile(from: string, to: string): void {
  try {
    try {
      renameSync(from, to);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EXDEV') throw error;
      // Another file system: copy beside the target, then rename over it.
      const temporary = join(dirname(to), `.${basename(to)}.${process.pid}.tmp`);
      try {
        copyFileSync(from, temporary);
        renameSync(temporary, to);
      } finally {
        rmSync(temporary, { force: true });
      }
    }
  } catch (error) {
    throw new LniError('output-unwritable', `cannot write: ${(error as Error).message}`,
      { file: to });
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

/** The warnings of a site's `lni run --json` summary (its stdout); none if unreadable. */
function childWarnings(stdout: string): string[] {
  try {
    const json = JSON.parse(stdout) as { warnings?: unknown };
    return Array.isArray(json.warnings) ? json.warnings.map(String) : [];
  } catch {
    return [];
  }
}

/**
 * Runs this same lni program (same entry, same Node options) as a child,
 * kept in `running` while it runs; resolves to its stdout. A failure is one
 * line: the child's last stderr line, without control characters.
 */
function runChild(
  args: string[], site: string, file: string, running: Set<ChildProcess>,
): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...process.execArgv, process.argv[1], ...args],
      { stdio: ['ignore', 'pipe', 'pipe'] });
    running.add(child);
    let stderr = '';
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => { stdout += chunk.toString(); });
    child.stderr.on('data', (chunk: Buffer) => { stderr += chunk.toString(); });
    child.on('error', (error) => {
      running.delete(child);
      reject(new LniError('site-run-failed',
        `could not start lni run for site ${site}: ${error.message}`, { file }));
    });
    child.on('close', (code, signal) => {
      running.delete(child);
      if (code === 0) { resolve(stdout); return; }
      const last = stderr.split(/[\r\n]+/).map((line) => line.trim())
        .filter((line) => line !== '').pop() ?? '';
      const reason = last.replace(/\x1b\[[0-9;]*[A-Za-z]/g, '').replace(/[\x00-\x1f\x7f]/g, ' ')
        .replace(/^lni: error: /, '');
      const exit = code === null ? `signal ${signal ?? 'unknown'}` : `exit ${code}`;
      reject(new LniError('site-run-failed', `lni run failed at site ${site} (${exit})` +
        (reason === '' ? '' : `: ${reason}`), { file }));
    });
  });
}
