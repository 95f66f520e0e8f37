import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parseCsv } from './csv.js';
import { Encoder } from './encoder.js';
import { inferSchema } from './infer.js';
import { Random } from '../util/random.js';
import { validateSchema } from './schema.js';
import { LniError } from '../util/errors.js';
import type { Schema } from './schema.js';
import type { Table } from './types.js';
import { sharedDataSkip } from '../testing/shared-data.js';

const DATA = new URL('../../../shared/data/', import.meta.url);

function load(file: string, header = true): Table {
  return parseCsv(new Uint8Array(readFileSync(new URL(file, DATA))), { file, header }).table;
}

function typeOf(schema: Schema, name: string): string {
  const column = schema.columns.find((c) => c.name === name);
  assert.ok(column !== undefined, `no column ${name}`);
  return column.type;
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

function table(names: string[], rows: string[][]): Table {
  return { names, columns: names.map((_, j) => rows.map((row) => row[j])), rowCount: rows.length };
}

test('framingham columns get the types their documentation implies',
  { skip: sharedDataSkip }, () => {
    const schema = inferSchema(load('framingham/framingham.csv'));
    const expected: Record<string, string> = {
      male: 'binary', age: 'integer', education: 'categorical', BPMeds: 'binary',
      cigsPerDay: 'integer', totChol: 'integer', sysBP: 'continuous', BMI: 'continuous',
      glucose: 'integer', TenYearCHD: 'binary',
    };
    for (const [name, type] of Object.entries(expected)) {
      assert.equal(typeOf(schema, name), type, name);
    }
    const glucose = schema.columns.find((c) => c.name === 'glucose')!;
    assert.deepEqual(glucose.missing, ['NA']);
    assert.equal(schema.columns.find((c) => c.name === 'age')!.missing, undefined);
  });

test('pima, kaggle heart and cardio columns get the expected types',
  { skip: sharedDataSkip }, () => {
    const pima = inferSchema(load('pima-diabetes/diabetes.csv'));
    assert.equal(typeOf(pima, 'Pregnancies'), 'integer');
    assert.equal(typeOf(pima, 'DiabetesPedigreeFunction'), 'continuous');
    assert.equal(typeOf(pima, 'BMI'), 'continuous');
    assert.equal(typeOf(pima, 'Outcome'), 'binary');
    const heart = inferSchema(load('heart-kaggle-303/heart.csv'));
    assert.equal(typeOf(heart, 'age'), 'integer');
    assert.equal(typeOf(heart, 'cp'), 'categorical');
    assert.equal(typeOf(heart, 'oldpeak'), 'continuous');
    assert.equal(typeOf(heart, 'sex'), 'binary');
    const cardio = inferSchema(load('cardio-train/cardio_train.csv'));
    assert.equal(typeOf(cardio, 'id'), 'id');
    assert.equal(typeOf(cardio, 'cholesterol'), 'categorical');
    assert.equal(typeOf(cardio, 'weight'), 'continuous');
    assert.equal(typeOf(cardio, 'ap_hi'), 'integer');
  });

test('headerless cleveland: numbers written 63.0 are integers and ? is missing',
  { skip: sharedDataSkip }, () => {
    const schema = inferSchema(load('uci-heart-disease/processed.cleveland.data', false));
    assert.equal(typeOf(schema, 'V1'), 'integer'); // age
    assert.equal(typeOf(schema, 'V2'), 'binary'); // sex
    assert.equal(typeOf(schema, 'V3'), 'categorical'); // chest pain 1-4
    assert.equal(typeOf(schema, 'V10'), 'continuous'); // oldpeak
    assert.deepEqual(schema.columns[11].missing, ['?']); // ca
    assert.deepEqual(schema.columns[12].missing, ['?']); // thal
  });

test('constant, empty, single-value-with-missing and ID-like columns are recognised', () => {
  const rows = Array.from({ length: 30 }, (_, i) => [
    'k', '', i % 3 === 0 ? 'NA' : 'y', `P${1000 + i}`, String(i * 7), String(i % 2), String(i),
  ]);
  const names = ['constant', 'empty', 'lonely', 'code', 'serial', 'flag', 'record'];
  const schema = inferSchema(table(names, rows));
  const types = schema.columns.map((c) => c.type);
  assert.deepEqual(types, ['constant', 'empty', 'categorical', 'id', 'id', 'binary', 'id']);
  // The note's example is one digit longer than this column's IDs (up to 203: three digits).
  assert.match(schema.columns[4].note ?? '', /\(1001, … beside IDs of up to 3 digits\)/);
});

test('distinct whole numbers are IDs only when named so or when they number the rows', () => {
  const n = 150;
  // Distinct salaries, in no order and spread far wider than the rows.
  const salaries = Array.from({ length: n }, (_, i) => String(20_000 + ((i * 7919) % n) * 1_201));
  const shuffledRun = Array.from({ length: n }, (_, i) => String(1 + ((i * 37) % n)));
  const sorted = salaries.slice().sort((a, b) => Number(a) - Number(b));
  const rows = salaries.map((salary, i) => [salary, salary, shuffledRun[i], sorted[i]]);
  const schema = inferSchema(table(['salary', 'PatientNo', 'visit_order', 'income'], rows));
  assert.deepEqual(schema.columns.map((c) => c.type), ['integer', 'id', 'id', 'integer']);
  // An identifier word inside a measurement's name does not make it one.
  const names = ['number_of_steps', 'patient_weight_g', 'wbc_number', 'wealth_index',
    'record_no', 'MRN', 'patientid', 'SUBJECTID', 'studyno', 'ID (hospital)', 'No'];
  const named = inferSchema(table(names, rows.map((row) => names.map(() => row[0]))));
  assert.deepEqual(named.columns.map((c) => c.type), ['integer', 'integer', 'integer', 'integer',
    'id', 'id', 'id', 'id', 'id', 'id', 'id']);
  // A yearly series: distinct, packed years stay numbers.
  const yearly = Array.from({ length: 80 }, (_, i) => [String(1940 + i)]);
  assert.equal(inferSchema(table(['year'], yearly)).columns[0].type, 'integer');
  // 25 distinct birth years within 45 years are not row numbers: too few rows to say.
  const years = Array.from({ length: 25 }, (_, i) => [String(1950 + ((i * 11) % 45))]);
  assert.equal(inferSchema(table(['birth_year'], years)).columns[0].type, 'integer');
  assert.match(schema.columns[0].note ?? '', /every one distinct \(declare "type": "id"/);
});

test('dates in several layouts, including before 1900, are dates', () => {
  const names = ['iso', 'dmy', 'dash'];
  const rows = [
    ['2020-09-14', '14/09/2020', '17-10-1999'],
    ['1899-12-31', '01/02/1850', '01-01-1900'],
    ['2000-02-29', '31/12/2021', '28-02-2001'],
    ['1970-01-01', '13/01/1970', '05-05-1955'],
  ];
  const schema = inferSchema(table(names, rows));
  assert.deepEqual(schema.columns.map((c) => c.format), ['YYYY-MM-DD', 'DD/MM/YYYY', 'DD-MM-YYYY']);
});

test('a positive right-skewed column is modelled on the log scale, a symmetric one not', () => {
  const skewed = Array.from({ length: 200 }, (_, i) => [String(Math.exp(i / 25).toFixed(3)),
    String((i % 17) + 0.5)]);
  const schema = inferSchema(table(['skewed', 'flat'], skewed));
  assert.equal(schema.columns[0].transform, 'log');
  assert.equal(schema.columns[1].transform, undefined);
});

test('a table with one row or more columns than rows is refused', () => {
  assert.equal(codeOf(() => inferSchema(table(['a', 'b'], [['1', '2']]))), 'table-too-small');
  const wide = table(['a', 'b', 'c'], [['1', '2', '3'], ['4', '5', '6']]);
  assert.equal(codeOf(() => inferSchema(wide)), 'table-too-small');
});

test('an inferred schema survives JSON and validation unchanged',
  { skip: sharedDataSkip }, () => {
    const schema = inferSchema(load('framingham/framingham.csv'));
    const again = validateSchema(JSON.parse(JSON.stringify(schema)));
    assert.deepEqual(again, schema);
  });

test('schema validation names the column at fault', () => {
  const t = table(['age', 'sex'], [['1', 'a'], ['2', 'b'], ['3', 'a']]);
  const good = {
    version: 1, columns: [{ name: 'age', type: 'integer' }, { name: 'sex', type: 'binary' }],
  };
  assert.equal(validateSchema(good, t).columns.length, 2);
  const cases: [unknown, string | undefined][] = [
    [{ ...good, columns: [{ name: 'age', type: 'integr' }, good.columns[1]] }, 'age'],
    [{ ...good, columns: [...good.columns, { name: 'height', type: 'integer' }] }, 'height'],
    [{ ...good, columns: [good.columns[0]] }, 'sex'],
    [{ ...good, columns: [{ name: 'age', type: 'integer', lower: 'x' }, good.columns[1]] }, 'age'],
    [{ ...good, columns: [{ name: 'age', type: 'integer', lower: 5, upper: 1 }, good.columns[1]] },
      'age'],
    [{ ...good, columns: [{ name: 'age', type: 'integer', colour: 1 }, good.columns[1]] }, 'age'],
    [{ ...good, columns: [{ name: 'age', type: 'integer', transform: 'log' }, good.columns[1]] },
      'age'],
    [{ ...good, columns: [good.columns[0], { name: 'sex', type: 'binary', format: 'YYYY' }] },
      'sex'],
    [{ ...good, version: 99 }, undefined],
    [[], undefined],
  ];
  for (const [json, column] of cases) {
    try {
      validateSchema(json, t);
      assert.fail(`accepted ${JSON.stringify(json)}`);
    } catch (error) {
      assert.ok(error instanceof LniError, String(error));
      assert.equal(error.code, 'schema-invalid');
      assert.equal(error.column, column);
    }
  }
});

test('a default missing token that looks like a level is noted in a text column', () => {
  const cells = Array.from({ length: 30 }, (_, i) => ['None', 'Light', 'Heavy'][i % 3]);
  const numbers = Array.from({ length: 30 }, (_, i) => (i % 5 === 0 ? '-' : String(i)));
  const schema = inferSchema({ names: ['smoking', 'dose'], columns: [cells, numbers], rowCount: 30 });
  const [smoking, dose] = schema.columns;
  assert.deepEqual(smoking.missing, ['None']);
  assert.match(smoking.note ?? '', /"None" \(10 cells\) read as missing; if it is a level/);
  // In a numeric column "-" is an ordinary missing mark: no such note.
  assert.doesNotMatch(dose.note ?? '', /if it is a level/);
});

test('integers written with leading zeros are codes: read as text, so they keep their zeros', () => {
  // 400 rows: 80 five-digit postcodes, a third of them zero-padded; 4
  // zero-padded clinic codes; a count whose 0 is not padding.
  const rows = Array.from({ length: 400 }, (_, i) => [
    String(((i % 80) * 1237) % 99999).padStart(5, '0'),
    ['0042', '0107', '2210', '0009'][i % 4],
    String(i % 13),
  ]);
  const t = table(['zip', 'clinic', 'visits'], rows);
  const schema = inferSchema(t);
  assert.ok(rows.some((row) => row[0].startsWith('0')), 'the fixture has padded postcodes');
  assert.equal(typeOf(schema, 'zip'), 'categorical');
  assert.equal(typeOf(schema, 'clinic'), 'categorical');
  assert.equal(typeOf(schema, 'visits'), 'integer');
  const zip = schema.columns.find((column) => column.name === 'zip');
  assert.match(zip?.note ?? '', /leading zeros are codes/);
  // As text, every released cell is one of the written codes, zeros kept.
  const encoder = Encoder.fit(t, schema);
  const decoded = encoder.decode(encoder.encode(t, new Random(1)), t.rowCount);
  assert.deepEqual(decoded.columns[0], t.columns[0]);
  assert.deepEqual(decoded.columns[1], t.columns[1]);
  // Unpadded integers, negatives and decimals are untouched.
  const plain = inferSchema(table(['a', 'b'], Array.from({ length: 40 }, (_, i) =>
    [String((i % 15) * 7 - 40), (i / 4).toFixed(2)])));
  assert.deepEqual(plain.columns.map((column) => column.type), ['integer', 'continuous']);
});

test('one text code in fewer cells than the numbers is a missing token; several stay text', () => {
  const rows = 300;
  // "unknown" in every tenth row of an age column, and a column mixing
  // numbers with three words in half its cells.
  const age = Array.from({ length: rows }, (_, i) =>
    (i % 10 === 3 ? 'unknown' : String(20 + (i * 7) % 61)));
  const grade = Array.from({ length: rows }, (_, i) =>
    (i % 2 === 0 ? ['low', 'mid', 'high'][i % 3] : String((i * 13) % 97)));
  const t: Table = { names: ['age', 'grade'], columns: [age, grade], rowCount: rows };
  const schema = inferSchema(t);
  const column = schema.columns[0];
  assert.equal(column.type, 'integer');
  assert.deepEqual(column.missing, ['unknown']);
  assert.match(column.note ?? '', /"unknown" \(first in row 4\) read as missing/);
  assert.equal(typeOf(schema, 'grade'), 'categorical');
  // The token comes back as itself, in its own rows.
  const encoder = Encoder.fit(t, schema);
  const back = encoder.decode(encoder.encode(t, new Random(3)), rows);
  assert.deepEqual(back.columns[0], age);
});

test('an impossible date among dates is a missing token, not a reason to call the column IDs', () => {
  const rows = 200;
  const visit = Array.from({ length: rows }, (_, i) =>
    (i === 17 ? '2020-02-30'
      : new Date(Date.UTC(2020, 0, 1 + (i * 37) % 700)).toISOString().slice(0, 10)));
  const t: Table = { names: ['visit'], columns: [visit], rowCount: rows };
  const [column] = inferSchema(t).columns;
  assert.equal(column.type, 'date');
  assert.deepEqual(column.missing, ['2020-02-30']);
  assert.match(column.note ?? '',
    /a text held by 1 cell \(first in row 18\) read as missing: the column is otherwise dates/);
  assert.doesNotMatch(column.note ?? '', /2020-02-30/, 'a one-off cell is not quoted');
  // Five impossible dates in 200 cells are more than strays: the column stays text.
  const many = visit.map((cell, i) => (i % 40 === 0 ? `2020-02-3${i % 10}` : cell));
  assert.notEqual(inferSchema({ names: ['visit'], columns: [many], rowCount: rows }).columns[0].type,
    'date');
  // In 400 cells five typos more are within 2%: still dates, the typos
  // counted in the note rather than listed.
  const typo = ['2020-02-31', '2020-04-31', '2020-06-31', '2020-09-31', '2020-11-31'];
  const longer = [...visit, ...visit].map((cell, i) => (i % 80 === 0 ? typo[i / 80] : cell));
  const [typos] = inferSchema({ names: ['visit'], columns: [longer], rowCount: 2 * rows }).columns;
  assert.equal(typos.type, 'date');
  assert.equal(typos.missing?.length, 6, 'five typos and 2020-02-30, twice');
  assert.match(typos.note ?? '', /^6 texts that are not valid dates, in 7 cells \(first in row 1\)/);
  // Four different words are not typos of a date: the column stays text.
  const words = longer.map((cell, i) => (i % 80 === 0 ? ['n/k', 'tbc', 'later', 'soon'][(i / 80) % 4] : cell));
  assert.notEqual(inferSchema({ names: ['visit'], columns: [words], rowCount: 2 * rows })
    .columns[0].type, 'date');
});

test('a one-off word in a numeric column is neither quoted in the note nor written back', () => {
  const rows = 200;
  const age = Array.from({ length: rows }, (_, i) =>
    (i === 33 ? 'Jane Q Example' : String(20 + (i * 7) % 61)));
  const t: Table = { names: ['age'], columns: [age], rowCount: rows };
  const schema = inferSchema(t);
  assert.equal(schema.columns[0].type, 'integer');
  assert.doesNotMatch(schema.columns[0].note ?? '', /Jane/);
  const encoder = Encoder.fit(t, schema);
  const back = encoder.decode(encoder.encode(t, new Random(3)), rows).columns[0];
  assert.equal(back.filter((cell) => cell.includes('Jane')).length, 0);
  assert.equal(back[33], '', 'written back as an empty missing cell');
});

test('numbers written with a sign or unit are numbers, read past it and written back with it',
  () => {
    const rows = Array.from({ length: 60 }, (_, i) => [`${(i * 7) % 50}.5%`,
      `$${(1000 + i * 37).toLocaleString('en-US')}.50`, `${i % 9} €`, `${i}%x`, `${40 + (i * 7) % 50} kg`]);
    const names = ['share', 'cost', 'fee', 'odd', 'weight'];
    const schema = inferSchema(table(names, rows));
    assert.deepEqual(schema.columns.map((c) => [c.type, c.prefix, c.suffix]), [
      ['continuous', undefined, '%'], ['continuous', '$', undefined],
      ['categorical', undefined, undefined], ['id', undefined, undefined],
      ['integer', undefined, ' kg']]);
    assert.match(schema.columns[0].note ?? '', /^numbers written with "%"; /);
    const t = table(names, rows);
    const encoder = Encoder.fit(t, schema);
    const back = encoder.decode(encoder.encode(t, new Random(2)), rows.length);
    for (const j of [0, 1, 4]) assert.deepEqual(back.columns[j], t.columns[j], names[j]);
    const noisy = encoder.encode(t, new Random(3)).map((v, k) => v + (k % 3) * 0.3);
    const moved = encoder.decode(noisy, rows.length);
    assert.ok(moved.columns[0].every((cell) => /^\d+(\.\d)?%$/.test(cell)), 'as 12.5%');
    assert.ok(moved.columns[1].every((cell) => /^\$\d{1,3}(,\d{3})*\.\d\d$/.test(cell)), 'as $1,234.50');
    assert.ok(moved.columns[4].every((cell) => /^\d+ kg$/.test(cell)), 'as 42 kg');
  });

test('date-times in one layout are dates; in mixed layouts or zones text, with a note', () => {
  const rows = Array.from({ length: 40 }, (_, i) => [
    `2020-01-${String(1 + (i % 28)).padStart(2, '0')} ${String(i % 24).padStart(2, '0')}:07:00`,
    `${1 + (i % 12)}/${1 + (i % 28)}/2021 ${1 + (i % 12)}:${String(i).padStart(2, '0')} ${i % 2 ? 'PM' : 'AM'}`,
    `2021-03-04T10:${String(i).padStart(2, '0')}${i % 2 ? 'Z' : '+01:00'}`,
    `2021-03-04 10:${String(i).padStart(2, '0')}${i % 2 ? ':30' : ''}`,
    `room ${i}:30`]);
  const columns = inferSchema(table(['admitted', 'seen', 'zoned', 'mixed', 'where'], rows)).columns;
  assert.deepEqual(columns.slice(0, 2).map((c) => [c.type, c.format]),
    [['date', 'YYYY-MM-DD HH:mm:ss'], ['date', 'M/D/YYYY h:mm A']]);
  assert.match(columns[0].note ?? '', /dates with times of day as YYYY-MM-DD HH:mm:ss/);
  for (const mixed of columns.slice(2, 4)) {
    assert.equal(mixed.type, 'id');
    assert.match(mixed.note ?? '', /modelled only when every cell writes them in one layout and one zone/);
  }
  assert.doesNotMatch(columns[4].note ?? '', /times of day/);
});

test('a missing code is read past the column\'s unit, as its numbers are', () => {
  const cells = Array.from({ length: 80 }, (_, i) => (i % 10 === 0 ? '-9 kg' : `${50 + (i * 13) % 45} kg`));
  const t = table(['w'], cells.map((cell) => [cell]));
  const schema = { version: 1, columns: [
    { name: 'w', type: 'integer' as const, suffix: ' kg', missingCodes: [-9] }] };
  const encoder = Encoder.fit(t, schema);
  const back = encoder.decode(encoder.encode(t, new Random(1)), t.rowCount).columns[0];
  assert.deepEqual(back, cells, 'w = 1 returns every cell, the code as written');
  const moved = encoder.decode(encoder.encode(t, new Random(2)).map((v) => 0.8 * v), t.rowCount)
    .columns[0];
  assert.ok(moved.every((cell) => cell === '-9 kg' || /^(4[5-9]|[5-9]\d) kg$/.test(cell)),
    'no value between the code and the data');
});

test('dates exported with a midnight time are dates, written back with it', () => {
  const rows = Array.from({ length: 120 }, (_, i) => {
    const day = new Date(Date.UTC(2020, 0, 1 + (i * 37) % 300)).toISOString().slice(0, 10);
    return [`${day} 00:00:00`, `${day}T00:00:00.000Z`, `${day} 0${i % 9}:15`];
  });
  const t = table(['admitted', 'iso', 'timed'], rows);
  const schema = inferSchema(t);
  assert.deepEqual(schema.columns.map((c) => [c.type, c.format]), [
    ['date', 'YYYY-MM-DD 00:00:00'], ['date', 'YYYY-MM-DDT00:00:00.000Z'],
    ['date', 'YYYY-MM-DD HH:mm']]);
  const encoder = Encoder.fit(t, schema);
  const back = encoder.decode(encoder.encode(t, new Random(1)), t.rowCount);
  assert.deepEqual(back.columns, t.columns, 'w = 1 returns every cell');
  const moved = encoder.decode(encoder.encode(t, new Random(2)).map((v) => 0.7 * v), t.rowCount);
  assert.ok(moved.columns[0].every((cell) => /^2020-\d\d-\d\d 00:00:00$/.test(cell)));
  assert.ok(moved.columns[1].every((cell) => /^2020-\d\d-\d\dT00:00:00\.000Z$/.test(cell)));
  // The times sit on the quarter hour in the data, so they do in the release.
  assert.ok(moved.columns[2].every((cell) => /^2020-\d\d-\d\d \d\d:(00|15|30|45)$/.test(cell)));
});

test('a unit column with a few cells written without the unit, or a word, stays numbers', () => {
  const rows = Array.from({ length: 200 }, (_, i) => [
    i % 50 === 0 ? String(50 + (i % 40)) : `${50 + (i % 40)} kg`,
    i % 20 === 0 ? 'unknown' : `${(40 + (i * 7) % 30) / 2}%`]);
  const [weight, share] = inferSchema(table(['weight', 'share'], rows)).columns;
  assert.deepEqual([weight.type, weight.suffix], ['integer', ' kg']);
  assert.deepEqual([share.type, share.suffix, share.missing], ['continuous', '%', ['unknown']]);
  // Below 90 % of cells with the sign it is not the column's unit.
  const half = rows.map((row, i) => [i % 2 === 0 ? row[0] : String(50 + (i % 40))]);
  assert.equal(inferSchema(table(['weight'], half)).columns[0].suffix, undefined);
});

test('a minus before a currency prefix is read, and written back the same way', () => {
  const rows = Array.from({ length: 120 }, (_, i) => {
    const v = (i * 37) % 90 - 30;
    return [v < 0 ? `-$${-v}` : `$${v}`, v < 0 ? `$-${-v}` : `$${v}`];
  });
  const t = table(['before', 'inside'], rows);
  const schema = inferSchema(t);
  assert.deepEqual(schema.columns.map((c) => [c.type, c.prefix]), [['integer', '$'], ['integer', '$']]);
  const encoder = Encoder.fit(t, schema);
  const back = encoder.decode(encoder.encode(t, new Random(1)), t.rowCount);
  assert.deepEqual(back.columns, t.columns, 'w = 1 returns every cell as written');
  const moved = encoder.decode(encoder.encode(t, new Random(2)).map((v) => 0.6 * v), t.rowCount);
  assert.ok(moved.columns[0].every((cell) => /^-?\$\d+$/.test(cell)), 'as -$12');
  assert.ok(moved.columns[1].every((cell) => /^\$-?\d+$/.test(cell)), 'as $-12');
});

test('Stata\'s extended missing values .a to .z are missing tokens of a numeric column', () => {
  // An age column as Stata exports it: .a (refused) in 3 % of the rows,
  // .b (not asked) in 2 %, the system missing "." once; 70 distinct ages.
  const rows = 400;
  const age = Array.from({ length: rows }, (_, i) => (i % 100 < 3 ? '.a' : i % 100 < 5 ? '.b'
    : i === 50 ? '.' : String(20 + (i * 37) % 70)));
  const refused = age.map((cell) => (cell.startsWith('.') ? '.z' : cell));
  const t = table(['age', 'refused'], age.map((cell, i) => [cell, refused[i]]));
  const schema = inferSchema(t);
  assert.deepEqual(schema.columns.map((c) => [c.type, c.missing]),
    [['integer', ['.a', '.b', '.']], ['integer', ['.z']]]);
  assert.doesNotMatch(schema.columns[0].note ?? '', /read as missing/,
    'an ordinary missing mark, not a stray word to confirm');
  // Written back as the other tokens are: each held by 5 cells or more as
  // itself (.a in 12, .b in 8), the lone "." as the most common one.
  const encoder = Encoder.fit(t, schema);
  const back = encoder.decode(encoder.encode(t, new Random(1)), rows);
  assert.deepEqual(back.columns[0], age.map((cell) => (cell === '.' ? '.a' : cell)));
  assert.deepEqual(back.columns[1], refused);
});

test('a suffix of unit characters on 90 % of the cells is the column\'s unit, written back as is',
  () => {
    const units = [' mg/dL', ' °C', ' µg/L', ' μmol/L', ' mmol/l', ' IU/L', 'g/dl', ' kg/m²',
      ' kg/m2', '‰', '/min', ' yrs.'];
    const names = units.map((_, j) => `lab${j}`);
    const rows = Array.from({ length: 120 }, (_, i) =>
      units.map((unit, j) => `${(40 + ((i * (7 + 2 * j)) % 300) / 10).toFixed(1)}${unit}`));
    const t = table(names, rows);
    const schema = inferSchema(t);
    assert.deepEqual(schema.columns.map((c) => [c.type, c.suffix]),
      units.map((unit) => ['continuous', unit]));
    assert.match(schema.columns[7].note ?? '', /^numbers written with "kg\/m²"; /);
    assert.deepEqual(validateSchema(JSON.parse(JSON.stringify(schema)), t), schema);
    const encoder = Encoder.fromJSON(JSON.parse(JSON.stringify(Encoder.fit(t, schema).toJSON())));
    const back = encoder.decode(encoder.encode(t, new Random(1)), t.rowCount);
    assert.deepEqual(back.columns, t.columns, 'w = 1 returns every cell as written');
    const moved = encoder.decode(encoder.encode(t, new Random(2)).map((v) => 0.7 * v), t.rowCount);
    moved.columns.forEach((cells, j) => assert.ok(
      cells.every((cell) => cell.endsWith(units[j]) && /^\d+(\.\d)?$/.test(cell.slice(0,
        -units[j].length))), names[j]));
  });

test('labels and exponents do not turn into numbers with a unit', () => {
  const rows = Array.from({ length: 120 }, (_, i) => [`Stage ${1 + (i % 4)}`, `A${1 + (i % 40)}`,
    `${1 + (i % 7)}/${2 + (i % 5)}`, `${(1 + (i % 50) / 10).toFixed(1)}e3`,
    `${2 + (i % 30)} weeks`]);
  const schema = inferSchema(table(['stage', 'bed', 'ratio', 'big', 'weeks'], rows));
  assert.deepEqual(schema.columns.map((c) => [c.type, c.prefix ?? c.suffix]), [
    ['categorical', undefined], ['categorical', undefined], ['categorical', undefined],
    ['integer', undefined], ['integer', ' weeks']]);
});

test('a unit letter before digits is a code, not a number with a prefix', () => {
  // Lab codes L100–L139 and sample codes s1–s40: read as litres or seconds
  // with a prefix they were modelled as numbers and released as codes no row holds.
  const rows = Array.from({ length: 200 }, (_, i) => [`L${100 + (i % 40)}`, `s${1 + (i % 40)}`,
    `$${10 + (i % 40)}`]);
  const schema = inferSchema(table(['lab', 'sample', 'fee'], rows));
  assert.deepEqual(schema.columns.map((c) => [c.type, c.prefix]), [
    ['categorical', undefined], ['categorical', undefined], ['integer', '$']]);
});

test('a date column with a tenth of its cells in another layout says so, without quoting them',
  () => {
    // 150 days written 2020-01-13, every tenth written 13/01/2020: too many
    // to be typos, so not read as dates, and the note said only "ID-like".
    const day = (i: number) => new Date(Date.UTC(2015, 0, 1 + (i * 13) % 1500));
    const iso = (d: Date) => d.toISOString().slice(0, 10);
    const dmy = (d: Date) => iso(d).split('-').reverse().join('/');
    const rows = Array.from({ length: 150 }, (_, i) =>
      [i % 10 === 3 ? dmy(day(i)) : iso(day(i)), String(i % 7)]);
    const schema = inferSchema(table(['visit', 'k'], rows));
    const note = schema.columns[0].note ?? '';
    assert.equal(schema.columns[0].type, 'id');
    assert.match(note, /90 % of its cells are dates as YYYY-MM-DD, but 15 are written otherwise \(first in row 4\)/);
    assert.doesNotMatch(note, /\d{4}-\d\d-\d\d|\d\d\/\d\d\//, 'no cell quoted');
    // Texts that are not dates get no such note.
    const words = inferSchema(table(['w', 'k'], rows.map((row, i) => [`w${i}x`, row[1]])));
    assert.doesNotMatch(words.columns[0].note ?? '', /are dates/);
  });

test('a run of nines alone beyond a wide gap is a missing code, however many cells hold it', () => {
  // Blood pressures 95–180 with -999 in 8 of 400 cells (isolated), and
  // with -99 in 8 % of them (an atom of its own beyond the gap).
  const rows = 400;
  const pressure = (i: number) => String(95 + (i * 37) % 86);
  const few = Array.from({ length: rows }, (_, i) => (i % 50 === 7 ? '-999' : pressure(i)));
  const many = Array.from({ length: rows }, (_, i) => (i % 25 < 2 ? '-99' : pressure(i)));
  const t = table(['few', 'many'], few.map((cell, i) => [cell, many[i]]));
  const schema = inferSchema(t);
  assert.deepEqual(schema.columns.map((c) => [c.type, c.missingCodes, c.missing]),
    [['integer', [-999], undefined], ['integer', [-99], undefined]]);
  assert.match(schema.columns[0].note ?? '',
    /^-999 \(8 cells\) read as missing: .* delete it from "missingCodes" in a schema\); /);
  assert.doesNotMatch(schema.columns[0].note ?? '', /clipped/);
  assert.deepEqual(validateSchema(JSON.parse(JSON.stringify(schema)), t), schema);
  const encoder = Encoder.fit(t, schema);
  const back = encoder.decode(encoder.encode(t, new Random(1)), rows);
  assert.deepEqual(back.columns, t.columns, 'w = 1 returns every cell, the codes as written');
  const moved = encoder.decode(encoder.encode(t, new Random(2)).map((v) => 0.7 * v), rows);
  assert.ok(moved.columns[0].every((cell) => cell === '-999' || Number(cell) >= 95),
    'no missing pressure released as a low one');
  assert.ok(moved.columns[1].every((cell) => cell === '-99' || Number(cell) >= 95));
});

test('values that are not codes, or not alone beyond a gap, stay values', () => {
  const rows = 400;
  // -1 is no code: clipped as a lone extreme, as before. 99 among ages
  // 20–89 is no gap away; 999 inside a spread of 0–2000 is a value.
  const negative = Array.from({ length: rows }, (_, i) =>
    (i % 50 === 7 ? '-1' : String(500 + (i * 37) % 61)));
  const age = Array.from({ length: rows }, (_, i) => (i % 50 === 7 ? '99' : String(20 + i % 70)));
  const spread = Array.from({ length: rows }, (_, i) => String((i * 997) % 2001));
  // An ID column keeps a lone 99999: IDs are not modelled, so it is only a label.
  const id = Array.from({ length: rows }, (_, i) => (i === 9 ? '99999' : String(1 + i)));
  const schema = inferSchema(table(['negative', 'age', 'spread', 'patient_id'],
    negative.map((cell, i) => [cell, age[i], spread[i], id[i]])));
  assert.deepEqual(schema.columns.map((c) => c.missingCodes),
    [undefined, undefined, undefined, undefined]);
  assert.equal(schema.columns[3].type, 'id');
  assert.match(schema.columns[0].note ?? '',
    /8 values far below the rest, alone beyond a wide gap/);
});

test('free text is no ID: a mostly empty column of distinct texts is a category, withheld', () => {
  const rows = Array.from({ length: 300 }, (_, i) =>
    [String(20 + (i % 50)), i % 7 === 0 ? `Jane Example overdose ${i}` : '']);
  const t = table(['age', 'note'], rows);
  const schema = inferSchema(t);
  assert.equal(schema.columns[1].type, 'categorical');
  const encoder = Encoder.fit(t, schema);
  assert.ok(!JSON.stringify(encoder.toJSON()).includes('Jane'), 'no text in the model');
  const back = encoder.decode(encoder.encode(t, new Random(1)), t.rowCount);
  assert.ok(back.columns[1].every((cell) => cell === ''), 'every note released empty');
  // Filled in every row, distinct texts are IDs, but fresh ones keep no
  // free text as their prefix; a short ID prefix is kept.
  const filled = table(['age', 'note', 'mrn'], rows.map((row, i) =>
    [row[0], `Jane Example overdose ${i}`, `MRN-${1000 + i}`]));
  const ids = Encoder.fit(filled, inferSchema(filled));
  const released = ids.decode(ids.encode(filled, new Random(2)), filled.rowCount);
  assert.ok(!JSON.stringify(ids.toJSON()).includes('Jane'));
  assert.ok(released.columns[1].every((cell) => /^ID\d+$/.test(cell)), released.columns[1][0]);
  assert.ok(released.columns[2].every((cell) => /^MRN-\d+$/.test(cell)), released.columns[2][0]);
});

test('an identifier several rows share (long format) is an ID column; a hospital code is not', () => {
  const rng = new Random(12);
  const rows = Array.from({ length: 300 }, (_, i) => {
    const patient = 100_000 + Math.floor(i / 3) * 7919;
    return [String(patient), `S-${patient}`, String(10 + (Math.floor(i / 3) % 25)),
      String(100 + Math.floor(rng.uniform() * 60))];
  });
  const table: Table = { names: ['patient_id', 'subject ID', 'hospital_id', 'sbp'], rowCount: 300,
    columns: [0, 1, 2, 3].map((j) => rows.map((row) => row[j])) };
  const schema = inferSchema(table);
  assert.deepEqual(schema.columns.map((c) => c.type), ['id', 'id', 'integer', 'integer']);
  assert.match(schema.columns[0].note ?? '', /100 values in 300 cells, named like an identifier/);
  // Released as fresh IDs: no real one comes back.
  const encoder = Encoder.fit(table, schema);
  const back = encoder.decode(new Random(1).normals(300 * encoder.dimension), 300);
  const real = new Set([...table.columns[0], ...table.columns[1]]);
  assert.ok([...back.columns[0], ...back.columns[1]].every((cell) => !real.has(cell)));
});

test('a patient identifier with many rows per patient (hourly rows) is an ID column; a hospital code is not', () => {
  const rows = Array.from({ length: 600 }, (_, i) => {
    const patient = Math.floor(i / 15);
    return [`P${String(patient * 17 + 3).padStart(5, '0')}`, String(patient * 31 + 7),
      String(10 + (patient % 25)), String(60 + (i % 40))];
  });
  const table: Table = { names: ['patient_id', 'respondent', 'hospital_id', 'hr'], rowCount: 600,
    columns: [0, 1, 2, 3].map((j) => rows.map((row) => row[j])) };
  assert.deepEqual(inferSchema(table).columns.map((c) => c.type), ['id', 'id', 'integer', 'integer']);
});

test('a school subject stays a category; USUBJID is an ID; a shared stay_id is noted', () => {
  const words = ['Math', 'Art', 'Law', 'Music', 'Drama', 'Latin', 'Media', 'Design', 'Biology',
    'French', 'German', 'History', 'Physics', 'Spanish', 'English', 'Religion', 'Computing',
    'Geography', 'Chemistry', 'Economics', 'Sociology', 'Philosophy', 'Psychology', 'Statistics'];
  const rows = Array.from({ length: 600 }, (_, i) => {
    const stay = Math.floor(i / 15);
    return [words[i % words.length], `ST01-${String(stay % 5).padStart(3, '0')}-${stay}`,
      String(30000000 + stay * 137), String(60 + (i % 40))];
  });
  const table: Table = { names: ['subject', 'USUBJID', 'stay_id', 'hr'], rowCount: 600,
    columns: [0, 1, 2, 3].map((j) => rows.map((row) => row[j])) };
  const columns = inferSchema(table).columns;
  assert.deepEqual(columns.map((c) => c.type), ['categorical', 'id', 'integer', 'integer']);
  assert.match(columns[2].note ?? '', /named like an identifier, 15\.0 rows per value/);
});

test('a numeric column keeps reading as numbers with a few distinct stray texts in 2 % of cells', () => {
  const rng = new Random(13);
  const cells = Array.from({ length: 1000 }, () => (120 + 15 * rng.normal()).toFixed(1));
  const words = ['see note', 'refused', 'pending', 'n/a - hemolysed', 'redo', 'clotted'];
  words.forEach((word, k) => { cells[10 + 150 * k] = word; });
  const schema = inferSchema({ names: ['b'], columns: [cells], rowCount: 1000 });
  assert.equal(schema.columns[0].type, 'continuous');
  assert.deepEqual([...schema.columns[0].missing ?? []].filter((t) => words.includes(t)).sort(),
    [...words].sort());
  assert.match(schema.columns[0].note ?? '', /6 texts that are not numbers, in 6 cells \(first in row 11\)/);
  // Beyond 2 % of the cells they are the column's own values: text.
  for (let k = 0; k < 30; k++) cells[3 + 31 * k] = `comment ${k}`;
  assert.notEqual(inferSchema({ names: ['b'], columns: [cells], rowCount: 1000 }).columns[0].type,
    'continuous');
});

test('a lone date far from the rest is noted as clipped, as a lone number is', () => {
  const rng = new Random(14);
  const cells = Array.from({ length: 300 }, () =>
    `2020-${String(1 + Math.floor(rng.uniform() * 12)).padStart(2, '0')}-`
    + String(1 + Math.floor(rng.uniform() * 28)).padStart(2, '0'));
  const plain = inferSchema({ names: ['visit'], columns: [cells.slice()], rowCount: 300 });
  assert.equal(plain.columns[0].note, 'dates as YYYY-MM-DD');
  cells[7] = '1931-05-02';
  const note = inferSchema({ names: ['visit'], columns: [cells], rowCount: 300 }).columns[0].note;
  assert.match(note ?? '', /^dates as YYYY-MM-DD; 1 value far below the rest, alone beyond a wide gap: clipped/);
});

test('a date column\'s codes for no date (0, 99999999) are missing tokens beyond the 2 % of typos', () => {
  const rng = new Random(15);
  const day = (k: number) => new Date(Date.UTC(2019, 0, 1 + k)).toISOString().slice(0, 10);
  const stop = Array.from({ length: 600 }, () => {
    const u = rng.uniform();
    return u < 0.06 ? '0' : u < 0.09 ? '99999999'
      : day(Math.floor(rng.uniform() * 900)).replaceAll('-', '');
  });
  const seen = Array.from({ length: 600 }, (_, i) => (i % 25 === 0 ? '0'
    : `${day(Math.floor(rng.uniform() * 900))} ${String(8 + (i % 9)).padStart(2, '0')}:15`));
  const schema = inferSchema({ names: ['stop', 'seen'], columns: [stop, seen], rowCount: 600 });
  assert.deepEqual(schema.columns.map((c) => [c.type, c.format]),
    [['date', 'YYYYMMDD'], ['date', 'YYYY-MM-DD HH:mm']]);
  assert.deepEqual([...schema.columns[0].missing ?? []].filter((t) => /^\d+$/.test(t)).sort(),
    ['0', '99999999']);
  // Typos stay within 2 %; a code in 4 cells is no code; codes in more cells than dates
  // make no date column (a death date with 0 for the living in a third of rows does).
  let changed = 0;
  const few = stop.map((cell) => (cell === '99999999' && changed++ < 4 ? '12345678' : cell));
  assert.notEqual(inferSchema({ names: ['stop'], columns: [few], rowCount: 600 }).columns[0].type,
    'date');
  const most = stop.map((cell, i) => (i % 3 !== 0 ? '0' : cell));
  assert.notEqual(inferSchema({ names: ['stop'], columns: [most], rowCount: 600 }).columns[0].type,
    'date');
});

test('a date in the year 9999 for an open episode is a missing token, so the stay is modelled', () => {
  const rng = new Random(17);
  const day = (k: number) => new Date(Date.UTC(2016, 0, 1 + k)).toISOString().slice(0, 10);
  const start = Array.from({ length: 600 }, () => Math.floor(rng.uniform() * 1500));
  const end = start.map((k, i) => (i % 7 === 0 ? '9999-12-31' : day(k + Math.floor(rng.uniform() * 30))));
  const dotted = end.map((cell) => cell.split('-').reverse().join('.'));
  const table = { names: ['start', 'end', 'dotted'], rowCount: 600,
    columns: [start.map(day), end, dotted] };
  const schema = inferSchema(table);
  assert.deepEqual(schema.columns.map((c) => [c.type, c.format]),
    [['date', 'YYYY-MM-DD'], ['date', 'YYYY-MM-DD'], ['date', 'DD.MM.YYYY']]);
  assert.ok(schema.columns[1].missing?.includes('9999-12-31'), JSON.stringify(schema.columns[1]));
  assert.ok(schema.columns[2].missing?.includes('31.12.9999'), JSON.stringify(schema.columns[2]));
  assert.match(schema.columns[1].note ?? '', /"9999-12-31" \(first in row 1\) read as missing/);
  const encoder = Encoder.fit(table, schema);
  assert.ok(encoder.notes.some((note) => /"end" is modelled as the time after "start"/.test(note)),
    encoder.notes.join('\n'));
  // Held by fewer than 5 cells it is no code: a date, clipped as an outlier.
  const once = end.map((cell, i) => (cell === '9999-12-31' && i > 21 ? day(start[i]) : cell));
  assert.equal(inferSchema({ names: ['end'], columns: [once], rowCount: 600 }).columns[0].missing,
    undefined);
});

test('a -9 code beside a 0/1 outcome is missing, not a third level; signed small levels stay',
  () => {
    // Simulated: 15 refusals coded -9 among 600 outcomes; a -1/0/1 column is a value.
    const n = 600;
    const outcome = Array.from({ length: n }, (_, i) => (i % 40 === 0 ? '-9'
      : String((i * 7) % 5 === 0 ? 1 : 0)));
    const signed = Array.from({ length: n }, (_, i) => String((i % 3) - 1));
    const codes = Array.from({ length: n }, (_, i) => ['1', '2', '3', '99'][i % 4]);
    const schema = inferSchema({ names: ['outcome', 'signed', 'codes'], rowCount: n,
      columns: [outcome, signed, codes] });
    assert.equal(schema.columns[0].type, 'binary');
    assert.deepEqual(schema.columns[0].missingCodes, [-9]);
    assert.match(schema.columns[0].note ?? '', /-9 \(15 cells\) read as missing/);
    assert.equal(schema.columns[1].type, 'categorical');
    assert.equal(schema.columns[1].missingCodes, undefined);
    // 99 beyond 1–3 is a codebook's "unknown" as in an integer column (it is
    // written back as itself, at its own rate).
    assert.deepEqual(schema.columns[2].missingCodes, [99]);
  });

test('negative codes with a run of nines in a column never otherwise negative are missing codes', () => {
  const rng = new Random(16);
  const income = Array.from({ length: 600 }, (_, i) => (i % 22 === 0 ? '-9'
    : String(Math.round(4600 + 3000 * Math.exp(rng.normal())))));
  const score = Array.from({ length: 600 }, (_, i) => (i % 30 === 0 ? '-9' : i % 41 === 0 ? '-8'
    : String(Math.floor(rng.uniform() * 11))));
  // Other negative values make -9 a value; -8 alone, without a run of nines, is no code.
  const change = Array.from({ length: 600 }, (_, i) => (i % 30 === 0 ? '-9'
    : String(Math.floor(rng.uniform() * 21) - 10)));
  const eights = score.map((cell) => (cell === '-9' ? '3' : cell));
  const schema = inferSchema({ names: ['income', 'score', 'change', 'eights'],
    columns: [income, score, change, eights], rowCount: 600 });
  assert.deepEqual(schema.columns.map((c) => c.missingCodes),
    [[-9], [-9, -8], undefined, undefined]);
  assert.match(schema.columns[1].note ?? '',
    /^-9 \(20 cells\), -8 \(\d+ cells\) read as missing: negative codes/);
});

test('codes a few rows each share in a column not named an identifier are noted', () => {
  const rows = Array.from({ length: 390 }, (_, i) => [`Z${String(Math.floor(i / 6.5)).padStart(3, '0')}`,
    ['I10', 'E11', 'J45'][i % 3]]);
  const schema = inferSchema({ names: ['household', 'dx'], rowCount: 390,
    columns: [rows.map((row) => row[0]), rows.map((row) => row[1])] });
  assert.deepEqual(schema.columns.map((c) => c.type), ['categorical', 'categorical']);
  assert.match(schema.columns[0].note ?? '', /code-like, 6\.5 rows each on average: if they identify people/);
  assert.doesNotMatch(schema.columns[1].note ?? '', /code-like/);
});

test('email addresses and phone numbers a few rows each share are noted as code-like ones are',
  () => {
    // Long format: 40 people, 5 visits each; every contact is held by 5 rows,
    // so as a category each one would be released as itself.
    const person = (i: number) => Math.floor(i / 5);
    const emails = Array.from({ length: 200 }, (_, i) => `pat${person(i)}.doe@example.org`);
    const phones = Array.from({ length: 200 }, (_, i) => `+1-555-${1000000 + 7919 * person(i)}`);
    const dx = Array.from({ length: 200 }, (_, i) => ['I10', 'E11', 'J45'][i % 3]);
    const schema = inferSchema({ names: ['contact', 'mobile', 'dx'], rowCount: 200,
      columns: [emails, phones, dx] });
    assert.deepEqual(schema.columns.map((c) => c.type), ['categorical', 'categorical', 'categorical']);
    assert.match(schema.columns[0].note ?? '',
      /email addresses, 5\.0 rows each on average: if they identify people/);
    assert.match(schema.columns[1].note ?? '',
      /phone numbers, 5\.0 rows each on average: if they identify people/);
    assert.doesNotMatch(schema.columns[2].note ?? '', /on average/);
  });

test('a text column mostly of numbers says so, and how to model the numbers', () => {
  const rng = new Random(17);
  const cells = Array.from({ length: 1000 }, (_, i) => (i % 40 === 0 ? `comment ${i}`
    : i % 91 === 0 ? 'pending' : (100 + 15 * rng.normal()).toFixed(0)));
  const note = inferSchema({ names: ['glucose'], columns: [cells], rowCount: 1000 }).columns[0].note;
  assert.match(note ?? '', /; 96 % of its cells are numbers: if the texts mean missing, list them/);
  const words = cells.map((cell, i) => (i % 3 === 0 ? 'high' : cell));
  assert.doesNotMatch(inferSchema({ names: ['g'], columns: [words], rowCount: 1000 }).columns[0].note
    ?? '', /of its cells are numbers/);
});
