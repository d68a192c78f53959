// 2-D discrete Fourier transform of complex float64 data (interleaved re, im), any size:
// iterative radix-2 for powers of two, Bluestein's chirp-z for every other length (one
// power-of-two transform of length >= 2n - 1 carries the convolution).
//
// Forward: X[k] = sum_j x[j] exp(-2 pi i jk / n); the inverse has the + sign and divides by
// rows x cols. A complex value is one v128 (f64x2), so the SIMD path is one lane pair.

const COMPLEX: usize = 16;

function nextPowerOfTwo(n: i32): i32 {
  let m = 1;
  while (m < n) m <<= 1;
  return m;
}

function isPowerOfTwo(n: i32): bool {
  return (n & (n - 1)) == 0;
}

/** Length of the power-of-two transform behind a transform of length n. */
function coreLength(n: i32): i32 {
  return isPowerOfTwo(n) ? n : nextPowerOfTwo(2 * n - 1);
}

/** Bytes of scratch a plan for length n uses: twiddles, and for Bluestein chirp, kernel, work. */
function planBytes(n: i32): usize {
  const m = <usize>coreLength(n);
  const twiddles = (m >> 1) * COMPLEX;
  if (isPowerOfTwo(n)) return twiddles;
  return twiddles + <usize>n * COMPLEX + 2 * m * COMPLEX;
}

/** Scratch bytes fft2d needs for a rows x cols transform. */
export function fft2dScratchBytes(rows: i32, cols: i32): usize {
  const plan = max(planBytes(rows), planBytes(cols));
  return plan + <usize>rows * COMPLEX;
}

// @ts-ignore: decorator
@inline
function complexMultiply(a: v128, b: v128): v128 {
  // (ar br - ai bi, ar bi + ai br)
  const ar = f64x2.splat(f64x2.extract_lane(a, 0));
  const ai = f64x2.splat(f64x2.extract_lane(a, 1));
  const bSwapped = i64x2.shuffle(b, b, 1, 0);
  return f64x2.add(f64x2.mul(ar, b), f64x2.mul(f64x2.mul(ai, bSwapped), f64x2(-1.0, 1.0)));
}

function writeTwiddles(table: usize, m: i32, sign: f64): void {
  for (let k = 0; k < (m >> 1); k++) {
    const angle = sign * 2.0 * Math.PI * <f64>k / <f64>m;
    store<f64>(table + <usize>k * COMPLEX, Math.cos(angle));
    store<f64>(table + <usize>k * COMPLEX, Math.sin(angle), 8);
  }
}

/** In-place radix-2 transform of m complex values at `data`, twiddle table for m at `table`. */
function radix2(data: usize, m: i32, table: usize): void {
  for (let i = 1, j = 0; i < m; i++) {
    let bit = m >> 1;
    for (; j & bit; bit >>= 1) j ^= bit;
    j ^= bit;
    if (i < j) {
      const pi = data + <usize>i * COMPLEX;
      const pj = data + <usize>j * COMPLEX;
      const re = load<f64>(pi), im = load<f64>(pi, 8);
      store<f64>(pi, load<f64>(pj));
      store<f64>(pi, load<f64>(pj, 8), 8);
      store<f64>(pj, re);
      store<f64>(pj, im, 8);
    }
  }
  for (let half = 1; half < m; half <<= 1) {
    const step = m / (half << 1);
    for (let start = 0; start < m; start += half << 1) {
      for (let k = 0; k < half; k++) {
        const w = table + <usize>(k * step) * COMPLEX;
        const p = data + <usize>(start + k) * COMPLEX;
        const q = p + <usize>half * COMPLEX;
        if (ASC_FEATURE_SIMD) {
          const t = complexMultiply(v128.load(w), v128.load(q));
          const x = v128.load(p);
          v128.store(q, f64x2.sub(x, t));
          v128.store(p, f64x2.add(x, t));
        } else {
          const wr = load<f64>(w), wi = load<f64>(w, 8);
          const qr = load<f64>(q), qi = load<f64>(q, 8);
          const tr = wr * qr - wi * qi;
          const ti = wr * qi + wi * qr;
          const pr = load<f64>(p), pim = load<f64>(p, 8);
          store<f64>(q, pr - tr);
          store<f64>(q, pim - ti, 8);
          store<f64>(p, pr + tr);
          store<f64>(p, pim + ti, 8);
        }
      }
    }
  }
}

// @ts-ignore: decorator
@inline
function multiplyInto(target: usize, factor: usize, conjugateFactor: bool): void {
  const ar = load<f64>(target), ai = load<f64>(target, 8);
  const br = load<f64>(factor);
  const bi = conjugateFactor ? -load<f64>(factor, 8) : load<f64>(factor, 8);
  store<f64>(target, ar * br - ai * bi);
  store<f64>(target, ar * bi + ai * br, 8);
}

