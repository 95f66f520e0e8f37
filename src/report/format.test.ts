import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  directionText, escapeHtml, formatCount, formatInterval, formatNumber, formatPercent,
} from './format.js';

test('formatNumber keeps three significant digits and drops trailing zeros', () => {
  assert.equal(formatNumber(0.041234), '0.0412');
  assert.equal(formatNumber(0.5), '0.5');
  assert.equal(formatNumber(6.1), '6.1');
  assert.equal(formatNumber(36.44), '36.4');
  assert.equal(formatNumber(128.4), '128');
  assert.equal(formatNumber(0.99999), '1');
  assert.equal(formatNumber(0), '0');
});

test('formatNumber groups thousands and writes tiny or huge numbers with an exponent', () => {
  assert.equal(formatNumber(1566.2), '1,570');
  assert.equal(formatNumber(999.7), '1,000');
  assert.equal(formatNumber(1e-6), '1e−6');
  assert.equal(formatNumber(-2.5e-5), '−2.5e−5');
  assert.equal(formatNumber(3.2e12), '3.2e12');
});

test('formatNumber uses a true minus sign and names what is not a number', () => {
  assert.equal(formatNumber(-0.0123), '−0.0123');
  assert.equal(formatNumber(NaN), 'n/a');
  assert.equal(formatNumber(null), 'n/a');
  assert.equal(formatNumber(Infinity), '∞');
});

test('counts are exact, percentages and intervals use three digits', () => {
  assert.equal(formatCount(1234567), '1,234,567');
  assert.equal(formatCount(12), '12');
  assert.equal(formatPercent(0.1234), '12.3%');
  assert.equal(formatInterval(0.4987, 0.56789), '[0.499, 0.568]');
});

test('directions read as plain words', () => {
  assert.equal(directionText('lower-is-better'), 'lower is better');
  assert.equal(directionText('higher-is-better'), 'higher is better');
  assert.equal(directionText('closer-to-one-is-better'), 'closer to 1 is better');
});

test('escapeHtml neutralises markup in user-supplied names', () => {
  assert.equal(escapeHtml('<b a="1">&\'</b>'), '&lt;b a=&quot;1&quot;&gt;&amp;&#39;&lt;/b&gt;');
});
