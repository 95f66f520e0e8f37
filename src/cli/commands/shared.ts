import type { Command } from 'commander';
import type { Progress } from '../progress.js';
import { withoutRows } from '../../privacy/index.js';

export interface CommonOptions {
  seed?: string;
  quiet?: boolean;
  json?: boolean;
  debug?: boolean;
}

/** What commands need from the outside world, so tests can capture it. */
export interface Io {
  progress(flags: CommonOptions): Progress;
  /** The command's result: JSON on stdout with --json, else one or more lines. */
  result(flags: CommonOptions, json: unknown, human: string): void;
}

/**
 * A --json summary with the run's notes (what stderr showed, or would have
 * shown without --quiet) added to its `warnings`, after the ones it has,
 * without the "warning: " prefix (the array says as much); a note already
 * there is not repeated. A summary that is not an object is returned as is.
 */
export function withNotes(json: unknown, notes: readonly string[]): unknown {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return json;
  const record = json as Record<string, unknown>;
  const present = Array.isArray(record.warnings) ? record.warnings as unknown[] : [];
  const warnings = [...present];
  const seen = new Set(present.map((item) => sameness(bare(String(item)))));
  for (const note of notes.map(bare)) {
    if (seen.has(sameness(note))) continue;
    seen.add(sameness(note));
    warnings.push(note);
  }
  return { ...record, warnings };
}

function bare(note: string): string {
  return note.replace(/^warning: /i, '');
}

/**
 * A note as compared for repeats: the privacy summary names input files by
 * base name (withInputNames) and leaves out row numbers (withoutRows) where
 * stderr gave the path as typed and the row, and one warning should not be
 * listed twice for that.
 */
function sameness(note: string): string {
  return withoutRows(note).replace(/(?<=^|[\s(])[^\s(]*[\/\\](?=[^\s/\\]+)/g, '');
}

export function addCommonOptions(command: Command, withSeed = true): Command {
  if (withSeed) {
    command.option('--seed <n>', 'integer seed; the same seed and input give the same output ' +
      '(default: a fresh random seed, reported in --json)');
  }
  return command
    .option('--json', 'print a machine-readable summary on stdout')
    .option('-q, --quiet', 'no progress or notes on stderr (notes stay in --json\'s warnings)')
    .option('--debug', 'show stack traces for errors');
}

export function addInputOptions(command: Command): Command {
  return command
    .option('--no-header', 'the file has no header row (names from --columns or --schema)')
    .option('--columns <names>', 'comma-separated column names for a headerless file ' +
      '(default: the header row)')
    .option('--delimiter <char>', 'field delimiter (default: detected among , ; tab |)')
    .option('--schema <schema.json>', 'column types, bounds and missing codes (see lni schema; ' +
      'default: inferred from the data)');
}
