// Dates modelled as gaps and as days and times of day, and several missing
// codes kept apart, on simulated tables (no real rows): each measured
// against the same table modelled the other way in the same run.
// Usage: npx tsx bench/dates-and-codes.ts [release seeds=1,2,3] [w=0.5]
import { fitModel, synthesize } from '../src/model/index.js';
import { inferSchema, type Schema, type Table } from '../src/table/index.js';
import { Random } from '../src/util/random.js';

const [seedText = '1,2,3', wText = '0.5'] = process.argv.slice(2);
const seeds = seedText.split(',').map(Number);
const w = Number(wText);
const DAY = 86_400_000;
const iso = (day: number) => new Date(day * DAY).toISOString().slice(0, 10);

function table(names: string[], rows: string[][]): Table {
  return { names, rowCount: rows.length, columns: names.map((_, j) => rows.map((row) => row[j])) };
}

/** 1,500 stays over two years; the stay grows with age; 8 % not yet discharged. */
function stays(): Table {
  const rng = new Random(21);
  return table(['admitted', 'discharged', 'age'], Array.from({ length: 1500 }, () => {
    const admitted = 18_300 + Math.floor(rng.uniform() * 730);
    const age = 20 + Math.floor(rng.uniform() * 60);
    const stay = Math.floor(Math.exp(0.5 + age / 80 + 0.6 * rng.normal()));
    return [iso(admitted), rng.uniform() < 0.08 ? '' : iso(admitted + stay), String(age)];
  }));
}

/** 1,200 clinic visits on the quarter hour, 8:00 to 16:45, none from 12 to 1. */
function clinic(): Table {
  const rng = new Random(9);
  return table(['visit', 'age'], Array.from({ length: 1200 }, () => {
    const day = Date.UTC(2021, 0, 1) + Math.floor(rng.uniform() * 730) * DAY;
    let slot = Math.floor(rng.uniform() * 32);
    if (slot >= 16) slot += 4;
    const at = new Date(day + (8 * 60 + 15 * slot) * 60_000).toISOString();
    return [`${at.slice(0, 10)} ${at.slice(11, 16)}`, String(30 + Math.floor(rng.uniform() * 50))];
  }));
}

/** 1,500 survey rows: -8 (not applicable) for every non-smoker, -9 (refused) and NA for some smokers. */
function survey(): Table {
  const rng = new Random(21);
  return table(['smoker', 'cigarettes', 'age'], Array.from({ length: 1500 }, () => {
    const smoker = rng.uniform() < 0.4;
    const u = rng.uniform();
    const cigarettes = !smoker ? '-8' : u < 0.1 ? '-9' : u < 0.15 ? 'NA'
      : String(1 + Math.floor(rng.uniform() * 30));
    return [smoker ? 'yes' : 'no', cigarettes, String(20 + Math.floor(rng.uniform() * 60))];
  }));
}

function withColumn(schema: Schema, name: string, fields: object): Schema {
  return { ...schema, columns: schema.columns.map((c) => (c.name === name ? { ...c, ...fields } : c)) };
}

function releases(data: Table, schema: Schema): Table[] {
  const model = fitModel(data, schema, { seed: 1 });
  return seeds.map((seed) => synthesize(model, data, { w, seed }).table);
}

const quantile = (values: number[], q: number) =>
  [...values].sort((a, b) => a - b)[Math.floor(q * (values.length - 1))];

function correlation(x: number[], y: number[]): number {
  const mean = (v: number[]) => v.reduce((s, a) => s + a, 0) / v.length;
  const [mx, my] = [mean(x), mean(y)];
  let [sxy, sxx, syy] = [0, 0, 0];
  for (let i = 0; i < x.length; i++) {
    sxy += (x[i] - mx) * (y[i] - my);
    sxx += (x[i] - mx) ** 2;
    syy += (y[i] - my) ** 2;
  }
  return sxy / Math.sqrt(sxx * syy);
}

function stayFigures(t: Table): string {
  const [admitted, discharged, age] = t.columns;
  const rows = admitted.flatMap((a, i) => (a === '' || discharged[i] === '' ? []
    : [[(Date.parse(discharged[i]) - Date.parse(a)) / DAY, Number(age[i])]]));
  const stay = rows.map(([s]) => s);
  return `median ${quantile(stay, 0.5)}, p90 ${quantile(stay, 0.9)}, max ${quantile(stay, 1)} days, `
    + `${stay.filter((s) => s < 0).length} negative, corr(age, stay) `
    + `${correlation(rows.map(([, a]) => a), stay).toFixed(2)}`;
}

function clinicFigures(t: Table): string {
  const times = t.columns[0].map((cell) => cell.slice(11));
  const closed = times.filter((time) => time < '08:00' || time > '16:45'
    || (time >= '12:00' && time < '13:00')).length;
  return `${closed} of ${times.length} when closed`;
}

function surveyFigures(t: Table): string {
  const [smoker, cigarettes] = t.columns;
  const count = (token: string) => cigarettes.filter((cell) => cell === token).length;
  const smokersNotApplicable = cigarettes.filter((cell, i) => cell === '-8' && smoker[i] === 'yes')
    .length;
  return `-8 ${count('-8')}, -9 ${count('-9')}, NA ${count('NA')}; smokers with -8 `
    + `${smokersNotApplicable}`;
}

function report(title: string, data: Table, figures: (t: Table) => string,
  variants: [string, Schema][]): void {
  console.log(`\n${title}\ndata: ${figures(data)}`);
  for (const [name, schema] of variants) {
    releases(data, schema).forEach((release, k) =>
      console.log(`${name}, seed ${seeds[k]}: ${figures(release)}`));
  }
}

console.log(`w = ${w}, release seeds ${seeds.join(', ')}; each model fitted with seed 1`);
const stayData = stays();
const staySchema = inferSchema(stayData);
report('Stays (discharged after admitted)', stayData, stayFigures, [
  ['as a gap', staySchema],
  // Declared bounds keep the discharge date on its own time line.
  ['apart', withColumn(staySchema, 'discharged', { lower: '2019-01-01', upper: '2022-12-31' })],
]);
const clinicData = clinic();
const clinicSchema = inferSchema(clinicData);
report('Clinic visits (8:00–16:45, no lunch hour)', clinicData, clinicFigures, [
  ['day and time of day', clinicSchema],
  ['one time line', withColumn(clinicSchema, 'visit',
    { lower: '2021-01-01 00:00', upper: '2022-12-31 23:45' })],
]);
const surveyData = survey();
const surveySchema = withColumn(inferSchema(surveyData), 'cigarettes',
  { type: 'integer', missingCodes: [-8, -9] });
report('Survey (several missing codes)', surveyData, surveyFigures, [['codes kept apart', surveySchema]]);
