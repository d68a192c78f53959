/**
 * Relative sputter rates v_m >= 0 from d(p) = sum_m v_m n_m(p), where n_m(p) is the dose the
 * pixel spent in material m. Least squares over all pixels with a light ridge pulling every
 * rate toward the common rate of the linear model, so a material that no pixel separates from
 * the others (collinear columns) gets the common rate instead of an arbitrary one. The small
 * M x M problem is solved by projected coordinate descent on the normal equations.
 */
export interface SputterRateFit {
  /** Metres per unit dose, per material. */
  rates: Float64Array;
  /** Coefficient of determination of the fit over the pixels used. */
  rSquared: number;
  /** Root-mean-square residual of d, metres. */
  rmsResidual: number;
  /** Pixels that entered the fit. */
  pixels: number;
}

const RIDGE = 1e-6;

export function fitSputterRates(
  exposure: Float64Array,
  removed: Float64Array,
  materials: number,
): SputterRateFit {
  const pixels = removed.length;
  const gram = new Float64Array(materials * materials);
  const rhs = new Float64Array(materials);
  let used = 0;
  let depthSum = 0;
  let doseSum = 0;
  for (let p = 0; p < pixels; p++) {
    const d = removed[p];
    if (!Number.isFinite(d)) continue;
    used++;
    depthSum += d;
    for (let m = 0; m < materials; m++) {
      const a = exposure[m * pixels + p];
      doseSum += a;
      rhs[m] += a * d;
      for (let n = 0; n < materials; n++) gram[m * materials + n] += a * exposure[n * pixels + p];
    }
  }
  if (used === 0) throw new RangeError("no pixel has a removed depth to fit sputter rates to");
  const common = doseSum > 0 ? depthSum / doseSum : 0;
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
      const next = Math.max(residual / gram[m * materials + m], 0);
      change = Math.max(change, Math.abs(next - rates[m]));
      rates[m] = next;
    }
    if (change <= 1e-12 * Math.max(common, 1e-30)) break;
  }
  const mean = depthSum / used;
  let residualSquares = 0;
  let totalSquares = 0;
  for (let p = 0; p < pixels; p++) {
    const d = removed[p];
    if (!Number.isFinite(d)) continue;
    let model = 0;
    for (let m = 0; m < materials; m++) model += rates[m] * exposure[m * pixels + p];
    residualSquares += (d - model) ** 2;
    totalSquares += (d - mean) ** 2;
  }
  return {
    rates,
    rSquared: totalSquares > 0 ? 1 - residualSquares / totalSquares : 1,
    rmsResidual: Math.sqrt(residualSquares / used),
    pixels: used,
  };
}
