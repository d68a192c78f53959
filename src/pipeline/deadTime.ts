// Dead-time (Poisson) correction of one SIMS count plane (SCIENCE.md step 4), pooled locally.
//
// Why pooled: -N ln(1 - n/N) inverts the MEAN observation. Applied to a single pixel's count at
// the N = 8..15 pulses of a real layer it is biased high by 4-12% (Jensen: the inverse is convex)
// and infinite at n = N. Pooling the counts of a small window (5 x 5 px) estimates the local true
// rate from K x N pulses instead of N; the harmonic (digamma) estimator on that pooled count is
// unbiased to < 0.01% up to 90% of N (assembly/deadtime.ts), and every pixel is scaled by the
// window's correction factor, so the counts keep their own relative variation (shot noise,
// contrast finer than the window) and a uniform region's corrected mean is unbiased.
// The price: across a sharp rate boundary the window mixes two rates and, the inverse being convex,
// under-corrects the brighter side there; at the few counts per pixel of a SIMS layer that is a far
// smaller error than the per-pixel bias.
import type { KernelApi } from "../kernels/index.js";

export const DEAD_TIME_METHODS = ["pooled", "formula", "harmonic"] as const;
export type DeadTimeMethod = (typeof DEAD_TIME_METHODS)[number];

/** Half-width of the pooling window: 5 x 5 px. */
export const POOL_RADIUS = 2;

/**
 * Sum of every pixel's window of (2 radius + 1)^2 px. Near the border the window is shifted
 * inwards, never clipped, so that every window holds the same number of pixels (and the pixel
 * itself): a constant pooled pulse count, and E[n | window sum S] = S / K in a uniform region.
 * A pixel without data (NaN) counts as zero, so that it does not take its neighbours with it.
 */
export function windowSums(plane: ArrayLike<number>, rows: number, cols: number, radius: number): { sums: Float32Array; size: number } {
  const height = Math.min(2 * radius + 1, rows);
  const width = Math.min(2 * radius + 1, cols);
  const stride = cols + 1;
  const integral = new Float64Array((rows + 1) * stride);
  for (let r = 0; r < rows; r++) {
    let rowSum = 0;
    for (let c = 0; c < cols; c++) {
      const v = plane[r * cols + c]!;
      rowSum += Number.isNaN(v) ? 0 : v;
      integral[(r + 1) * stride + c + 1] = integral[r * stride + c + 1]! + rowSum;
    }
  }
  const sums = new Float32Array(rows * cols);
  for (let r = 0; r < rows; r++) {
    const r0 = Math.min(Math.max(r - radius, 0), rows - height);
    const r1 = r0 + height;
    for (let c = 0; c < cols; c++) {
      const c0 = Math.min(Math.max(c - radius, 0), cols - width);
      const c1 = c0 + width;
      sums[r * cols + c] = integral[r1 * stride + c1]! - integral[r0 * stride + c1]! - integral[r1 * stride + c0]! + integral[r0 * stride + c0]!;
    }
  }
  return { sums, size: height * width };
}

/**
 * Dead-time-corrected counts of a rows x cols plane recorded with N = `pulses` primary pulses per
 * pixel. "pooled" (the default, see above) scales each count by its window's correction factor;
 * "formula" is -N ln(1 - n/N) per pixel and "harmonic" N (psi(N + 1) - psi(N + 1 - n)) per pixel.
 */
export function correctDeadTime(
  kernels: KernelApi, plane: ArrayLike<number>, rows: number, cols: number, pulses: number, method: DeadTimeMethod = "pooled",
): Float32Array {
  if (method !== "pooled") return kernels.deadTimeCorrect(plane, pulses, method);
  const { sums, size } = windowSums(plane, rows, cols, POOL_RADIUS);
  const pooledTrue = kernels.deadTimeCorrect(sums, size * pulses, "harmonic");
  const corrected = new Float32Array(rows * cols);
  for (let p = 0; p < corrected.length; p++) {
    const observed = sums[p]!;
    corrected[p] = observed > 0 ? (plane[p]! * pooledTrue[p]!) / observed : plane[p]!;
  }
  return corrected;
}
