/**
 * The shapes the table layer hands to the rest of lni. The table folder owns
 * them; other folders read them and never reach into parsing details.
 */

/** A table as read from a file: every cell kept as its original text. */
export interface Table {
  /** Column names in file order. */
  readonly names: string[];
  /** Column-major cells: columns[j][i] is row i of column j, verbatim. */
  readonly columns: string[][];
  /** Number of data rows. */
  readonly rowCount: number;
}

export type ColumnType =
  | 'continuous'
  | 'integer'
  | 'binary'
  | 'categorical'
  | 'date'
  | 'id'
  | 'constant'
  | 'empty';

/** Where a bound came from: declared by the user (clean) or read off the data. */
export type BoundSource = 'schema' | 'data';

/**
 * A column's values with its type applied: numbers (NaN where missing) for
 * continuous, integer and date columns (dates as days since 1970-01-01), or
 * labels (null where missing) for binary and categorical ones.
 */
export type TypedColumn =
  | { kind: 'numeric'; name: string; type: ColumnType; values: Float64Array;
      /** A date column's layout ('YYYY-MM-DD', 'HH:mm'), to print its figures in. */
      dateFormat?: string }
  | { kind: 'categorical'; name: string; type: ColumnType;
      values: (string | null)[]; levels: string[];
      /**
       * True when the schema lists the levels: a release then keeps its rare
       * ones, so analyses that name levels may name them too (rare-levels.ts).
       */
      declared?: boolean };
