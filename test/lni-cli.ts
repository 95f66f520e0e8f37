// Shared by the CLI tests: run `lni` from the sources as a child process,
// and a temporary folder removed when the test file ends.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface Outcome {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the CLI from the repository root; never rejects. */
export function lni(args: string[]): Promise<Outcome> {
  return new Promise((done) => {
    execFile(process.execPath, ['--import', 'tsx', 'src/cli/dev.ts', ...args],
      { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === 'number' ? error.code : -1;
        done({ code, stdout, stderr });
      });
  });
}

/** A fresh folder under the system temp folder, removed at exit. */
export function temporaryFolder(prefix: string): string {
  const folder = mkdtempSync(join(tmpdir(), prefix));
  process.on('exit', () => rmSync(folder, { recursive: true, force: true }));
  return folder;
}

/** Quick settings for tests: fixed w, no audit, a few epochs, a fixed seed. */
export const QUICK = ['--w', '0.5', '--no-audit', '--epochs', '5', '--seed', '7', '-q'];

/** The error lines lni printed (those starting with "lni: error"). */
export function errorLines(stderr: string): string[] {
  return stderr.split('\n').filter((line) => line.startsWith('lni: error'));
}
