// Robust statistics on typed arrays, NaN-free input assumed unless stated.

/** Median of `values` (reorders a copy; quickselect, O(n)). NaN for an empty input. */
export function median(values: ArrayLike<number>): number {
  const n = values.length;
  if (n === 0) return NaN;
  const a = Float64Array.from(values);
  const k = n >> 1;
  const upper = select(a, k);
  if (n % 2 === 1) return upper;
  let lower = -Infinity;
  for (let i = 0; i < k; i++) if (a[i]! > lower) lower = a[i]!;
  return (lower + upper) / 2;
}

/** The k-th smallest of `values` (0-based; reorders a copy; O(n)), as a sort would place it. */
export function kthSmallest(values: ArrayLike<number>, k: number): number {
  return select(Float64Array.from(values), k);
}

/** The k-th smallest value; leaves a[0..k) <= a[k] <= a(k..n). */
function select(a: Float64Array, k: number): number {
  let lo = 0;
  let hi = a.length - 1;
  while (hi > lo) {
    const pivot = a[(lo + hi) >> 1]!;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i]! < pivot) i++;
      while (a[j]! > pivot) j--;
      if (i <= j) {
        const t = a[i]!;
        a[i] = a[j]!;
        a[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else break;
  }
  return a[k]!;
}

/** Standard deviation of Gaussian noise estimated robustly: 1.4826 x median absolute deviation. */
export function robustSigma(values: ArrayLike<number>): number {
  return medianAndRobustSigma(values)[1];
}

/** The median and robustSigma of `values` at once: the median is found once for both. */
export function medianAndRobustSigma(values: ArrayLike<number>): [number, number] {
  const centre = median(values);
  const deviations = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) deviations[i] = Math.abs(values[i]! - centre);
  return [centre, 1.4826 * median(deviations)];
}
