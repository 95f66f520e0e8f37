/**
 * The training worker: holds the parsed table, runs the pipeline
 * (release.ts) off the page's thread, and posts progress and results.
 * Cancelling reads a shared flag the page sets, polled every epoch; without
 * cross-origin isolation there is no shared memory and the page terminates
 * the worker instead.
 */
import { LniError } from '../../src/util/errors.js';
import type { FromWorker, Stage, ToWorker } from './messages.js';
import { Cancelled, loadTable, release, type LoadedTable } from './release.js';

let loaded: LoadedTable | undefined;

const STAGES: Record<Stage, string> = {
  'audit-fit': 'fitting the audit model on the member rows (held-out rows are attacked later)',
  calibrate: 'attacking releases of the audit model across the w grid',
  fit: 'fitting the release model',
  release: 'releasing every row through the flow',
  report: 'rendering the HTML report',
};

const post = (message: FromWorker): void => postMessage(message);

function describe(error: unknown): FromWorker {
  if (error instanceof LniError) {
    return { type: 'error', code: error.code, message: error.describe() };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { type: 'error', code: 'internal', message,
    hint: 'this is a bug in lni; please report it (the message holds no data rows)' };
}

async function handle(message: ToWorker): Promise<void> {
  if (message.type === 'load') {
    // A file that fails to load leaves no earlier one behind to be fitted.
    loaded = undefined;
    loaded = loadTable(message.name, new Uint8Array(message.bytes));
    post({ type: 'loaded', name: loaded.name, rows: loaded.table.rowCount,
      schema: loaded.schema, notes: loaded.notes });
    return;
  }
  if (loaded === undefined) throw new Error('fit was asked for before a file was loaded');
  const flag = message.stop === null ? null : new Int32Array(message.stop);
  const result = await release(loaded, message.schema, message.settings, {
    shouldStop: () => flag !== null && Atomics.load(flag, 0) === 1,
    onStage: (stage) => post({ type: 'stage', stage, detail: STAGES[stage] }),
    onCalibrationStep: (w, evaluated) => post({ type: 'stage', stage: 'calibrate',
      detail: `attacking releases of the audit model: w = ${Number(w.toFixed(4))} `
        + `(${evaluated} evaluated)` }),
    onEpoch: (stage, report) => post({ type: 'epoch', stage, epoch: report.epoch,
      epochs: report.epochs, trainNll: report.trainNll, validationNll: report.validationNll,
      maxSpectralNorm: report.maxSpectralNorm, spectralNorms: report.spectralNorms }),
  });
  post({ type: 'done', result });
}

addEventListener('message', (event: MessageEvent<ToWorker>) => {
  handle(event.data).catch((error: unknown) => {
    post(error instanceof Cancelled ? { type: 'cancelled' } : describe(error));
  });
});
