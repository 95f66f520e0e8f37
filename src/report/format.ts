/**
 * Number and text formatting for the report: three significant digits,
 * with thousands separators for large numbers and a short exponent form
 * (1e-6) for very small or very large ones.
 */

/**
 * A number to `digits` significant digits, trailing zeros dropped.
 * 0.041234 → "0.0412", 1566.2 → "1,570", 1e-6 → "1e-6", NaN → "n/a".
 */
export function formatNumber(x: number | null | undefined, digits = 3): string {
  if (x === null || x === undefined || Number.isNaN(x)) return 'n/a';
  if (x === Infinity) return '∞';
  if (x === -Infinity) return '−∞';
  if (x === 0) return '0';

  const magnitude = Math.abs(x);
  if (magnitude < 1e-3 || magnitude >= 1e9) {
    const [mantissa, exponent] = x.toExponential(digits - 1).split('e');
    return `${minus(trimZeros(mantissa))}e${minus(String(Number(exponent)))}`;
  }

  const rounded = Number(x.toPrecision(digits));
  if (Math.abs(rounded) >= 1000) return groupThousands(rounded.toFixed(0));
  const decimals = Math.max(0, digits - 1 - Math.floor(Math.log10(Math.abs(rounded))));
  return minus(trimZeros(rounded.toFixed(decimals)));
}

/** A count written exactly, with thousands separators: 12345 → "12,345". */
export function formatCount(n: number): string {
  if (!Number.isFinite(n)) return formatNumber(n);
  return groupThousands(Math.round(n).toFixed(0));
}

/** A proportion in [0, 1] as a percentage with three significant digits. */
export function formatPercent(p: number): string {
  return `${formatNumber(p * 100)}%`;
}

/** An interval "[a, b]" with both ends formatted alike. */
export function formatInterval(low: number, high: number): string {
  return `[${formatNumber(low)}, ${formatNumber(high)}]`;
}

/** 'lower-is-better' → "lower is better". */
export function directionText(
  direction: 'higher-is-better' | 'lower-is-better' | 'closer-to-one-is-better',
): string {
  return direction === 'closer-to-one-is-better' ? 'closer to 1 is better'
    : direction.replace(/-/g, ' ');
}

/** Text made safe for HTML element content and attribute values. */
export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

function trimZeros(text: string): string {
  return text.includes('.') ? text.replace(/\.?0+$/, '') : text;
}

function groupThousands(integerText: string): string {
  const negative = integerText.startsWith('-');
  const digits = negative ? integerText.slice(1) : integerText;
  const grouped = digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return negative ? `−${grouped}` : grouped;
}

/** A true minus sign reads better than a hyphen next to numbers. */
function minus(text: string): string {
  return text.startsWith('-') ? `−${text.slice(1)}` : text;
}
