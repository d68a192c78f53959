// Poisson dead-time correction (Stephan et al., JVST A 12, 1994): at most one count per
// primary pulse, so the observed mean n of N pulses relates to the true mean by
// n = N (1 - exp(-n_true / N)), hence n_true = -N ln(1 - n / N).
//
// ln(1 - x) is evaluated as log1p(-x) with a polynomial of our own: Mathf.log(1 - x) loses
// all relative precision for the small x of a few counts, and a polynomial vectorises.

const LN2_HI: f32 = 0.693145751953125;
const LN2_LO: f32 = 1.428606765330187e-6;
// Shifting the exponent by this puts the mantissa into [sqrt(1/2), sqrt(2)).
const SQRT_HALF_BITS: i32 = 0x3f3504f3;

/**
 * ln(u) for u = 1 - x, x in [0, 1), accurate to a few float32 ulps relative even for tiny x.
 * The caller forms u as (N - n) / N: near saturation that is exact where 1 - n / N is not.
 */
// @ts-ignore: decorator
@inline
function log1mScalar(x: f32, u: f32): f32 {
  const bits = reinterpret<i32>(u) + (0x3f800000 - SQRT_HALF_BITS);
  const k = <f32>((bits >> 23) - 127);
  const m = reinterpret<f32>((bits & 0x007fffff) + SQRT_HALF_BITS);
  const f: f32 = m - 1.0;
  const s: f32 = f / (2.0 + f);
  const s2: f32 = s * s;
  const series: f32 = 1.0 + s2 * (0.33333334 + s2 * (0.2 + s2 * (0.14285715 + s2 * 0.11111111)));
  // (1 - u) - x is the rounding error of forming u; dividing by u carries it through the log.
  const rounding: f32 = ((1.0 - u) - x) / u;
  return k * LN2_HI + ((s + s) * series + (k * LN2_LO + rounding));
}

// @ts-ignore: decorator
@inline
function log1mVector(x: v128, u: v128): v128 {
  const one = f32x4.splat(1.0);
  const bits = i32x4.add(u, i32x4.splat(0x3f800000 - SQRT_HALF_BITS));
  const k = f32x4.convert_i32x4_s(i32x4.sub(i32x4.shr_s(bits, 23), i32x4.splat(127)));
  const m = i32x4.add(v128.and(bits, i32x4.splat(0x007fffff)), i32x4.splat(SQRT_HALF_BITS));
  const f = f32x4.sub(m, one);
  const s = f32x4.div(f, f32x4.add(f32x4.splat(2.0), f));
  const s2 = f32x4.mul(s, s);
  let series = f32x4.add(f32x4.splat(0.14285715), f32x4.mul(s2, f32x4.splat(0.11111111)));
  series = f32x4.add(f32x4.splat(0.2), f32x4.mul(s2, series));
  series = f32x4.add(f32x4.splat(0.33333334), f32x4.mul(s2, series));
  series = f32x4.add(one, f32x4.mul(s2, series));
  const rounding = f32x4.div(f32x4.sub(f32x4.sub(one, u), x), u);
  const low = f32x4.add(f32x4.mul(k, f32x4.splat(LN2_LO)), rounding);
  const poly = f32x4.mul(f32x4.mul(f32x4.splat(2.0), s), series);
  return f32x4.add(f32x4.mul(k, f32x4.splat(LN2_HI)), f32x4.add(poly, low));
}

/**
 * Corrects `count` float32 values in place at `ptr` for `pulses` primary pulses per pixel.
 * Values at or above `pulses - 1/2` are clamped there, where the inverse is still finite.
 */
export function deadTimeCorrect(ptr: usize, count: i32, pulses: f32): void {
  const ceiling: f32 = pulses - 0.5;
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    const ceilingV = f32x4.splat(ceiling);
    const pulsesV = f32x4.splat(pulses);
    const minusPulses = f32x4.splat(-pulses);
    for (; i + 4 <= count; i += 4) {
      const at = ptr + (<usize>i << 2);
      const observed = f32x4.min(v128.load(at), ceilingV);
      const x = f32x4.div(observed, pulsesV);
      const u = f32x4.div(f32x4.sub(pulsesV, observed), pulsesV);
      v128.store(at, f32x4.mul(minusPulses, log1mVector(x, u)));
    }
  }
  for (; i < count; i++) {
    const at = ptr + (<usize>i << 2);
    const observed = min(load<f32>(at), ceiling);
    store<f32>(at, -pulses * log1mScalar(observed / pulses, (pulses - observed) / pulses));
  }
}

/** Digamma function psi(x) for x >= 1: recurrence up to x >= 6, then the asymptotic series. */
function digamma(x: f64): f64 {
  let shift: f64 = 0;
  while (x < 6.0) {
    shift -= 1.0 / x;
    x += 1.0;
  }
  const inverse = 1.0 / x;
  const inverse2 = inverse * inverse;
  const series = inverse2 * (1.0 / 12.0 - inverse2 * (1.0 / 120.0 - inverse2 * (1.0 / 252.0 - inverse2 * (1.0 / 240.0))));
  return shift + Math.log(x) - 0.5 * inverse - series;
}

