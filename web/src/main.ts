/**
 * The page: wires the file picker, schema editor, settings and downloads
 * to the training worker. It owns the UI only; all modelling happens in
 * worker.ts through the core library. Nothing here opens a connection.
 */
import { validateSchema } from '../../src/table/schema.js';
import type { Schema } from '../../src/table/index.js';
import type { FromWorker, ReleaseOutput, ToWorker } from './messages.js';
import { ProgressView } from './progress-view.js';
import { SchemaEditor } from './schema-editor.js';
import { freshSeed, readSettings } from './settings-form.js';

const byId = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

const fileInput = byId<HTMLInputElement>('file');
const fileStatus = byId('file-status');
const errorLine = byId('error');
const fitButton = byId<HTMLButtonElement>('fit');
const cancelButton = byId<HTMLButtonElement>('cancel');
const editor = new SchemaEditor(
  document.querySelector('#schema-table tbody') as HTMLTableSectionElement);
const progress = new ProgressView(byId<HTMLProgressElement>('progress'), byId('stage'),
  byId('epoch-line'), byId('spectral'),
  document.getElementById('nll-chart') as unknown as SVGSVGElement);

let worker: Worker;
let fileName = '';
let fileBytes: Uint8Array | undefined;
let stopFlag: Int32Array | null = null;
let running = false;
/** A file was sent to the worker and it has not answered yet. */
let loading = false;
const objectUrls: string[] = [];

function startWorker(): void {
  worker = new Worker('worker.js', { name: 'lni-training' });
  worker.addEventListener('message', (event: MessageEvent<FromWorker>) => onMessage(event.data));
  worker.addEventListener('error', (event) => {
    event.preventDefault();
    showError(`The training worker failed: ${event.message}`);
    setRunning(false);
  });
}

function send(message: ToWorker, transfer: Transferable[] = []): void {
  worker.postMessage(message, transfer);
}

function loadIntoWorker(): void {
  if (fileBytes === undefined) return;
  const copy = fileBytes.slice().buffer;
  send({ type: 'load', name: fileName, bytes: copy }, [copy]);
}

function showError(text: string): void {
  errorLine.textContent = text;
}

function setRunning(value: boolean): void {
  running = value;
  fitButton.disabled = value;
  cancelButton.disabled = !value;
  fileInput.disabled = value;
}

function onMessage(message: FromWorker): void {
  switch (message.type) {
    case 'loaded': return onLoaded(message.name, message.rows, message.schema, message.notes);
    case 'stage': return progress.showStage(message.stage, message.detail);
    case 'epoch': return progress.showEpoch(message);
    case 'done':
      setRunning(false);
      progress.finish(message.result.csv === null || message.result.w === null
        ? 'Nothing was released: no w meets the target (see below).'
        : `Done: ${message.result.rows} rows released at w = `
          + `${Number(message.result.w.toPrecision(4))}`
          + `${message.result.fittedOnlyRows > 0 ? ' in split mode' : ''} (release model: `
          + `${message.result.epochsRun} epochs).`);
      return showResults(message.result);
    case 'cancelled':
      setRunning(false);
      progress.finish('Cancelled: nothing was released.');
      return;
    case 'error':
      setRunning(false);
      if (loading) {
        loading = false;
        fileStatus.textContent = `${fileName} could not be read, so there is nothing to fit.`;
      }
      showError(message.message);
  }
}

function onLoaded(name: string, rows: number, schema: Schema, notes: string[]): void {
  loading = false;
  editor.show(schema);
  const modelled = schema.columns.filter((c) => !['id', 'constant', 'empty'].includes(c.type));
  fileStatus.textContent = `${name}: ${rows} rows and ${schema.columns.length} columns read `
    + `(${modelled.length} will be modelled).${notes.length > 0 ? ' ' + notes.join(' ') : ''}`;
  for (const id of ['schema-section', 'w-section', 'fit-section']) byId(id).hidden = false;
  byId('results-section').hidden = true;
}

function download(anchor: HTMLAnchorElement, content: string, type: string, name: string): void {
  const url = URL.createObjectURL(new Blob([content], { type }));
  objectUrls.push(url);
  anchor.href = url;
  anchor.download = name;
  anchor.setAttribute('aria-label', `Download ${name}`);
}

/** Which rows came out, as the CLI's summary says it; counts only. */
function releasedRowsLine(result: ReleaseOutput): string {
  const split = result.fittedOnlyRows > 0;
  if (result.csv === null) {
    // The README's answer for small tables; said only where it could help.
    return 'No rows were released.' + (split ? '' : ' For a table of a few hundred rows, '
      + 'split mode with latent clipping (step 3) often makes a release possible.');
  }
  if (!split) return `${result.rows} of ${result.inputRows} rows released (all of them).`;
  return `${result.rows} of ${result.inputRows} rows released in split mode: the other `
    + `${result.fittedOnlyRows} rows fitted the flow and are not released.`;
}

