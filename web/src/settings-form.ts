/** Reads and checks the w, seed and training settings from the form. */
import type { ReleaseSettings, WChoice } from './messages.js';

const MAX_SEED = 2 ** 31 - 1;

function input(id: string): HTMLInputElement {
  return document.getElementById(id) as HTMLInputElement;
}

/** A number from a field, or an Error that names the field and the rule. */
function number(id: string, label: string, check: (value: number) => boolean,
  rule: string): number {
  const text = input(id).value.trim();
  const value = Number(text);
  if (text === '' || !Number.isFinite(value) || !check(value)) {
    input(id).setAttribute('aria-invalid', 'true');
    throw new Error(`${label} must be ${rule}; got "${text}".`);
  }
  input(id).removeAttribute('aria-invalid');
  return value;
}

/** A fresh seed from the browser's cryptographic generator. */
export function freshSeed(): number {
  const word = new Uint32Array(1);
  crypto.getRandomValues(word);
  return word[0] % MAX_SEED;
}

export function readSettings(): ReleaseSettings {
  const mode = (document.querySelector('input[name="w-mode"]:checked') as HTMLInputElement)
    .value;
  let choice: WChoice;
  if (mode === 'auc') {
    choice = { kind: 'auc', targetAuc: number('auc-target', 'The target AUC',
      (v) => v >= 0.5 && v <= 1, 'between 0.5 and 1') };
  } else if (mode === 'epsilon') {
    choice = { kind: 'epsilon', targetEpsilon: number('epsilon-target', 'The target ε',
      (v) => v > 0, 'greater than 0') };
  } else {
    choice = { kind: 'direct', w: number('w-value', 'w', (v) => v >= 0 && v <= 1,
      'a number from 0 to 1') };
  }
  const epochsText = input('epochs').value.trim();
  // The same range as `lni run --fit-fraction`, so a setting the app takes
  // is one the CLI takes too.
  const fitFraction = input('split').checked
    ? number('fit-fraction', 'The share of rows that fits the flow',
      (v) => v >= 0.01 && v <= 0.99, 'between 0.01 and 0.99')
    : undefined;
  return {
    choice,
    seed: number('seed', 'The seed', (v) => Number.isInteger(v) && v >= 0 && v <= MAX_SEED,
      `a whole number from 0 to ${MAX_SEED}`),
    epochs: epochsText === '' ? undefined : number('epochs', 'The epoch budget',
      (v) => Number.isInteger(v) && v >= 1, 'a whole number of at least 1'),
    delta: number('delta', 'δ', (v) => v > 0 && v < 1, 'between 0 and 1 (exclusive)'),
    clip: input('clip').checked,
    audit: input('audit').checked,
    force: input('force').checked,
    ...(fitFraction === undefined ? {} : { fitFraction }),
  };
}
