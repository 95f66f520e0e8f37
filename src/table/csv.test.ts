import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { formatCsv, parseCsv } from './csv.js';
import { LniError } from '../util/errors.js';
import { sharedDataSkip } from '../testing/shared-data.js';

const DATA = new URL('../../../shared/data/', import.meta.url);
const readBytes = (path: string) => new Uint8Array(readFileSync(new URL(path, DATA)));

function roundTrip(text: string): string {
  const { table, dialect } = parseCsv(text);
  return formatCsv(table, dialect);
}

function codeOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    if (error instanceof LniError) return error.code;
    throw error;
  }
  return 'no error';
}

test('comma, semicolon, tab and pipe delimiters are detected', () => {
  for (const delimiter of [',', ';', '\t', '|']) {
    const text = ['a', 'b', 'c'].join(delimiter) + '\n' + ['1', '2.5', 'x'].join(delimiter)
      + '\n' + ['3', '4.5', 'y'].join(delimiter) + '\n';
    const { table, dialect } = parseCsv(text);
    assert.equal(dialect.delimiter, delimiter);
    assert.deepEqual(table.names, ['a', 'b', 'c']);
    assert.deepEqual(table.columns[1], ['2.5', '4.5']);
    assert.equal(table.rowCount, 2);
  }
});

test('a semicolon file with decimal commas is split on the semicolons', () => {
  const text = 'a;b\n1,5;2\n3,25;4\n6,0;7\n';
  const { table, dialect } = parseCsv(text);
  assert.equal(dialect.delimiter, ';');
  assert.deepEqual(table.columns[0], ['1,5', '3,25', '6,0']);
});

test('quoted cells keep delimiters, doubled quotes and newlines inside them', () => {
  const text = 'name,note\r\n"Smith, J","said ""hi"""\r\n"Li","two\r\nlines"\r\n';
  const { table, dialect } = parseCsv(text);
  assert.deepEqual(table.columns[0], ['Smith, J', 'Li']);
  assert.deepEqual(table.columns[1], ['said "hi"', 'two\r\nlines']);
  assert.equal(dialect.newline, '\r\n');
  assert.deepEqual(dialect.quotedColumns, ['name', 'note']);
});

test('formatCsv(parseCsv(x)) equals x byte for byte across dialects', () => {
  const cases = [
    'a,b\n1,2\n3,4\n',
    'a,b\r\n1,2\r\n3,4\r\n',
    'a;b\n1;2\n3;4',
    'a\tb\n1\t2\n3\t4\n',
    '\uFEFFa,b\n1,2\n3,4\n',
    '"a","b"\n1,"x,y"\n2,"z ""q"""\n',
    '"a","b"\n"1","2"\n"3","4"\n',
    'a,"b c"\n,\n1,\n',
    'x\n1\n\n2\n',
    'a,b,\n1,2,\n3,,\n',
  ];
  for (const text of cases) assert.equal(roundTrip(text), text, JSON.stringify(text));
});

test('a byte-order mark in UTF-8 bytes is remembered and written back', () => {
  const text = '\uFEFFage,sex\n63,1\n41,0\n';
  const bytes = new TextEncoder().encode(text);
  const { table, dialect } = parseCsv(bytes);
  assert.equal(dialect.bom, true);
  assert.deepEqual(table.names, ['age', 'sex']);
  assert.equal(formatCsv(table, dialect), text);
});

test('Excel\'s "sep=;" first line names the delimiter, is no row, and is written back', () => {
  // Two columns of decimal commas: without the line, ',' would be taken for the delimiter.
  const text = 'sep=;\r\nweight;height\r\n70,5;1,75\r\n82,1;1,80\r\n';
  const { table, dialect, notes } = parseCsv(text, { file: 'excel.csv' });
  assert.deepEqual(table.names, ['weight', 'height']);
  assert.deepEqual(table.columns, [['70,5', '82,1'], ['1,75', '1,80']]);
  assert.equal(dialect.delimiter, ';');
  assert.equal(dialect.sepLine, true);
  assert.deepEqual(notes, ['The first line "sep=;" names the delimiter; it is not a row, and '
    + 'the output begins with it too.']);
  assert.equal(formatCsv(table, dialect), text);
  for (const other of ['\uFEFFsep=,\na,b\n1,2\n3,4\n', 'sep=\t\na\tb\n1\t2\n3\t4\n',
    'sep=;\nnote\nwell\nhigh risk\n']) {
    assert.equal(roundTrip(other), other, JSON.stringify(other));
  }
  assert.equal(parseCsv('sep=,\na,b\n1,2\n3,4\n', { header: false }).table.rowCount, 3);
  assert.equal(parseCsv(text, { delimiter: ';' }).table.names.length, 2);
  // A --delimiter or a header line at odds with the sep= line is refused, naming it.
  const mismatch = (error: unknown, where: 'message' | 'hint') => error instanceof LniError
    && error.code === 'delimiter-mismatch' && /sep=/.test(error[where] ?? '');
  assert.throws(() => parseCsv(text, { delimiter: ',' }), (error) => mismatch(error, 'message'));
  assert.throws(() => parseCsv('sep=;\na,b\n1,2\n3,4\n'), (error) => mismatch(error, 'hint'));
  // A table without the line has no sepLine in its dialect, and writes none.
  assert.equal('sepLine' in parseCsv('a,b\n1,2\n3,4\n').dialect, false);
});