// The current plan: a transform of length n whose tables lie in the caller's scratch. Plain
// globals, because the stub runtime's heap would overlap the host's arena.
let planN: i32 = 0;
let planM: i32 = 0;
let planTwiddles: usize = 0;
let planChirp: usize = 0;
let planKernel: usize = 0;
let planWork: usize = 0;

function preparePlan(n: i32, sign: f64, scratch: usize): void {
  const m = coreLength(n);
  planN = n;
  planM = m;
  planTwiddles = scratch;
  writeTwiddles(scratch, m, -1.0);
  if (isPowerOfTwo(n)) return;
  planChirp = scratch + (<usize>(m >> 1)) * COMPLEX;
  planKernel = planChirp + <usize>n * COMPLEX;
  planWork = planKernel + <usize>m * COMPLEX;
  // chirp[k] = exp(sign i pi k^2 / n); k^2 is reduced mod 2n first so the angle stays exact.
  const twoN = <i64>n * 2;
  for (let k = 0; k < n; k++) {
    const angle = sign * Math.PI * <f64>((<i64>k * <i64>k) % twoN) / <f64>n;
    store<f64>(planChirp + <usize>k * COMPLEX, Math.cos(angle));
    store<f64>(planChirp + <usize>k * COMPLEX, Math.sin(angle), 8);
  }
  memory.fill(planKernel, 0, <usize>m * COMPLEX);
  for (let k = 0; k < n; k++) {
    const re = load<f64>(planChirp + <usize>k * COMPLEX);
    const im = -load<f64>(planChirp + <usize>k * COMPLEX, 8);
    store<f64>(planKernel + <usize>k * COMPLEX, re);
    store<f64>(planKernel + <usize>k * COMPLEX, im, 8);
    if (k > 0) {
      store<f64>(planKernel + <usize>(m - k) * COMPLEX, re);
      store<f64>(planKernel + <usize>(m - k) * COMPLEX, im, 8);
    }
  }
  radix2(planKernel, m, planTwiddles);
}

/** In-place transform of n contiguous complex values, with the sign preparePlan was given. */
function transformLine(data: usize, sign: f64): void {
  const n = planN;
  const m = planM;
  if (isPowerOfTwo(n)) {
    if (sign > 0) conjugate(data, n);
    radix2(data, n, planTwiddles);
    if (sign > 0) conjugate(data, n);
    return;
  }
  memory.fill(planWork, 0, <usize>m * COMPLEX);
  memory.copy(planWork, data, <usize>n * COMPLEX);
  for (let k = 0; k < n; k++) multiplyInto(planWork + <usize>k * COMPLEX, planChirp + <usize>k * COMPLEX, false);
  radix2(planWork, m, planTwiddles);
  for (let k = 0; k < m; k++) multiplyInto(planWork + <usize>k * COMPLEX, planKernel + <usize>k * COMPLEX, false);
  // Inverse power-of-two transform by conjugation: conj(FFT(conj(x))) / m.
  conjugate(planWork, m);
  radix2(planWork, m, planTwiddles);
  const scale = 1.0 / <f64>m;
  for (let k = 0; k < n; k++) {
    const w = planWork + <usize>k * COMPLEX;
    const out = data + <usize>k * COMPLEX;
    store<f64>(out, load<f64>(w) * scale);
    store<f64>(out, -load<f64>(w, 8) * scale, 8);
    multiplyInto(out, planChirp + <usize>k * COMPLEX, false);
  }
}

function conjugate(data: usize, n: i32): void {
  for (let k = 0; k < n; k++) {
    const at = data + <usize>k * COMPLEX + 8;
    store<f64>(at, -load<f64>(at));
  }
}

/**
 * Transforms rows x cols complex float64 values at `data` in place (`inverse` != 0 for the
 * inverse, normalised by 1 / (rows cols)). `scratch` holds fft2dScratchBytes(rows, cols).
 */
export function fft2d(data: usize, rows: i32, cols: i32, inverse: i32, scratch: usize): void {
  const sign: f64 = inverse ? 1.0 : -1.0;
  const rowBytes = <usize>cols * COMPLEX;
  preparePlan(cols, sign, scratch);
  for (let r = 0; r < rows; r++) transformLine(data + <usize>r * rowBytes, sign);
  const column = scratch + max(planBytes(rows), planBytes(cols));
  preparePlan(rows, sign, scratch);
  for (let c = 0; c < cols; c++) {
    const top = data + <usize>c * COMPLEX;
    for (let r = 0; r < rows; r++) memory.copy(column + <usize>r * COMPLEX, top + <usize>r * rowBytes, COMPLEX);
    transformLine(column, sign);
    for (let r = 0; r < rows; r++) memory.copy(top + <usize>r * rowBytes, column + <usize>r * COMPLEX, COMPLEX);
  }
  if (inverse) {
    const scale = 1.0 / (<f64>rows * <f64>cols);
    const count = <usize>rows * <usize>cols * 2;
    for (let i: usize = 0; i < count; i++) store<f64>(data + (i << 3), load<f64>(data + (i << 3)) * scale);
  }
}
