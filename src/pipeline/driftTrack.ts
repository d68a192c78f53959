// Where the drift track places layer 0, the origin every layer's drift is measured from.
//
// Measured from layer 0 alone, the origin carries that one registration's error, and the error
// shifts the whole corrected stack. Drift is the motion of the stage and beam (thermal expansion,
// charging), so the layers after layer 0 also say where it was. How much they say depends on how
// the drift moves, which the data tell: the track is modelled as a local linear trend (a
// position that wanders, with a velocity that wanders too, measured with white noise; Harvey's
// structural time-series model), whose two wander strengths are fitted by restricted maximum
// likelihood. A steady drift is then averaged over many layers; a rough one (a random walk, a
// jump) leans on layer 0 itself. Layers after layer 0 keep their own measurements.

/** Layers the origin is estimated from: beyond these, later layers add next to nothing. */
const ORIGIN_LAYERS = 64;
/** Below this many layers there is nothing to fit the trend's two wanders to. */
const MIN_LAYERS = 4;
/** Position-wander variance relative to the measurement noise's, as powers of ten. */
const POSITION_WANDER_LOG10 = { from: -4, to: 2, step: 0.5 };
/** Velocity-wander variance relative to the measurement noise's, as powers of ten. */
const VELOCITY_WANDER_LOG10 = { from: -7, to: 0, step: 0.5 };

/** Where the track through the measured positions `values` (one per layer) places layer 0. */
export function trackOrigin(values: Float64Array): number {
  const n = Math.min(values.length, ORIGIN_LAYERS);
  const measured = values.subarray(0, n);
  // A failed measurement (NaN) would make every fit NaN, and pass for an exact one.
  if (n < MIN_LAYERS || !measured.every(Number.isFinite)) return values[0]!;
  const positionWander = walkCovariance(n);
  const velocityWander = integratedWalkCovariance(positionWander, n);
  let best = { criterion: Infinity, origin: values[0]! };
  for (let p = POSITION_WANDER_LOG10.from; p <= POSITION_WANDER_LOG10.to; p += POSITION_WANDER_LOG10.step) {
    for (let v = VELOCITY_WANDER_LOG10.from; v <= VELOCITY_WANDER_LOG10.to; v += VELOCITY_WANDER_LOG10.step) {
      const covariance = new Float64Array(n * n);
      for (let i = 0; i < n * n; i++) covariance[i] = 10 ** p * positionWander[i]! + 10 ** v * velocityWander[i]!;
      for (let i = 0; i < n; i++) covariance[i * n + i]! += 1;
      const fit = fitTrend(measured, covariance, n);
      if (fit.exact) return fit.origin;
      if (fit.criterion < best.criterion) best = fit;
    }
  }
  return best.origin;
}

/** cov(w_i, w_j) = min(i, j) for a random walk with unit steps that starts at 0 at layer 0. */
function walkCovariance(n: number): Float64Array {
  const w = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) w[i * n + j] = Math.min(i, j);
  return w;
}

/** Covariance of the sum over layers before i of such a walk (a position whose velocity wanders). */
function integratedWalkCovariance(walk: Float64Array, n: number): Float64Array {
  // cumulative[i][j] = sum over a <= i, b <= j of min(a, b); the position at i sums layers a < i.
  const cumulative = Float64Array.from(walk);
  for (let i = 1; i < n; i++) for (let j = 0; j < n; j++) cumulative[i * n + j]! += cumulative[(i - 1) * n + j]!;
  for (let i = 0; i < n; i++) for (let j = 1; j < n; j++) cumulative[i * n + j]! += cumulative[i * n + j - 1]!;
  const w = new Float64Array(n * n);
  for (let i = 1; i < n; i++) for (let j = 1; j < n; j++) w[i * n + j] = cumulative[(i - 1) * n + j - 1]!;
  return w;
}

/**
 * Generalised least squares of `y` on a line (origin + velocity x layer) with errors of the given
 * covariance (in units of the noise variance), and -2 log restricted likelihood with the noise
 * variance profiled out. `exact` when the line fits without residual.
 */
function fitTrend(y: Float64Array, covariance: Float64Array, n: number): { criterion: number; origin: number; exact: boolean } {
  const lower = cholesky(covariance, n);
  let logDeterminant = 0;
  for (let i = 0; i < n; i++) logDeterminant += 2 * Math.log(lower[i * n + i]!);
  // Whitened data and design columns (1, layer): L^-1 y, L^-1 1, L^-1 k.
  const wy = forwardSolve(lower, n, (i) => y[i]!);
  const wOne = forwardSolve(lower, n, () => 1);
  const wLayer = forwardSolve(lower, n, (i) => i);
  const a11 = dot(wOne, wOne);
  const a12 = dot(wOne, wLayer);
  const a22 = dot(wLayer, wLayer);
  const b1 = dot(wOne, wy);
  const b2 = dot(wLayer, wy);
  const determinant = a11 * a22 - a12 * a12;
  const origin = (a22 * b1 - a12 * b2) / determinant;
  const velocity = (a11 * b2 - a12 * b1) / determinant;
  let residual = 0;
  for (let i = 0; i < n; i++) residual += (wy[i]! - origin * wOne[i]! - velocity * wLayer[i]!) ** 2;
  const variance = residual / (n - 2);
  return {
    criterion: (n - 2) * Math.log(variance) + logDeterminant + Math.log(determinant),
    origin,
    exact: !(variance > 0),
  };
}

/** Lower Cholesky factor of a symmetric positive-definite n x n matrix. */
function cholesky(a: Float64Array, n: number): Float64Array {
  const l = new Float64Array(n * n);
  for (let j = 0; j < n; j++) {
    let diagonal = a[j * n + j]!;
    for (let k = 0; k < j; k++) diagonal -= l[j * n + k]! ** 2;
    const pivot = Math.sqrt(diagonal);
    l[j * n + j] = pivot;
    for (let i = j + 1; i < n; i++) {
      let sum = a[i * n + j]!;
      for (let k = 0; k < j; k++) sum -= l[i * n + k]! * l[j * n + k]!;
      l[i * n + j] = sum / pivot;
    }
  }
  return l;
}

function forwardSolve(l: Float64Array, n: number, b: (i: number) => number): Float64Array {
  const x = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let sum = b(i);
    for (let k = 0; k < i; k++) sum -= l[i * n + k]! * x[k]!;
    x[i] = sum / l[i * n + i]!;
  }
  return x;
}

function dot(a: Float64Array, b: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i]! * b[i]!;
  return sum;
}