test('the real files are written back byte for byte',
  { skip: sharedDataSkip }, () => {
    const files = [
      'framingham/framingham.csv', 'heart-kaggle-303/heart.csv', 'pima-diabetes/diabetes.csv',
      'breast-cancer-wisconsin/data.csv', 'bcg-trials/bcg.csv',
    ];
    for (const file of files) {
      const bytes = readBytes(file);
      const { table, dialect } = parseCsv(bytes, { file });
      const out = new TextEncoder().encode(formatCsv(table, dialect));
      assert.equal(out.length, bytes.length, file);
      assert.ok(out.every((byte, k) => byte === bytes[k]), `${file} differs`);
    }
  });

test('a header ending with a delimiter loses its empty column and gets it back',
  { skip: sharedDataSkip }, () => {
    const file = 'breast-cancer-wisconsin/data.csv';
    const { table, dialect, notes } = parseCsv(readBytes(file), { file });
    assert.equal(dialect.trailingHeaderDelimiter, true);
    assert.equal(table.names.length, 32);
    assert.equal(table.names[31], 'fractal_dimension_worst');
    assert.equal(notes.length, 1);
  });

test('a headerless file takes the names given, or V1..Vp',
  { skip: sharedDataSkip }, () => {
    const file = 'uci-heart-disease/processed.cleveland.data';
    const bytes = readBytes(file);
    const plain = parseCsv(bytes, { header: false, file });
    assert.equal(plain.table.rowCount, 303);
    assert.deepEqual(plain.table.names.slice(0, 2), ['V1', 'V2']);
    const names = Array.from({ length: 14 }, (_, j) => `c${j}`);
    const named = parseCsv(bytes, { header: false, names });
    assert.deepEqual(named.table.names, names);
    assert.equal(formatCsv(named.table, named.dialect), new TextDecoder().decode(bytes));
    assert.equal(codeOf(() => parseCsv(bytes, { header: false, names: ['a'] })), 'csv-names');
  });

test('bad files raise LniError with code, file and row', () => {
  assert.equal(codeOf(() => parseCsv('', { file: 'f.csv' })), 'csv-empty');
  assert.equal(codeOf(() => parseCsv(' \n\n')), 'csv-empty');
  assert.equal(codeOf(() => parseCsv('a,b\n')), 'csv-no-rows');
  assert.equal(codeOf(() => parseCsv('a,a\n1,2\n')), 'csv-duplicate-column');
  assert.equal(codeOf(() => parseCsv('a,b\n1,"2\n3,4\n')), 'csv-quotes');
  try {
    parseCsv('a,b\n1,2\n3,4\n5\n6,7\n', { file: 'f.csv' });
    assert.fail('a ragged row must be rejected');
  } catch (error) {
    assert.ok(error instanceof LniError);
    assert.equal(error.code, 'csv-ragged');
    assert.equal(error.row, 3);
    assert.equal(error.file, 'f.csv');
    assert.ok(error.hint !== undefined);
  }
});

test('lines ending in both CRLF and LF leave no carriage return in any cell', () => {
  const rows = Array.from({ length: 150 },
    (_, i) => `${30 + (i % 40)},${i % 2},${120 + i},${'ABC'[i % 3]}`);
  const lfHeader = 'age,sex,bp,grp\n'
    + rows.map((row, i) => row + (i % 2 ? '\r\n' : '\n')).join('');
  const crlfHeader = 'age,sex,bp,grp\r\n'
    + rows.map((row, i) => row + (i % 5 === 2 ? '\n' : '\r\n')).join('');
  for (const text of [lfHeader, crlfHeader]) {
    const { table, dialect, notes } = parseCsv(text);
    assert.equal(table.rowCount, 150);
    assert.deepEqual([...new Set(table.columns[3])].sort(), ['A', 'B', 'C']);
    assert.ok(table.columns.every((column) => column.every((cell) => !cell.includes('\r'))));
    assert.ok(notes.some((note) => /both CRLF \(\d+\) and LF/.test(note)));
    // Written back with the ending most lines had: 76 LF of 151, 121 CRLF of 151.
    const written = formatCsv(table, dialect);
    assert.equal(written, text === lfHeader ? text.replaceAll('\r\n', '\n')
      : text.replace(/\r?\n/g, '\r\n'));
  }
});