/**
 * The same correction as an estimator for counted data: n_true = N (psi(N + 1) - psi(N + 1 - n)),
 * which for whole n is N (1/N + 1/(N-1) + ... + 1/(N-n+1)). -N ln(1 - n/N) is the inverse of the
 * mean, but applied to one pixel's binomial count it is biased upwards (by 4% at N = 15 already
 * for a few counts); this sum is nearly unbiased up to about 70% of N, and finite at n = N.
 * Values above `pulses` are clamped to it. Scalar in both builds: it serves accuracy, not speed.
 */
export function deadTimeCorrectHarmonic(ptr: usize, count: i32, pulses: f32): void {
  const n = <f64>pulses;
  const top = digamma(n + 1.0);
  for (let i = 0; i < count; i++) {
    const at = ptr + (<usize>i << 2);
    const observed = min(max(<f64>load<f32>(at), 0.0), n);
    store<f32>(at, <f32>(n * (top - digamma(n + 1.0 - observed))));
  }
}

// Pooled sums of integer counts index a table of the harmonic correction up to this count.
const TABLE_LIMIT: i32 = 1 << 16;

/** Scratch of deadTimePooledLayer: the integral image f64[(rows + 1)(cols + 1)], then the table. */
export function deadTimePooledScratchBytes(rows: i32, cols: i32): usize {
  return (<usize>((rows + 1) * (cols + 1)) << 3) + (<usize>(TABLE_LIMIT + 1) << 2);
}

/**
 * The pooled dead-time correction of src/pipeline/deadTime.ts (correctDeadTime, "pooled") of
 * `planes` rows x cols planes at `planesPtr`, in place, in one pass per plane: each pixel's
 * window sum from an integral image (window shifted inwards at the border, NaN counted as 0),
 * the harmonic estimator of deadTimeCorrectHarmonic on that sum for N = window size x `pulses`,
 * and the pixel scaled by the window's factor. With `hasTotal`, each pixel's change is added
 * to the total-ion plane at `totalPtr`. The same operations in the same order as the
 * TypeScript; whole window sums take the estimator from a table filled as they occur.
 */
export function deadTimePooledLayer(
  planesPtr: usize, planes: i32, totalPtr: usize, hasTotal: i32, rows: i32, cols: i32, radius: i32, pulses: f64,
  scratchPtr: usize,
): void {
  const height = min(2 * radius + 1, rows);
  const width = min(2 * radius + 1, cols);
  const n = <f64><f32>(<f64>(height * width) * pulses);
  const top = digamma(n + 1.0);
  const stride = cols + 1;
  const integral = scratchPtr;
  const table = scratchPtr + (<usize>((rows + 1) * stride) << 3);
  const tableSize = <i32>min(n, <f64>TABLE_LIMIT) + 1;
  for (let s = 0; s < tableSize; s++) store<f32>(table + (<usize>s << 2), NaN);
  for (let c = 0; c < stride; c++) store<f64>(integral + (<usize>c << 3), 0);
  for (let j = 0; j < planes; j++) {
    const plane = planesPtr + (<usize>(j * rows * cols) << 2);
    for (let r = 0; r < rows; r++) {
      let rowSum: f64 = 0;
      store<f64>(integral + (<usize>((r + 1) * stride) << 3), 0);
      for (let c = 0; c < cols; c++) {
        const v = <f64>load<f32>(plane + (<usize>(r * cols + c) << 2));
        rowSum += isNaN(v) ? 0 : v;
        const above = load<f64>(integral + (<usize>(r * stride + c + 1) << 3));
        store<f64>(integral + (<usize>((r + 1) * stride + c + 1) << 3), above + rowSum);
      }
    }
    for (let r = 0; r < rows; r++) {
      const r0 = min(max(r - radius, 0), rows - height);
      const r1 = r0 + height;
      for (let c = 0; c < cols; c++) {
        const c0 = min(max(c - radius, 0), cols - width);
        const c1 = c0 + width;
        const sum = <f32>(integralAt(integral, r1 * stride + c1) - integralAt(integral, r0 * stride + c1)
          - integralAt(integral, r1 * stride + c0) + integralAt(integral, r0 * stride + c0));
        const at = plane + (<usize>(r * cols + c) << 2);
        const value = load<f32>(at);
        const corrected = sum > 0 ? <f32>((<f64>value * <f64>pooledHarmonic(<f64>sum, n, top, table, tableSize)) / <f64>sum) : value;
        if (hasTotal) {
          const totalAt = totalPtr + (<usize>(r * cols + c) << 2);
          store<f32>(totalAt, <f32>(<f64>load<f32>(totalAt) + (<f64>corrected - <f64>value)));
        }
        store<f32>(at, corrected);
      }
    }
  }
}

@inline function integralAt(integral: usize, index: i32): f64 {
  return load<f64>(integral + (<usize>index << 3));
}

/** N (psi(N + 1) - psi(N + 1 - S)) as float32, S clamped to [0, N]; whole S from the table. */
@inline function pooledHarmonic(sum: f64, n: f64, top: f64, table: usize, tableSize: i32): f32 {
  const observed = min(max(sum, 0.0), n);
  if (observed != Math.floor(observed) || observed >= <f64>tableSize) return <f32>(n * (top - digamma(n + 1.0 - observed)));
  const slot = table + (<usize><i32>observed << 2);
  let value = load<f32>(slot);
  if (isNaN(value)) {
    value = <f32>(n * (top - digamma(n + 1.0 - observed)));
    store<f32>(slot, value);
  }
  return value;
}
