/**
 * A problem with the user's data, files or options (not a bug in lni).
 * Each has a stable code and, where they apply, the file, column and row
 * (1-based, as a spreadsheet counts data rows), so the CLI can print one
 * precise line and exit non-zero.
 */
export interface LniErrorDetails {
  file?: string;
  column?: string;
  row?: number;
  hint?: string;
}

export class LniError extends Error {
  readonly code: string;
  readonly file?: string;
  readonly column?: string;
  readonly row?: number;
  readonly hint?: string;

  constructor(code: string, message: string, details: LniErrorDetails = {}) {
    super(message);
    this.name = 'LniError';
    this.code = code;
    this.file = details.file;
    this.column = details.column;
    this.row = details.row;
    this.hint = details.hint;
  }

  /** The error as --json prints it: its code, message and the places that apply. */
  asJson(): { code: string; message: string } & LniErrorDetails {
    return { code: this.code, message: this.message, file: this.file, column: this.column,
      row: this.row, hint: this.hint };
  }

  /** One line: where, what, and what to do. */
  describe(): string {
    const where: string[] = [];
    if (this.file !== undefined) where.push(this.file);
    if (this.column !== undefined) where.push(`column "${this.column}"`);
    if (this.row !== undefined) where.push(`row ${this.row}`);
    const place = where.length > 0 ? `${where.join(', ')}: ` : '';
    const hint = this.hint !== undefined ? ` (${this.hint})` : '';
    return oneLine(`${place}${this.message}${hint}`);
  }
}

/**
 * The text with control characters shown as escapes (\n, \t, \x00): a
 * message quoting a cell that holds a line break or a NUL byte stays one
 * readable line on the terminal.
 */
export function oneLine(text: string): string {
  return text.replace(/[\x00-\x1f\x7f]/g, (character) => {
    if (character === '\n') return '\\n';
    if (character === '\r') return '\\r';
    if (character === '\t') return '\\t';
    return `\\x${character.charCodeAt(0).toString(16).padStart(2, '0')}`;
  });
}

/**
 * A value as a message about a library caller's argument shows it: a
 * string quoted and named as one, so "0.5" given for 0.5 is seen as text.
 */
export function shown(value: unknown): string {
  if (typeof value === 'string') return `${JSON.stringify(value)} (a string)`;
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object' && value !== null) return 'an object';
  return String(value);
}

/** A programming error: an impossible state. Shows the values involved. */
export function assert(condition: unknown, message: () => string): asserts condition {
  if (!condition) throw new Error(`Internal error: ${message()}`);
}