test('mixed line endings keep quoted line breaks and split on the right delimiter', () => {
  const text = 'a;b\r\n1,5;"two\r\nlines"\n3,2;"q ""x"""\r\n4,1;"three\nlines"\n';
  const { table, dialect } = parseCsv(text);
  assert.equal(dialect.delimiter, ';');
  assert.deepEqual(table.columns[0], ['1,5', '3,2', '4,1']);
  assert.deepEqual(table.columns[1], ['two\r\nlines', 'q "x"', 'three\nlines']);
  // A tie between CRLF and LF goes to the header's ending.
  assert.equal(dialect.newline, '\r\n');
  assert.equal(formatCsv(table, dialect),
    'a;b\r\n1,5;"two\r\nlines"\r\n3,2;"q ""x"""\r\n4,1;"three\nlines"\r\n');
  // One line ending outside quotes is not a mix, whatever the quoted cells hold.
  const single = 'a,b\n1,"two\r\nlines"\n3,4\n';
  assert.equal(roundTrip(single), single);
  assert.deepEqual(parseCsv(single).notes, []);
});

test('an unbalanced quote names its data row, not counting the header', () => {
  const rowOf = (text: string, header: boolean) => {
    try {
      parseCsv(text, { header });
    } catch (error) {
      if (error instanceof LniError && error.code === 'csv-quotes') return error.row;
      throw error;
    }
    return 'no error';
  };
  assert.equal(rowOf('a,b\n1,2\n3,"x\n5,6\n7,8\n', true), 2);
  assert.equal(rowOf('1,2\n3,"x\n5,6\n7,8\n', false), 2);
  assert.equal(rowOf('a,b\n1,2\n"x"y,3\n5,6\n', true), 2);
  assert.equal(rowOf('"a,b\n1,2\n3,4\n', true), undefined);
  // Blank lines are skipped, and counted no more than a ragged row's error counts them.
  assert.equal(rowOf('\n\na,b\n1,2\n\n3,"x\n5,6\n', true), 2);
  assert.equal(rowOf('1,2\n\n3,"x\n5,6\n', false), 2);
  assert.equal(rowOf('\n"a,b\n1,2\n', true), undefined);
  // In one column a blank line is a data row (a missing cell), and is counted.
  assert.equal(rowOf('a\n1\n\n\n3\n"5\n7\n', true), 5);
  assert.throws(() => parseCsv('\n\na,b\n1,2\n\n3,4,5\n5,6\n'),
    (error: unknown) => error instanceof LniError && error.code === 'csv-ragged' && error.row === 2);
});

test('a first line that looks like a data row is refused as a header', () => {
  const rows = '59,1,24.6,C,0\n53,0,17.9,B,0\n61,1,22.0,C,1\n';
  assert.equal(codeOf(() => parseCsv(rows)), 'header-looks-like-data');
  assert.equal(codeOf(() => parseCsv('1,2\n3,4\n5,6\n')), 'header-looks-like-data');
  // Real headers: text names, a year-like name over text, a header repeated below.
  assert.equal(parseCsv('age,grp\n59,C\n53,B\n').table.names[1], 'grp');
  assert.equal(parseCsv('2019,grp\nlow,C\nhigh,B\n').table.names[0], '2019');
  assert.equal(parseCsv('age,grp\n59,C\nage,grp\n53,B\n').table.rowCount, 3);
  assert.equal(parseCsv(rows, { header: false }).table.rowCount, 3);
  // The reverse: --no-header on a file with a header is a warning.
  const named = parseCsv('age,bmi,grp\n59,24.6,C\n53,17.9,B\n', { header: false });
  assert.ok(named.notes.some((note) => /first line looks like a header/.test(note)));
  assert.ok(!parseCsv(rows, { header: false }).notes.some((note) => /looks like a header/.test(note)));
});

test('one column from a space- or colon-separated file is refused unless the delimiter is given', () => {
  const colon = 'age:sex:grp\n59:1:C\n53:0:B\n61:1:C\n';
  assert.equal(codeOf(() => parseCsv(colon)), 'csv-one-column');
  assert.equal(codeOf(() => parseCsv(colon.replaceAll(':', ' '))), 'csv-one-column');
  const aligned = 'age  sex grp\n59   1   C\n53   0   B\n61   1   C\n';
  assert.equal(codeOf(() => parseCsv(aligned)), 'csv-one-column');
  assert.deepEqual(parseCsv(colon, { delimiter: ':' }).table.names, ['age', 'sex', 'grp']);
  // A real one-column file: lines with differing spaces, or forced by the delimiter.
  assert.equal(parseCsv('note\nwell\nhigh risk\nlow\n').table.names.length, 1);
  assert.equal(parseCsv('blood pressure\nhigh risk\nlow risk\n', { delimiter: ',' })
    .table.rowCount, 2);
});