function showResults(result: ReleaseOutput): void {
  while (objectUrls.length > 0) URL.revokeObjectURL(objectUrls.pop() as string);
  byId('released-rows').textContent = releasedRowsLine(result);
  const list = byId('privacy-lines');
  list.replaceChildren(...[...result.notes, ...result.privacyLines, `Seed: ${result.seed}.`]
    .map((line) => {
      const item = document.createElement('li');
      item.textContent = line;
      return item;
    }));
  const csvLink = byId<HTMLAnchorElement>('download-csv');
  const reportLink = byId<HTMLAnchorElement>('download-report');
  const privacyLink = byId<HTMLAnchorElement>('download-privacy');
  csvLink.hidden = result.csv === null;
  reportLink.hidden = result.reportHtml === null;
  if (result.csv !== null) download(csvLink, result.csv, 'text/csv', result.csvName);
  if (result.reportHtml !== null) {
    download(reportLink, result.reportHtml, 'text/html', result.reportName);
  }
  download(privacyLink, JSON.stringify(result.privacy, null, 2) + '\n', 'application/json',
    result.privacyName);
  byId('results-section').hidden = false;
  // The next release gets a fresh seed unless one is typed: releases of the
  // same rows add up their ε only if their noise is unrelated, and a seed
  // reused with another model (or a schema edit) would share it. This
  // release's seed is listed above, to reproduce it.
  if (result.csv !== null) byId<HTMLInputElement>('seed').value = String(freshSeed());
  (result.csv !== null ? csvLink : privacyLink).focus();
}

fileInput.addEventListener('change', async () => {
  const file = fileInput.files?.[0];
  if (file === undefined) return;
  showError('');
  fileName = file.name;
  fileBytes = new Uint8Array(await file.arrayBuffer());
  fileStatus.textContent = `Reading ${file.name}…`;
  // The previous file's schema and settings go until this one is read: a
  // file that fails to load must not leave the last one ready to fit.
  for (const id of ['schema-section', 'w-section', 'fit-section', 'results-section']) {
    byId(id).hidden = true;
  }
  loading = true;
  loadIntoWorker();
});

fitButton.addEventListener('click', () => {
  showError('');
  let schema: Schema;
  let settings;
  try {
    schema = editor.read();
    settings = readSettings();
  } catch (error) {
    showError(error instanceof Error ? error.message : String(error));
    return;
  }
  const shared = globalThis.crossOriginIsolated ? new SharedArrayBuffer(4) : null;
  stopFlag = shared === null ? null : new Int32Array(shared);
  progress.reset();
  byId('results-section').hidden = true;
  setRunning(true);
  send({ type: 'fit', schema, settings, stop: shared });
});

cancelButton.addEventListener('click', () => {
  if (!running) return;
  if (stopFlag !== null) {
    Atomics.store(stopFlag, 0, 1);
    progress.showStage('cancel', 'stopping after this epoch');
    return;
  }
  // Without shared memory the worker cannot be told mid-fit: end it, start afresh.
  worker.terminate();
  startWorker();
  loadIntoWorker();
  setRunning(false);
  progress.finish('Cancelled: nothing was released.');
});

byId('schema-download').addEventListener('click', () => {
  try {
    const url = URL.createObjectURL(new Blob([JSON.stringify(editor.read(), null, 2) + '\n'],
      { type: 'application/json' }));
    const anchor = document.createElement('a');
    anchor.href = url;
    anchor.download = `${fileName.replace(/\.[^.]*$/, '') || 'table'}.schema.json`;
    anchor.click();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  } catch (error) {
    showError(error instanceof Error ? error.message : String(error));
  }
});

byId<HTMLInputElement>('schema-upload').addEventListener('change', async (event) => {
  const file = (event.target as HTMLInputElement).files?.[0];
  if (file === undefined) return;
  try {
    editor.show(validateSchema(JSON.parse(await file.text())));
    showError('');
  } catch (error) {
    showError(`${file.name} is not a schema JSON file: `
      + `${error instanceof Error ? error.message : String(error)}`);
  }
});

/** An AUC target needs the audit; an ε target is met far sooner with clipping. */
function onModeChange(): void {
  const mode = (document.querySelector('input[name="w-mode"]:checked') as HTMLInputElement)
    .value;
  const audit = byId<HTMLInputElement>('audit');
  if (mode === 'auc') audit.checked = true;
  audit.disabled = mode === 'auc';
  if (mode === 'epsilon') byId<HTMLInputElement>('clip').checked = true;
}
for (const radio of document.querySelectorAll('input[name="w-mode"]')) {
  radio.addEventListener('change', onModeChange);
}

// The share is read only in split mode; a browser that restores the form
// after a reload may bring the box back checked, hence the first call.
const splitBox = byId<HTMLInputElement>('split');
const onSplitChange = () => {
  byId<HTMLInputElement>('fit-fraction').disabled = !splitBox.checked;
};
splitBox.addEventListener('change', onSplitChange);
onSplitChange();

byId<HTMLInputElement>('seed').value = String(freshSeed());
byId('isolation-state').textContent = globalThis.crossOriginIsolated
  ? 'The page is cross-origin isolated.'
  : 'The page is not cross-origin isolated, so Cancel restarts the worker.';
startWorker();
