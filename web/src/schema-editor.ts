/**
 * The schema table: one row per column with its type, declared bounds,
 * missing tokens and codes, and an exclude box. It edits a copy of the
 * schema; the worker validates the result against the table at fit time.
 */
import type { ColumnSchema, Schema } from '../../src/table/index.js';

const TYPES = ['continuous', 'integer', 'binary', 'categorical', 'date', 'id', 'constant',
  'empty'] as const;

/** Builds an element with text and attributes, never through innerHTML. */
export function element<K extends keyof HTMLElementTagNameMap>(
  tag: K, attributes: Record<string, string> = {}, text?: string,
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attributes)) node.setAttribute(key, value);
  if (text !== undefined) node.textContent = text;
  return node;
}

/** "18" → 18, "2020-01-01" → the text, "" → undefined. */
function parseBound(text: string): number | string | undefined {
  const trimmed = text.trim();
  if (trimmed === '') return undefined;
  const value = Number(trimmed);
  return Number.isFinite(value) ? value : trimmed;
}

function splitList(text: string): string[] | undefined {
  const items = text.split(',').map((item) => item.trim()).filter((item) => item !== '');
  return items.length === 0 ? undefined : items;
}

/** Numbers from "0, -9"; anything else is an error naming the column. */
function parseCodes(text: string, column: string): number[] | undefined {
  const items = splitList(text);
  if (items === undefined) return undefined;
  return items.map((item) => {
    const value = Number(item);
    if (!Number.isFinite(value)) {
      throw new Error(`Column "${column}": missing code "${item}" is not a number.`);
    }
    return value;
  });
}

interface RowControls {
  base: ColumnSchema;
  type: HTMLSelectElement;
  lower: HTMLInputElement;
  upper: HTMLInputElement;
  missing: HTMLInputElement;
  codes: HTMLInputElement;
  drop: HTMLInputElement;
}

export class SchemaEditor {
  private rows: RowControls[] = [];
  private version = 1;

  constructor(private readonly body: HTMLTableSectionElement) {}

  /** Replaces the table's rows with the given schema. */
  show(schema: Schema): void {
    this.version = schema.version;
    this.body.replaceChildren();
    this.rows = schema.columns.map((column, j) => this.row(column, j));
  }

  private row(column: ColumnSchema, j: number): RowControls {
    const tr = element('tr');
    const id = (what: string) => `schema-${j}-${what}`;
    const name = element('th', { scope: 'row', id: id('name') }, column.name);
    const input = (what: string, label: string, value: string) => element('input', {
      type: 'text', id: id(what), value, 'aria-label': `${label} of ${column.name}`,
    });
    const type = element('select', { id: id('type'), 'aria-label': `Type of ${column.name}` });
    for (const option of TYPES) {
      const item = element('option', { value: option }, option);
      if (option === column.type) item.selected = true;
      type.append(item);
    }
    const controls: RowControls = {
      base: column,
      type,
      lower: input('lower', 'Lower bound', column.lower === undefined ? '' : String(column.lower)),
      upper: input('upper', 'Upper bound', column.upper === undefined ? '' : String(column.upper)),
      missing: input('missing', 'Missing tokens', (column.missing ?? []).join(', ')),
      codes: input('codes', 'Missing codes', (column.missingCodes ?? []).join(', ')),
      drop: element('input', { type: 'checkbox', id: id('drop'),
        'aria-label': `Exclude ${column.name}` }),
    };
    controls.drop.checked = column.drop === true;
    const cell = (child: HTMLElement) => {
      const td = element('td');
      td.append(child);
      return td;
    };
    tr.append(name, cell(type), cell(controls.lower), cell(controls.upper),
      cell(controls.missing), cell(controls.codes), cell(controls.drop),
      element('td', { class: 'note' }, column.note ?? ''));
    this.body.append(tr);
    return controls;
  }

  /** The edited schema; throws an Error naming the column for a bad entry. */
  read(): Schema {
    return {
      version: this.version,
      columns: this.rows.map((row) => {
        const name = row.base.name;
        const column: ColumnSchema = { ...row.base, type: row.type.value as ColumnSchema['type'] };
        const assign = <K extends keyof ColumnSchema>(key: K, value: ColumnSchema[K]) => {
          if (value === undefined) delete column[key];
          else column[key] = value;
        };
        assign('lower', parseBound(row.lower.value));
        assign('upper', parseBound(row.upper.value));
        assign('missing', splitList(row.missing.value));
        assign('missingCodes', parseCodes(row.codes.value, name));
        assign('drop', row.drop.checked ? true : undefined);
        if (column.type !== row.base.type) delete column.note;
        return column;
      }),
    };
  }
}
