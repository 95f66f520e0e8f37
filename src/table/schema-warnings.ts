import { isMissing, RARE_LEVEL_ROWS } from './cells.js';
import { fitCodec, missingRule, withheldLevels } from './codec.js';
import { validateSchema, type Schema } from './schema.js';
import type { Table } from './types.js';

/**
 * Checks a declared schema against every row of the table, as fitting would
 * read it, and returns what fitting would otherwise do silently: one
 * warning per column with values clipped to its declared bounds (column,
 * count, first 1-based row). Throws the LniError fitting would throw (a
 * cell that does not read as its type, a type or bounds the data
 * contradicts), here with rows counted in the whole file rather than in a
 * subset of fit rows. Call it once, after reading a table with --schema.
 */
export function schemaWarnings(table: Table, schema: Schema, file?: string): string[] {
  validateSchema(schema, table);
  const warnings: string[] = [];
  for (const column of schema.columns) {
    fitCodec(column, table.columns[table.names.indexOf(column.name)], file, warnings);
  }
  return warnings;
}

/**
 * One warning per category or binary column whose levels come from the
 * data (no "levels" declared) and include one held by 1 to 4 rows: the
 * column and how many such levels, never the levels themselves. Rare text
 * levels are withheld (released as missing cells, see withheldLevels);
 * rare numeric codes are kept, and the warning says the release can show
 * that they occur.
 */
export function rareLevelNotes(table: Table, schema: Schema, file?: string): string[] {
  const notes: string[] = [];
  for (const column of schema.columns) {
    if (column.drop === true || column.levels !== undefined
      || (column.type !== 'categorical' && column.type !== 'binary')) continue;
    const rule = missingRule(column);
    const cells = table.columns[table.names.indexOf(column.name)];
    const counts = new Map<string, number>();
    for (const cell of cells) {
      if (!isMissing(cell, rule)) counts.set(cell, (counts.get(cell) ?? 0) + 1);
    }
    const rare = [...counts.values()].filter((count) => count < RARE_LEVEL_ROWS).length;
    if (rare === 0) continue;
    const where = `warning: ${file === undefined ? '' : `${file}, `}column "${column.name}": `;
    const levels = `${rare} level${rare === 1 ? ' is' : 's are'} held by fewer than ` +
      `${RARE_LEVEL_ROWS} rows`;
    const withheld = withheldLevels(column, cells, rule);
    if (withheld.size > 0) {
      const held = cells.filter((cell) => withheld.has(cell)).length;
      notes.push(`${where}${levels}; such a level can name a person, so ${rare === 1 ? 'it is' :
        'they are'} not modelled and ${held === 1 ? 'its cell is' : `their ${held} cells are`} ` +
        'released as missing (declare "levels" in a schema to keep them knowingly).' +
        variantsNote(withheld, [...counts.keys()].filter((level) => !withheld.has(level))));
    } else {
      notes.push(`${where}${levels}; the model keeps every level and its share, so the release ` +
        'can show that such a level occurs (merge rare levels, or declare "levels" in a schema ' +
        'to keep them knowingly).');
    }
  }
  return notes;
}

/**
 * Withheld levels that are a kept level written in other letter case or
 * with other spaces ("YES" beside "yes"): a typing variant, released as a
 * missing cell like any rare level, which the user most likely wants
 * fixed rather than lost. The kept level is named (the release shows it
 * anyway); the variants are only counted.
 */
function variantsNote(withheld: ReadonlySet<string>, kept: readonly string[]): string {
  const canonical = (level: string) => level.trim().toLowerCase();
  const keptBy = new Map(kept.map((level) => [canonical(level), level]));
  const matches = [...withheld].map((level) => keptBy.get(canonical(level)))
    .filter((level): level is string => level !== undefined);
  if (matches.length === 0) return '';
  const names = [...new Set(matches)].map((level) => `"${level}"`).join(', ');
  return ` ${matches.length === 1 ? 'One of them differs' : `${matches.length} of them differ`} ` +
    `from a kept level (${names}) only in letter case or spaces: write ${matches.length === 1 ?
      'it' : 'them'} as that level in the file to keep those rows' values.`;
}
