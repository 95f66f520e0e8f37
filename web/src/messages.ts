/**
 * The messages between the page (main.ts) and the training worker
 * (worker.ts). Only plain, structured-cloneable data crosses: the file's
 * bytes go in once, and aggregates, the schema and the finished downloads
 * come back. No real row is ever sent to the page for display.
 */
import type { Schema } from '../../src/table/index.js';
import type { PrivacySummary } from '../../src/privacy/index.js';

/** How the user picks w (method.md §6). */
export type WChoice =
  | { kind: 'direct'; w: number }
  | { kind: 'auc'; targetAuc: number }
  | { kind: 'epsilon'; targetEpsilon: number };

export interface ReleaseSettings {
  choice: WChoice;
  /** Integer in [0, 2³¹ − 1]; the same seed gives the same file as the CLI. */
  seed: number;
  /** Epoch budget; undefined: the library default (as in the CLI). */
  epochs?: number;
  /** δ of the (ε, δ) statement. */
  delta: number;
  /** Latent clipping at the data-free radius R (method.md §3.4). */
  clip: boolean;
  /** Also fit on a split and attack the release (implied by an AUC target). */
  audit: boolean;
  /** Release at w = 0 when no w meets the target (else nothing is released). */
  force: boolean;
  /**
   * Split mode (`lni run --fit-fraction`): the share of rows, in
   * [0.01, 0.99], that fits the flow and is not released; undefined: off.
   */
  fitFraction?: number;
}

export type ToWorker =
  | { type: 'load'; name: string; bytes: ArrayBuffer }
  | { type: 'fit'; schema: Schema; settings: ReleaseSettings;
      /** Int32Array flag set to 1 by the page to cancel; null without isolation. */
      stop: SharedArrayBuffer | null };

export type Stage = 'audit-fit' | 'calibrate' | 'fit' | 'release' | 'report';

export type FromWorker =
  | { type: 'loaded'; name: string; rows: number; schema: Schema; notes: string[] }
  | { type: 'stage'; stage: Stage; detail: string }
  | { type: 'epoch'; stage: Stage; epoch: number; epochs: number;
      trainNll: number; validationNll: number; maxSpectralNorm: number;
      spectralNorms: number[] }
  | { type: 'done'; result: ReleaseOutput }
  | { type: 'cancelled' }
  | { type: 'error'; code: string; message: string; hint?: string };

/** The three downloads and the numbers the page shows beside them. */
export interface ReleaseOutput {
  /** Synthetic table in the input's dialect; null when nothing was released. */
  csv: string | null;
  csvName: string;
  privacy: PrivacySummary;
  privacyLines: string[];
  privacyName: string;
  reportHtml: string | null;
  reportName: string;
  /** The w of the release; null when nothing was released. */
  w: number | null;
  seed: number;
  /** Rows released; 0 when nothing was. */
  rows: number;
  /** Rows of the input file. */
  inputRows: number;
  /** Split mode: rows that fitted the flow and are not released; else 0. */
  fittedOnlyRows: number;
  epochsRun: number;
  notes: string[];
}
