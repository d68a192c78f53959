/**
 * Relative sputter rates v_m >= 0 from d(p) = sum_m v_m n_m(p), where n_m(p) is the dose the
 * pixel spent in material m, fitted over all pixels.
 *
 * Robust (iteratively reweighted, Tukey biweight) rather than plain least squares: where two
 * materials meet laterally, the beam blurs the signals across the boundary while each pixel's
 * crater depth belongs to its own column, so boundary pixels misfit by up to the full rate
 * difference. Plain least squares lets those pixels, far more numerous than an SEI spot's,
 * bend the rates of the rare spot materials; the biweight gives them no say. A light ridge
 * pulls every rate toward the common rate of the linear model, so a material that no pixel
 * separates from the others (collinear columns) gets the common rate instead of an arbitrary
 * one. Each weighted M x M problem is solved by projected coordinate descent.
 */
export interface SputterRateFit {
  /** Metres per unit dose, per material. */
  rates: Float64Array;
  /** Coefficient of determination over all pixels used (unweighted). */
  rSquared: number;
  /** Root-mean-square residual of d over all pixels used, metres. */
  rmsResidual: number;
  /** Median absolute residual, metres: the typical misfit of a pixel. */
  medianAbsResidual: number;
  /** Pixels that entered the fit. */
  pixels: number;
  /** Share of those pixels the robust fit gave no weight (misfit beyond the biweight's reach). */
  rejectedShare: number;
}

const RIDGE = 1e-6;
const TUKEY = 4.685;
const ROUNDS = 12;
/**
 * The biweight's scale never falls below this share of the mean removed depth (0.1 nm per
 * 100 nm, well under any AFM's noise). A majority that fits perfectly (one material filling most
 * of the field) would otherwise give a scale of zero and reject every mixed pixel: the minority
 * materials' rates would then come from the ridge alone.
 */
const SCALE_FLOOR = 1e-3;

export function fitSputterRates(exposure: Float64Array, removed: Float64Array, materials: number): SputterRateFit {
  const pixels = removed.length;
  const usable = new Int32Array(pixels);
  let count = 0;
  let depthSum = 0;
  let doseSum = 0;
  for (let p = 0; p < pixels; p++) {
    if (!Number.isFinite(removed[p])) continue;
    usable[count++] = p;
    depthSum += removed[p];
    for (let m = 0; m < materials; m++) doseSum += exposure[m * pixels + p];
  }
  const used = usable.subarray(0, count);
  if (used.length === 0) throw new RangeError("no pixel has a removed depth to fit sputter rates to");
  const common = doseSum > 0 ? depthSum / doseSum : 0;
  const weights = new Float64Array(pixels).fill(1);
  const residuals = new Float64Array(used.length);
  const magnitudes = new Float64Array(used.length);
  let rates = weightedSolve(exposure, removed, materials, used, weights, common);
  const scaleFloor = SCALE_FLOOR * Math.abs(depthSum / used.length);
  let scale = 0;
  for (let round = 0; round < ROUNDS; round++) {
    computeResiduals(exposure, removed, materials, used, rates, residuals);
    scale = Math.max(1.4826 * medianMagnitude(residuals, magnitudes), scaleFloor);
    if (!(scale > 0)) break;
    for (let j = 0; j < used.length; j++) {
      const u = residuals[j] / (TUKEY * scale);
      weights[used[j]] = Math.abs(u) < 1 ? (1 - u * u) ** 2 : 0;
    }
    rates = weightedSolve(exposure, removed, materials, used, weights, common);
  }
  computeResiduals(exposure, removed, materials, used, rates, residuals);
  const mean = depthSum / used.length;
  let residualSquares = 0;
  let totalSquares = 0;
  let rejected = 0;
  for (let j = 0; j < used.length; j++) {
    residualSquares += residuals[j] ** 2;
    totalSquares += (removed[used[j]] - mean) ** 2;
    if (weights[used[j]] === 0) rejected++;
  }
  return {
    rates,
    rSquared: totalSquares > 0 ? 1 - residualSquares / totalSquares : 1,
    rmsResidual: Math.sqrt(residualSquares / used.length),
    medianAbsResidual: medianMagnitude(residuals, magnitudes),
    pixels: used.length,
    rejectedShare: rejected / used.length,
  };
}

