import { randomInt } from 'node:crypto';
import { LniError } from '../util/errors.js';
import { MAX_SEED } from '../model/index.js';

/** A decimal number: "0.5", "-2", "1e-6"; not "0x1", "0b1" or "Infinity". */
const DECIMAL_NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** Parses a number option strictly: "0.5" yes, "0.5x", "", "NaN" and "0x1" no. */
export function parseNumber(name: string, text: string): number {
  const value = Number(text);
  if (!DECIMAL_NUMBER.test(text.trim()) || !Number.isFinite(value)) {
    throw new LniError('invalid-option', `--${name} must be a number, got "${text}"`);
  }
  return value;
}

/** Parses a whole number ≥ minimum. */
export function parseInteger(name: string, text: string, minimum: number): number {
  const value = parseNumber(name, text);
  if (!Number.isInteger(value) || value < minimum) {
    throw new LniError('invalid-option',
      `--${name} must be a whole number ≥ ${minimum}, got "${text}"`);
  }
  return value;
}

/** Parses a number > 0. */
export function parsePositive(name: string, text: string): number {
  const value = parseNumber(name, text);
  if (!(value > 0)) {
    throw new LniError('invalid-option', `--${name} must be greater than 0, got ${text}`);
  }
  return value;
}

/** Parses a number in [low, high]. */
export function parseInRange(name: string, text: string, low: number, high: number): number {
  const value = parseNumber(name, text);
  if (value < low || value > high) {
    throw new LniError('invalid-option', `--${name} must be in [${low}, ${high}], got ${text}`);
  }
  return value;
}

/**
 * The seed to use: the user's, or a fresh one from the operating system.
 * A fresh seed keeps the released noise unpredictable; reporting it lets
 * the user reproduce the run (it must stay as private as the data).
 */
export function resolveSeed(text: string | undefined): number {
  if (text === undefined) return randomInt(0, MAX_SEED);
  const seed = parseInteger('seed', text, 0);
  if (seed > MAX_SEED) {
    throw new LniError('invalid-option', `--seed must be at most ${MAX_SEED}, got ${text}`);
  }
  return seed;
}
