import { randomBytes } from 'node:crypto';
import {
  accessSync, constants, existsSync, lstatSync, readFileSync, realpathSync, renameSync, rmSync,
  statSync, writeFileSync,
} from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { LniError } from '../util/errors.js';

/** Reads a whole input file, with a one-line error when it is not there. */
export function readInputFile(path: string): Uint8Array {
  if (path.trim() === '') {
    throw new LniError('file-missing', 'an input path is empty', { hint: 'give a file name' });
  }
  let stats;
  try {
    stats = statSync(path);
  } catch {
    throw new LniError('file-missing', 'file not found', {
      file: path, hint: 'check the path',
    });
  }
  if (stats.isDirectory()) {
    throw new LniError('file-is-directory', 'is a directory, not a file', { file: path });
  }
  try {
    return readFileSync(path);
  } catch (error) {
    throw new LniError('file-unreadable', `cannot read the file: ${(error as Error).message}`,
      { file: path });
  }
}

/** Reads and parses a JSON file, naming the file when it is not JSON. */
export function readJsonFile(path: string): unknown {
  const text = new TextDecoder().decode(readInputFile(path));
  try {
    return JSON.parse(text);
  } catch (error) {
    // The parser's message may quote the file, which can hold real rows:
    // keep only the position.
    const position = /position (\d+)/.exec((error as Error).message)?.[1];
    const where = position === undefined ? '' : ` (at character ${position})`;
    throw new LniError('json-invalid', `not valid JSON${where}`, {
      file: path, hint: 'the file is damaged or is not the JSON file lni expects',
    });
  }
}

/** Device and inode of the file a path leads to (links followed); null if there is none. */
function fileIdentity(path: string): string | null {
  try {
    const stats = statSync(path, { bigint: true });
    return `${stats.dev}:${stats.ino}`;
  } catch {
    return null;
  }
}

/** The absolute output path; a one-line error when it is one of `protectedPaths`. */
function notAnInput(path: string, protectedPaths: string[]): string {
  if (path.trim() === '') {
    throw new LniError('invalid-option', 'the output path is empty', {
      hint: 'give a file name' });
  }
  if (path.trim() === '-') {
    // "-" is standard output to most tools; here it would name a file "-".
    throw new LniError('invalid-option', 'the output path "-" (standard output) is not supported', {
      hint: 'give a file name (lni writes each output whole, then moves it into place)' });
  }
  const target = resolve(path);
  const existing = fileIdentity(target);
  for (const input of protectedPaths) {
    // Compared by file identity too: a symbolic or hard link to the input
    // names the same file under another path.
    const same = resolve(input) === target
      || (existing !== null && existing === fileIdentity(resolve(input)));
    if (same) {
      throw new LniError('output-is-input', 'the output path is one of the inputs', {
        file: path, hint: 'choose another output file; lni never overwrites its input',
      });
    }
  }
  // A rename would put a regular file in place of a device, pipe or socket
  // (/dev/stdout, /dev/null, a FIFO), so those are refused.
  const stats = existing === null ? null : statSync(target);
  if (stats !== null && !stats.isFile() && !stats.isDirectory()) {
    throw new LniError('output-unwritable',
      'the output path is not a regular file (a device, pipe or socket)', {
        file: path,
        hint: 'give the path of a file: lni writes each output whole, then moves it there',
      });
  }
  return linkTarget(target);
}

/**
 * The file a symbolic link leads to, so that writing replaces that file and
 * keeps the link; the path itself when it is no link (or a dangling one).
 */
function linkTarget(target: string): string {
  try {
    return lstatSync(target).isSymbolicLink() ? realpathSync(target) : target;
  } catch {
    return target;
  }
}

/**
 * Writes a file atomically: the content goes to a temporary file in the same
 * folder, which is then renamed over the target, so a failed run never
 * leaves a half-written file. Refuses to overwrite any of `protectedPaths`
 * (the inputs of the run).
 */
export function writeFileAtomic(
  path: string, content: string | Uint8Array, protectedPaths: string[] = [],
): void {
  const target = notAnInput(path, protectedPaths);
  const temporary = stage(path, target, content);
  try {
    renameSync(temporary, target);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw unwritable(path, error);
  }
}

/** A file of a set that is written together. */
export interface OutputFile {
  path: string;
  content: string | Uint8Array;
}

/**
 * Writes several files as one: all are written to temporary files beside
 * their targets first, then renamed into place. When any step fails, every
 * target is left as it was before the call (a file that was there is put
 * back, a new one removed), so a run never leaves part of its outputs, nor
 * loses what an earlier run wrote at the same paths. Refuses to overwrite
 * any of `protectedPaths`, and two files with one path.
 */
