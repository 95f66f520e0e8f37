// The web app's pipeline (web/src/release.ts, what its worker runs) called
// from Node: no DOM is needed, so the release and its report are checked
// here without a browser.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadTable, release } from '../web/src/release.js';

test('the app releases and reports a table whose numeric column holds a one-off comment',
  async () => {
    // Simulated rows; "lost sample" in two cells is read as missing and
    // released as an empty cell; the schema the page shows and saves counts
    // those cells ("strayTexts") and never holds the text.
    const lines = ['age,chol,group'];
    for (let i = 0; i < 300; i++) {
      const chol = i === 7 || i === 101 ? 'lost sample' : String(180 + (i * 13) % 41 + (i * 7) % 29);
      lines.push(`${30 + (i * 13) % 41},${chol},${i % 3 === 0 ? 'a' : 'b'}`);
    }
    const input = loadTable('stray.csv', new TextEncoder().encode(lines.join('\n') + '\n'));
    assert.deepEqual(input.schema.columns[1].missing, [], 'the premise');
    assert.equal(input.schema.columns[1].strayTexts, 2);
    assert.ok(!JSON.stringify(input.schema).includes('lost sample'), 'the text is not saved');
    const output = await release(input, input.schema, {
      choice: { kind: 'direct', w: 0.5 }, seed: 7, epochs: 3, delta: 1e-6, clip: false,
      audit: true, force: false,
    });
    assert.ok(output.csv !== null);
    assert.ok(!output.csv.includes('lost sample'), 'the text is not released');
    assert.ok(output.reportHtml?.includes('<svg'), 'the report holds its charts');
  });
