import { Command, CommanderError } from 'commander';
import { LniError } from '../util/errors.js';
import { registerAudit } from './commands/audit.js';
import { registerEvaluate } from './commands/evaluate.js';
import { registerFit } from './commands/fit.js';
import { registerLatent } from './commands/latent.js';
import { registerMeta } from './commands/meta.js';
import { registerPrivacy } from './commands/privacy.js';
import { registerRun } from './commands/run.js';
import { registerSchema } from './commands/schema.js';
import { registerServe } from './commands/serve.js';
import { withNotes, type CommonOptions, type Io } from './commands/shared.js';
import { registerSynthesize } from './commands/synthesize.js';
import { createProgress, type Progress } from './progress.js';

const VERSION = '0.1.0';

/**
 * Stdout and stderr. One progress per command run (keyed by its flags), so
 * the --json summary can carry every note the run printed, or would have
 * printed without --quiet.
 */
/**
 * Whether a command already put its result on stdout: a run that releases
 * nothing writes its summary and then fails, and --json's stdout must stay
 * one JSON value.
 */
let resultWritten = false;

function createConsoleIo(): Io {
  const progresses = new WeakMap<CommonOptions, Progress>();
  return {
    progress(flags: CommonOptions) {
      let progress = progresses.get(flags);
      if (progress === undefined) {
        progress = createProgress({ quiet: flags.quiet === true });
        progresses.set(flags, progress);
      }
      return progress;
    },
    result(flags: CommonOptions, json: unknown, human: string) {
      resultWritten = true;
      if (flags.json === true) {
        const notes = progresses.get(flags)?.notes ?? [];
        process.stdout.write(JSON.stringify(withNotes(json, notes), null, 2) + '\n');
      } else {
        process.stdout.write(human + '\n');
      }
    },
  };
}

const consoleIo = createConsoleIo();

/** Builds the `lni` command line program. */
export function buildProgram(io: Io = consoleIo): Command {
  const program = new Command('lni')
    .description('Private, statistically aligned synthetic tables by latent noise injection')
    .version(VERSION)
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    .configureOutput({ writeErr: (text) => process.stderr.write(text) });
  registerSchema(program, io);
  registerFit(program, io);
  registerSynthesize(program, io);
  registerRun(program, io);
  registerLatent(program, io);
  registerPrivacy(program, io);
  registerAudit(program, io);
  registerServe(program, io);
  registerEvaluate(program, io);
  registerMeta(program, io);
  for (const command of program.commands) command.exitOverride();
  return program;
}

/** Runs the CLI; resolves to the process exit code. */
export async function main(argv: string[], io: Io = consoleIo): Promise<number> {
  // A reader that stops early (`lni run --help | head`) is not an error.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
  const program = buildProgram(io);
  try {
    await program.parseAsync(argv, { from: 'user' });
    return 0;
  } catch (error) {
    return reportError(error, argv.includes('--debug'), argv.includes('--json'));
  }
}

/**
 * With --json a failure is also a JSON object on stdout, {"error": {code,
 * message, file?, column?, row?, hint?}}, so a script reading stdout gets
 * something to parse; stderr keeps its one line either way.
 */
function writeJsonError(details: { code: string; message: string }): void {
  if (!resultWritten) process.stdout.write(`${JSON.stringify({ error: details })}\n`);
}

function reportError(error: unknown, debug: boolean, json: boolean): number {
  if (error instanceof CommanderError) {
    // Help and version exit through here with code 0; usage errors are printed already.
    if (error.exitCode !== 0 && json) writeJsonError({ code: 'usage', message: error.message });
    return error.exitCode === 0 ? 0 : 2;
  }
  if (error instanceof LniError) {
    process.stderr.write(`lni: error: ${error.describe()}\n`);
    if (json) writeJsonError(error.asJson());
    if (debug && error.stack !== undefined) process.stderr.write(`${error.stack}\n`);
    return 1;
  }
  const message = error instanceof Error ? error.message : String(error);
  if (json) writeJsonError({ code: 'internal', message });
  process.stderr.write(`lni: internal error: ${message}\n`);
  if (debug && error instanceof Error && error.stack !== undefined) {
    process.stderr.write(`${error.stack}\n`);
  } else {
    process.stderr.write('lni: this is a bug in lni; rerun with --debug and report it\n');
  }
  return 70;
}
