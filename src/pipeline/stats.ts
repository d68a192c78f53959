// Robust statistics on typed arrays, NaN-free input assumed unless stated.

/** Median of `values` (O(n); see orderStatistics). NaN for an empty input. */
export function median(values: ArrayLike<number>): number {
  const n = values.length;
  if (n === 0) return NaN;
  const [lower, upper] = orderStatistics(values, n >> 1);
  return n % 2 === 1 ? upper : (lower + upper) / 2;
}

/** The k-th smallest of `values` (0-based; O(n)), as a sort would place it. */
export function kthSmallest(values: ArrayLike<number>, k: number): number {
  return orderStatistics(values, k)[1];
}

/** Below this many values a quickselect on a copy is as quick as bucketing first. */
const BUCKETED_FROM = 8192;
const BUCKETS = 4096;

/**
 * The (k-1)-th and k-th smallest of `values` (k >= 1 for the first; -Infinity for k = 0), exactly.
 * Large inputs are bucketed by value first, in sequential passes that leave `values` untouched:
 * the bucket index rises with the value, so both ranks lie in the buckets that the counts point
 * to, and only those few values are copied and selected among.
 */
function orderStatistics(values: ArrayLike<number>, k: number): [number, number] {
  const n = values.length;
  if (n < BUCKETED_FROM) return selectedPair(Float64Array.from(values), k);
  const { low, high } = range(values);
  const scale = BUCKETS / (high - low);
  if (!(scale > 0 && scale < Infinity)) return selectedPair(Float64Array.from(values), k);
  const counts = bucketCounts(values, low, scale);
  // Buckets [first, last] hold ranks k - 1 and k; `below` values lie in lower buckets.
  let below = 0;
  let first = 0;
  while (below + counts[first]! < k) below += counts[first++]!;
  let last = first;
  let through = below + counts[first]!;
  while (through <= k) through += counts[++last]!;
  return selectedPair(inBuckets(values, low, scale, first, last, through - below), k - below);
}

// An object, not a [low, high] literal: V8 reuses the loop's on-stack-replaced code, and that bailed
// out on the array literal after the loop at every call.
function range(values: ArrayLike<number>): { low: number; high: number } {
  let low = Infinity;
  let high = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (v < low) low = v;
    if (v > high) high = v;
  }
  return { low, high };
}

/** The bucket of v: (v - low) * scale lies in [0, BUCKETS] (rounding aside), and `| 0` floors it. */
function bucketOf(v: number, low: number, scale: number): number {
  const b = ((v - low) * scale) | 0;
  return b < BUCKETS ? b : BUCKETS - 1;
}

function bucketCounts(values: ArrayLike<number>, low: number, scale: number): Int32Array {
  const counts = new Int32Array(BUCKETS);
  for (let i = 0; i < values.length; i++) counts[bucketOf(values[i]!, low, scale)]!++;
  return counts;
}

/** The `count` values whose bucket lies in [first, last]. */
function inBuckets(values: ArrayLike<number>, low: number, scale: number, first: number, last: number, count: number): Float64Array {
  const out = new Float64Array(count);
  let m = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    const b = bucketOf(v, low, scale);
    if (b >= first && b <= last) out[m++] = v;
  }
  return out;
}

/** The (k-1)-th and k-th smallest of `a`, which it reorders. */
function selectedPair(a: Float64Array, k: number): [number, number] {
  const upper = select(a, k);
  let lower = -Infinity;
  for (let i = 0; i < k; i++) if (a[i]! > lower) lower = a[i]!;
  return [lower, upper];
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
  return [centre, 1.4826 * median(absoluteDeviations(values, centre))];
}

// A loop of its own: V8 reuses on-stack-replaced code for a loop that shares its function with
// code after it, and that code bailed out on every call here (stepOf calls this per scar run).
function absoluteDeviations(values: ArrayLike<number>, centre: number): Float64Array {
  const deviations = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) deviations[i] = Math.abs(values[i]! - centre);
  return deviations;
}
