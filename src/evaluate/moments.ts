/**
 * Mean and sample standard deviation (divisor n − 1) of the observed
 * (non-NaN) values, by Welford's one-pass update (Welford 1962), which stays
 * accurate when the mean is large against the spread.
 * mean is null with no observed value; sd is null with fewer than two.
 */
export function moments(values: Float64Array): {
  count: number; mean: number | null; sd: number | null;
} {
  let count = 0;
  let mean = 0;
  let squares = 0;
  for (let i = 0; i < values.length; i++) {
    const x = values[i];
    if (Number.isNaN(x)) continue;
    count++;
    const delta = x - mean;
    mean += delta / count;
    squares += delta * (x - mean);
  }
  return {
    count,
    mean: count > 0 ? mean : null,
    sd: count > 1 ? Math.sqrt(Math.max(0, squares) / (count - 1)) : null,
  };
}
