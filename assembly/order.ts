// Exact order statistics of float64 values in linear memory: the median and the robust sigma as
// src/pipeline/stats.ts defines them. An order statistic is one of the values, whatever the
// algorithm that selects it, so the kernels' medians equal the references' bit for bit.

// @ts-ignore: decorator
@inline
function valueAt(values: usize, i: i32): f64 {
  return load<f64>(values + (<usize>i << 3));
}

/** The k-th smallest of the n values at `a`, which it reorders: a[0..k) <= a[k] <= a(k..n). */
function select(a: usize, n: i32, k: i32): f64 {
  let lo = 0;
  let hi = n - 1;
  while (hi > lo) {
    const pivot = valueAt(a, (lo + hi) >> 1);
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (valueAt(a, i) < pivot) i++;
      while (valueAt(a, j) > pivot) j--;
      if (i <= j) {
        const t = valueAt(a, i);
        store<f64>(a + (<usize>i << 3), valueAt(a, j));
        store<f64>(a + (<usize>j << 3), t);
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else break;
  }
  return valueAt(a, k);
}

/** Median of the n values at `a`, which it reorders; NaN for none. */
function medianInPlace(a: usize, n: i32): f64 {
  if (n == 0) return NaN;
  const k = n >> 1;
  const upper = select(a, n, k);
  if (n % 2 == 1) return upper;
  let lower = -Infinity;
  for (let i = 0; i < k; i++) if (valueAt(a, i) > lower) lower = valueAt(a, i);
  return (lower + upper) / 2;
}

/** Median of the n values at `a`, selected in `work` (n values; may be `a`, which it then reorders). */
export function medianOfCopy(a: usize, n: i32, work: usize): f64 {
  memory.copy(work, a, <usize>n << 3);
  return medianInPlace(work, n);
}

/**
 * 1.4826 x the median absolute deviation of the n values at `a` from `centre` (their median);
 * `work` holds n values and may be `a` itself (the deviations overwrite the values then).
 */
export function robustSigmaAbout(a: usize, n: i32, centre: f64, work: usize): f64 {
  for (let i = 0; i < n; i++) store<f64>(work + (<usize>i << 3), Math.abs(valueAt(a, i) - centre));
  return 1.4826 * medianInPlace(work, n);
}

/** 1.4826 x the median absolute deviation of the n values at `a`; `work` as robustSigmaAbout's. */
export function robustSigma(a: usize, n: i32, work: usize): f64 {
  return robustSigmaAbout(a, n, medianOfCopy(a, n, work), work);
}
