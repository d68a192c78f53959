/**
 * What the SIMS analysis sees at a sputtered surface: the composition below it weighted by an
 * exponential of 1/e depth `lambda` (the information depth), blurred by ion-beam mixing (a
 * Gaussian of standard deviation `sigma` in depth). Together the weight on original depth z' is
 * an exponentially modified Gaussian in z' - d, d being the depth of the current surface; its
 * part above d is the mixing's memory of layers already removed. Material exists only below the
 * original surface (z' >= 0), so the weights are normalised over that.
 */

/** Complementary error function, |error| < 1.2e-7 (Chebyshev fit, Numerical Recipes' erfcc). */
export function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const r =
    t *
    Math.exp(
      -z * z -
        1.26551223 +
        t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return x >= 0 ? r : 2 - r;
}

function normalCdf(x: number): number {
  return 0.5 * erfc(-x / Math.SQRT2);
}

/** CDF at u of U + G, U ~ Exponential(mean lambda), G ~ Normal(0, sigma). */
export function depthWeightCdf(u: number, lambda: number, sigma: number): number {
  if (sigma <= 0) return u <= 0 ? 0 : 1 - Math.exp(-u / lambda);
  if (u < -8 * sigma) return 0;
  const tail = Math.exp(-u / lambda + (sigma * sigma) / (2 * lambda * lambda)) * normalCdf(u / sigma - sigma / lambda);
  return Math.max(0, normalCdf(u / sigma) - tail);
}

/**
 * Shares of outer SEI, inner SEI and substrate in what the analysis sees at surface depth `depth`
 * of a column with the given layer thicknesses, written into `out[0..2]`.
 */
export function analysedShares(depth: number, outer: number, inner: number, lambda: number, sigma: number, out: Float64Array): void {
  if (outer + inner - depth < -8 * sigma) {
    // the SEI (if any) lies more than 8 sigma above: its weight is below 1e-15
    out[0] = 0;
    out[1] = 0;
    out[2] = 1;
    return;
  }
  const atSurface = depthWeightCdf(-depth, lambda, sigma);
  const atOuterBase = outer > 0 ? depthWeightCdf(outer - depth, lambda, sigma) : atSurface;
  const atInnerBase = inner > 0 ? depthWeightCdf(outer + inner - depth, lambda, sigma) : atOuterBase;
  const material = 1 - atSurface;
  out[0] = (atOuterBase - atSurface) / material;
  out[1] = (atInnerBase - atOuterBase) / material;
  out[2] = (1 - atInnerBase) / material;
}