test('UTF-16 bytes with a byte-order mark are named UTF-16, not just "not UTF-8"', () => {
  const little = Uint8Array.from(Buffer.from('\uFEFFa,b\n1,2\n3,4\n', 'utf16le'));
  const big = Uint8Array.from(Buffer.from(little).swap16());
  assert.throws(() => parseCsv(little, { file: 'u.csv' }), (error: unknown) =>
    error instanceof LniError && error.code === 'csv-encoding'
    && /^The file is UTF-16 text \(little-endian/.test(error.message)
    && /re-save it as UTF-8/.test(error.hint ?? ''));
  assert.throws(() => parseCsv(big), /UTF-16 text \(big-endian/);
});

test('UTF-16 bytes without a byte-order mark are named UTF-16, never read as cells with NULs', () => {
  const text = 'age,sex,sbp\n61,M,140\n57,F,128\n';
  const little = Uint8Array.from(Buffer.from(text, 'utf16le'));
  const big = Uint8Array.from(Buffer.from(little).swap16());
  assert.throws(() => parseCsv(big, { file: 'u.csv' }), (error: unknown) =>
    error instanceof LniError && error.code === 'csv-encoding'
    && /UTF-16 text \(big-endian, without a byte-order mark/.test(error.message)
    && /re-save it as UTF-8/.test(error.hint ?? ''));
  assert.throws(() => parseCsv(little), /UTF-16 text \(little-endian, without/);
  // A NUL cell in UTF-8 text is still read.
  assert.equal(parseCsv(Uint8Array.from(Buffer.from('a,b\n\u0000\u0000,1\n2,3\n')))
    .table.rowCount, 2);
});

test('bytes that are not UTF-8 raise csv-encoding', () => {
  const latin1 = Uint8Array.from([0x61, 0x2c, 0x62, 0x0a, 0xe9, 0x2c, 0x31, 0x0a]);
  assert.equal(codeOf(() => parseCsv(latin1, { file: 'latin1.csv' })), 'csv-encoding');
  // The message says where: a replacement character the file wrote itself is not the place.
  const later = new Uint8Array([...new TextEncoder().encode('a,b\n\uFFFD,1\nx,2\n'), 0xe9, 0x0a]);
  assert.throws(() => parseCsv(later), /not valid UTF-8 text \(first at line 4, byte 15 of the file\)/);
  // Lines ended by a lone CR count too; an overlong form and a surrogate are not UTF-8.
  const cr = new Uint8Array([...new TextEncoder().encode('a,b\r1,2\r'), 0x33, 0x2c, 0xc0, 0xaf]);
  assert.throws(() => parseCsv(cr), /first at line 3, byte 11 of the file/);
  const surrogate = new Uint8Array([...new TextEncoder().encode('a,b\n1,'), 0xed, 0xa0, 0x80]);
  assert.throws(() => parseCsv(surrogate), /first at line 2, byte 7 of the file/);
});

test('random text either parses or raises LniError, never anything else', () => {
  const alphabet = fc.constantFrom('a', '1', ',', ';', '\t', '"', '\n', '\r', ' ', '\uFEFF', 'é');
  fc.assert(fc.property(fc.array(alphabet, { maxLength: 60 }), (chars) => {
    try {
      const { table } = parseCsv(chars.join(''));
      assert.ok(table.rowCount >= 1);
      assert.ok(table.columns.every((column) => column.length === table.rowCount));
    } catch (error) {
      if (!(error instanceof LniError)) throw error;
    }
  }), { numRuns: 400 });
  fc.assert(fc.property(fc.uint8Array({ maxLength: 40 }), (bytes) => {
    try {
      parseCsv(bytes);
    } catch (error) {
      if (!(error instanceof LniError)) throw error;
    }
  }), { numRuns: 200 });
});

test('blank lines above the header are skipped with a note; without a header they are data', () => {
  const bytes = new TextEncoder().encode('\n \na,b\n1,2\n3,4\n');
  const { table, notes } = parseCsv(bytes, { file: 'lead.csv', header: true });
  assert.deepEqual(table.names, ['a', 'b']);
  assert.equal(table.rowCount, 2);
  assert.ok(notes.includes('Skipped 2 blank line(s) above the header.'), notes.join('\n'));
  // A headerless one-column file: its blank first line is a missing value.
  const single = parseCsv(new TextEncoder().encode('\n1\n2\n'), { header: false, names: ['x'] });
  assert.deepEqual(single.table.columns[0], ['', '1', '2']);
});
