import { oneLine } from '../util/errors.js';

/**
 * Progress on stderr: a bar with an ETA in a terminal, plain lines when
 * stderr is a file or pipe (so logs stay readable), nothing with --quiet.
 * stdout is never touched: it is reserved for data and --json.
 */
export interface Progress {
  /**
   * Starts a stage of `total` steps (epochs, grid points, rows), of which
   * `done` (default 0) are already finished: a fit learns its epoch count
   * from its first epoch. The ETA is timed on the steps after those, so a
   * stage shows none until one has been timed.
   */
  start(label: string, total: number, done?: number): void;
  /** Reports that `done` of the stage's steps are finished. */
  update(done: number, detail?: string): void;
  /** Ends the stage. */
  finish(detail?: string): void;
  /**
   * A one-line warning or decision. It is kept in `notes` even under
   * --quiet, so the --json summary can carry what stderr would have shown.
   */
  note(message: string): void;
  /** A one-line step of progress ("fitting the released model"); not kept. */
  status(message: string): void;
  /** Every note so far, in order. */
  readonly notes: readonly string[];
}

export function createProgress(options: { quiet: boolean; stream?: NodeJS.WriteStream }): Progress {
  const stream = options.stream ?? process.stderr;
  if (options.quiet) {
    const notes: string[] = [];
    return {
      start() {}, update() {}, finish() {}, status() {}, notes,
      note(message: string) { notes.push(message); },
    };
  }
  return stream.isTTY ? new TerminalProgress(stream) : new LineProgress(stream);
}

function formatSeconds(seconds: number): string {
  if (!Number.isFinite(seconds)) return '?';
  if (seconds < 60) return `${seconds.toFixed(0)}s`;
  const minutes = Math.floor(seconds / 60);
  return `${minutes}m${String(Math.round(seconds - 60 * minutes)).padStart(2, '0')}s`;
}

abstract class StageProgress implements Progress {
  protected label = '';
  protected total = 0;
  protected startedAt = 0;
  /** Steps finished before the stage started, whose time is unknown. */
  protected doneAtStart = 0;
  readonly notes: string[] = [];

  constructor(protected readonly stream: NodeJS.WritableStream) {}

  start(label: string, total: number, done = 0): void {
    this.label = label;
    this.total = total;
    this.startedAt = Date.now();
    this.doneAtStart = done;
  }

  protected timing(done: number): { elapsed: number; eta: number } {
    const elapsed = (Date.now() - this.startedAt) / 1000;
    const timed = done - this.doneAtStart;
    const eta = timed > 0 ? (elapsed / timed) * Math.max(0, this.total - done) : Number.NaN;
    return { elapsed, eta };
  }

  /** "ETA 12s " once a step has been timed; nothing before (never a false 0s). */
  protected etaText(done: number): string {
    const { eta } = this.timing(done);
    return Number.isFinite(eta) ? `ETA ${formatSeconds(eta)} ` : '';
  }

  abstract update(done: number, detail?: string): void;
  abstract finish(detail?: string): void;

  note(message: string): void {
    this.notes.push(message);
    this.status(message);
  }

  status(message: string): void {
    this.stream.write(`lni: ${oneLine(message)}\n`);
  }
}

class TerminalProgress extends StageProgress {
  private lastDraw = 0;

  override update(done: number, detail = ''): void {
    const now = Date.now();
    if (now - this.lastDraw < 100 && done < this.total) return;
    this.lastDraw = now;
    const width = 24;
    // Bisection may add steps past the planned total: the bar stops full.
    const filled = this.total > 0 ? Math.min(width, Math.round((width * done) / this.total)) : width;
    const bar = '█'.repeat(filled) + '░'.repeat(width - filled);
    const line = `${this.label} ${bar} ${done}/${this.total} ${this.etaText(done)}${detail}`;
    this.stream.write(`\r\x1b[2K${line.slice(0, (process.stderr.columns ?? 120) - 1)}`);
  }

  override finish(detail = ''): void {
    const { elapsed } = this.timing(this.total);
    this.stream.write(`\r\x1b[2K${this.label} done in ${formatSeconds(elapsed)} ${detail}\n`);
  }

  override status(message: string): void {
    this.stream.write(`\r\x1b[2K`);
    super.status(message);
  }
}

class LineProgress extends StageProgress {
  private lastLine = 0;

  override update(done: number, detail = ''): void {
    const now = Date.now();
    // Plain lines at most every 2 s (and always the first step) keep logs short.
    if (done !== 1 && done < this.total && now - this.lastLine < 2000) return;
    this.lastLine = now;
    this.stream.write(`${this.label}: ${done}/${this.total}, ${this.etaText(done)}${detail}\n`);
  }

  override finish(detail = ''): void {
    const { elapsed } = this.timing(this.total);
    this.stream.write(`${this.label}: done in ${formatSeconds(elapsed)} ${detail}\n`);
  }
}
