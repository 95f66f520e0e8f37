import { test } from 'node:test';
import assert from 'node:assert/strict';
import { splitForAudit } from '../privacy/index.js';
import { inferSchema } from '../table/index.js';
import type { Table } from '../table/index.js';
import { Random } from '../util/random.js';
import { auditAndRelease } from './index.js';
import { personGroups } from './subset.js';

/** Simulated long-format visits: 60 patients with 1 to 6 visits each. */
function visits(): Table {
  const rng = new Random(4);
  const ids: string[] = [];
  const ages: string[] = [];
  const sbp: string[] = [];
  for (let patient = 0; patient < 60; patient++) {
    const age = 30 + Math.floor(50 * rng.uniform());
    for (let k = 1 + Math.floor(6 * rng.uniform()); k > 0; k--) {
      ids.push(`P${String(patient + 1).padStart(3, '0')}`);
      ages.push(String(age));
      sbp.push(String(Math.round(110 + 0.5 * age + 12 * rng.normal())));
    }
  }
  return { names: ['patient_id', 'age', 'sbp'], columns: [ids, ages, sbp], rowCount: ids.length };
}

test('split mode puts each person\'s rows all on one side, and says so', async () => {
  const table = visits();
  const schema = inferSchema(table);
  assert.equal(schema.columns[0].type, 'id', 'the premise: a shared identifier');
  const release = await auditAndRelease(table, schema, {
    choice: { kind: 'fixed', w: 0.5 }, audit: false, seed: 3, fitFraction: 0.5,
    fit: { epochs: 2 },
  });
  const released = new Set(release.releasedRows);
  const side = new Map<string, boolean>();
  table.columns[0].forEach((id, i) => {
    const isReleased = released.has(i);
    assert.equal(side.get(id) ?? isReleased, isReleased, `patient ${id} is on both sides`);
    side.set(id, isReleased);
  });
  assert.ok([...side.values()].some((x) => x) && [...side.values()].some((x) => !x));
  assert.ok(release.notes.some((note) => /split by person \(column "patient_id"/.test(note)));
});

test('the audit\'s members, non-members and reference rows are split by person', () => {
  const table = visits();
  const groups = personGroups(table, inferSchema(table))!.groups;
  const split = splitForAudit(table.rowCount, new Random(9), 0.2, 0.2, groups);
  const owner = new Map<number, string>();
  for (const [part, rows] of Object.entries(split)) {
    for (const i of rows as Int32Array) {
      assert.equal(owner.get(groups[i]) ?? part, part, `a person in ${part} and elsewhere`);
      owner.set(groups[i], part);
    }
  }
  const total = split.members.length + split.nonMembers.length + split.reference.length;
  assert.equal(total, table.rowCount);
  // Without groups the split is the plain one, row by row.
  assert.deepEqual(splitForAudit(50, new Random(9)), splitForAudit(50, new Random(9), 0.2, 0.2, null));
});

test('a release audited without split mode says its audit split is by person', async () => {
  const table = visits();
  const release = await auditAndRelease(table, inferSchema(table), {
    choice: { kind: 'fixed', w: 0.5 }, seed: 3, fit: { epochs: 2 },
  });
  assert.ok(release.notes.some((note) => /split by person \(column "patient_id"/.test(note)));
});
