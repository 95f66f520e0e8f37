import { test } from 'node:test';
import assert from 'node:assert/strict';
import { termJson, type TermResult } from './analyze.js';
import { poolSites } from './pool.js';

test('termJson keeps the τ² (Q-profile) and I² (Higgins–Thompson) intervals that method.md §8 promises', () => {
  const sites = [
    { site: 'a', estimate: 0.1, variance: 0.01 },
    { site: 'b', estimate: 0.5, variance: 0.02 },
    { site: 'c', estimate: -0.2, variance: 0.015 },
  ];
  const pooled = poolSites(sites);
  const term: TermResult = { term: 'x', sites: pooled.sites, fixed: pooled.fixed,
    random: pooled.random, excluded: [] };
  const random = termJson(term).random as Record<string, number | null>;
  for (const key of ['tau2Low', 'tau2High', 'I2Low', 'I2High']) {
    assert.equal(typeof random[key], 'number', `${key} should be in the JSON`);
  }
  assert.ok(random.tau2Low! <= random.tau2! && random.tau2! <= random.tau2High!);
  assert.ok(random.I2Low! <= random.I2! && random.I2! <= random.I2High!);
});