export function writeFilesTogether(
  files: readonly OutputFile[], protectedPaths: string[] = [],
): void {
  checkDistinctOutputs(files.map((file) => file.path));
  const targets = files.map((file) => notAnInput(file.path, protectedPaths));
  const temporaries: string[] = [];
  try {
    files.forEach((file, i) => temporaries.push(stage(file.path, targets[i], file.content)));
  } catch (error) {
    for (const temporary of temporaries) rmSync(temporary, { force: true });
    throw error;
  }

  // An earlier file at a target is moved aside, not overwritten, until
  // every new file is in place: a failure can then put it back.
  const moved: { target: string; previous: string | null }[] = [];
  let current = 0;
  try {
    for (; current < targets.length; current++) {
      const target = targets[current];
      const previous = exists(target) ? `${temporaries[current]}.previous` : null;
      if (previous !== null) renameSync(target, previous);
      moved.push({ target, previous });
      renameSync(temporaries[current], target);
    }
  } catch (error) {
    const stranded: string[] = [];
    for (const { target, previous } of moved.reverse()) {
      if (!restore(target, previous) && previous !== null) stranded.push(previous);
    }
    for (const temporary of temporaries) rmSync(temporary, { force: true });
    const kept = stranded.length === 0 ? ''
      : `; earlier files could not be put back and are kept as ${stranded.join(', ')}`;
    throw new LniError('output-unwritable', `cannot write: ${(error as Error).message}${kept}`, {
      file: files[current].path });
  }
  for (const { previous } of moved) if (previous !== null) rmSync(previous, { force: true });
}

/** Refuses two outputs of one run at one path (the later would replace the earlier). */
export function checkDistinctOutputs(paths: readonly string[]): void {
  // Folders are compared as the folders they lead to: "sd/o.csv" and
  // "link-to-sd/o.csv" are one file; a linked file is compared as the file
  // it leads to, which is the one written.
  const targets = paths.map((path) => {
    const linked = linkTarget(resolve(path));
    if (linked !== resolve(path)) return linked;
    try {
      return join(realpathSync(dirname(resolve(path))), basename(path));
    } catch {
      return resolve(path);
    }
  });
  targets.forEach((target, i) => {
    if (targets.indexOf(target) !== i) {
      throw new LniError('output-clash', 'two outputs of this run would be written to ' +
        'this one path', { file: paths[i], hint: 'give each output its own path' });
    }
  });
}

/**
 * Writes the content to a fresh temporary file in the target's folder (so
 * a rename moves it into place) and returns its path.
 */
function stage(path: string, target: string, content: string | Uint8Array): string {
  const folder = dirname(target);
  if (!existsSync(folder)) {
    throw new LniError('output-folder-missing', `folder ${dirname(path)} does not exist`, {
      file: path,
    });
  }
  if (existsSync(target) && statSync(target).isDirectory()) {
    throw new LniError('output-unwritable', 'the output path is a folder', { file: path });
  }
  const temporary = join(folder, `.${basename(target)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    writeFileSync(temporary, content);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw unwritable(path, error);
  }
  return temporary;
}

/** Puts a target back as it was (its earlier file, or nothing); false if that failed. */
function restore(target: string, previous: string | null): boolean {
  try {
    if (previous === null) rmSync(target, { force: true });
    else renameSync(previous, target);
    return true;
  } catch {
    return false;
  }
}

/** Whether anything is at the path, a dangling link included (lstat, not stat). */
function exists(path: string): boolean {
  try {
    lstatSync(path);
    return true;
  } catch {
    return false;
  }
}

function unwritable(path: string, error: unknown): LniError {
  return new LniError('output-unwritable', `cannot write: ${(error as Error).message}`, {
    file: path,
  });
}

/**
 * Checks before any work that an output can be written: not one of the
 * inputs, its folder exists and is a writable folder. A failed check is a
 * one-line error naming the path, and nothing is written.
 */
export function checkOutputPath(path: string, protectedPaths: string[] = []): void {
  const target = notAnInput(path, protectedPaths);
  const folder = dirname(target);
  let stats;
  try {
    stats = statSync(folder);
  } catch {
    throw new LniError('output-folder-missing', `folder ${dirname(path)} does not exist`, {
      file: path, hint: 'create the folder first' });
  }
  if (!stats.isDirectory()) {
    throw new LniError('output-folder-missing', `${dirname(path)} is not a folder`, {
      file: path });
  }
  try {
    accessSync(folder, constants.W_OK);
  } catch {
    throw new LniError('output-unwritable', `folder ${dirname(path)} is not writable`, {
      file: path, hint: 'choose a folder you can write to' });
  }
  if (existsSync(target) && statSync(target).isDirectory()) {
    throw new LniError('output-unwritable', 'the output path is a folder', { file: path });
  }
}

/** `out.csv` → `out.privacy.json`: the privacy summary sits beside the table. */
export function privacySummaryPath(outputPath: string): string {
  const name = basename(outputPath);
  const dot = name.lastIndexOf('.');
  const stem = dot > 0 ? name.slice(0, dot) : name;
  return join(dirname(outputPath), `${stem}.privacy.json`);
}

/**
 * A summary whose texts name the input files by their base names only:
 * the privacy file and the report are made to be shared, and a path as
 * typed ("/home/ward7/cohorts/x.csv") tells of the machine and its folders.
 */
export function withInputNames<T extends { warnings: string[]; notes?: string[] }>(
  summary: T, paths: readonly string[],
): T {
  const named = (text: string) => paths.reduce((out, path) => {
    const name = basename(path);
    return path === name ? out : out.replaceAll(resolve(path), name).replaceAll(path, name);
  }, text);
  return {
    ...summary, warnings: summary.warnings.map(named),
    ...(summary.notes === undefined ? {} : { notes: summary.notes.map(named) }),
  };
}