function weightedSolve(
  exposure: Float64Array,
  removed: Float64Array,
  materials: number,
  used: Int32Array,
  weights: Float64Array,
  common: number,
): Float64Array {
  const pixels = removed.length;
  const active = new Int32Array(used.length);
  let count = 0;
  for (let j = 0; j < used.length; j++) if (weights[used[j]] !== 0) active[count++] = used[j];
  const gram = new Float64Array(materials * materials);
  const rhs = new Float64Array(materials);
  // One sum per entry, kept in a local over the pixels in order (the same sums, term by term,
  // as accumulating all entries pixel by pixel).
  for (let m = 0; m < materials; m++) {
    const row = m * pixels;
    let right = 0;
    for (let j = 0; j < count; j++) {
      const p = active[j];
      right += weights[p] * exposure[row + p] * removed[p];
    }
    rhs[m] = right;
    for (let n = 0; n < materials; n++) {
      const other = n * pixels;
      let entry = 0;
      for (let j = 0; j < count; j++) {
        const p = active[j];
        entry += weights[p] * exposure[row + p] * exposure[other + p];
      }
      gram[m * materials + n] = entry;
    }
  }
  let trace = 0;
  for (let m = 0; m < materials; m++) trace += gram[m * materials + m];
  const ridge = (RIDGE * trace) / materials;
  for (let m = 0; m < materials; m++) {
    gram[m * materials + m] += ridge;
    rhs[m] += ridge * common;
  }
  const rates = new Float64Array(materials).fill(common);
  for (let sweep = 0; sweep < 100_000; sweep++) {
    let change = 0;
    for (let m = 0; m < materials; m++) {
      let residual = rhs[m];
      for (let n = 0; n < materials; n++) if (n !== m) residual -= gram[m * materials + n] * rates[n];
      const next = gram[m * materials + m] > 0 ? Math.max(residual / gram[m * materials + m], 0) : common;
      change = Math.max(change, Math.abs(next - rates[m]));
      rates[m] = next;
    }
    if (change <= 1e-12 * Math.max(common, 1e-30)) break;
  }
  return rates;
}

function computeResiduals(
  exposure: Float64Array,
  removed: Float64Array,
  materials: number,
  used: Int32Array,
  rates: Float64Array,
  out: Float64Array,
): void {
  const pixels = removed.length;
  for (let j = 0; j < used.length; j++) {
    const p = used[j];
    let model = 0;
    for (let m = 0; m < materials; m++) model += rates[m] * exposure[m * pixels + p];
    out[j] = removed[p] - model;
  }
}

/**
 * The element at floor(n / 2) of the sorted |values|, by selection rather than a full sort;
 * `scratch` (as long as `values`) receives the magnitudes and is reordered.
 */
function medianMagnitude(values: Float64Array, scratch: Float64Array): number {
  if (values.length === 0) return NaN;
  const middle = Math.floor(values.length / 2);
  let unordered = false;
  for (let j = 0; j < values.length; j++) {
    scratch[j] = Math.abs(values[j]);
    if (Number.isNaN(scratch[j])) unordered = true;
  }
  // NaN has no place in a selection's comparisons; a sorted array puts it last.
  if (unordered) return scratch.sort()[middle];
  return selectNth(scratch, middle);
}

/** The `n`-th smallest of `values` (reordered in place): quickselect, median-of-three pivots. */
function selectNth(values: Float64Array, n: number): number {
  let low = 0;
  let high = values.length - 1;
  while (high > low) {
    const mid = (low + high) >>> 1;
    const pivot = Math.max(Math.min(values[low], values[high]), Math.min(Math.max(values[low], values[high]), values[mid]));
    let i = low;
    let j = high;
    while (i <= j) {
      while (values[i] < pivot) i++;
      while (values[j] > pivot) j--;
      if (i <= j) {
        [values[i], values[j]] = [values[j], values[i]];
        i++;
        j--;
      }
    }
    if (n <= j) high = j;
    else if (n >= i) low = i;
    else return values[n];
  }
  return values[n];
}
