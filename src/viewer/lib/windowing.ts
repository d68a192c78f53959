/** Display windows: which data range maps to the full colour ramp of a channel. */

export interface DisplayWindow {
  min: number;
  max: number;
}

/**
 * Percentiles of the finite values, interpolating linearly between order statistics (numpy's
 * default). Arrays larger than `maxSamples` are read at an even stride, which keeps auto-ranging
 * a 10^8-voxel channel to a fraction of a second.
 */
export function percentiles(values: ArrayLike<number>, fractions: readonly number[], maxSamples = 500_000): number[] {
  const stride = Math.max(1, Math.ceil(values.length / maxSamples));
  const finite = new Float64Array(Math.ceil(values.length / stride));
  let count = 0;
  for (let i = 0; i < values.length; i += stride) {
    const value = values[i];
    if (Number.isFinite(value)) finite[count++] = value;
  }
  const sorted = finite.subarray(0, count).sort();
  return fractions.map((fraction) => {
    if (count === 0) return Number.NaN;
    const position = Math.min(1, Math.max(0, fraction)) * (count - 1);
    const below = Math.floor(position);
    const above = Math.min(count - 1, below + 1);
    return sorted[below] + (sorted[above] - sorted[below]) * (position - below);
  });
}

/** Lower and upper percentile of an auto window, in [0, 1]. */
export const AUTO_WINDOW_FRACTIONS = [0.005, 0.998] as const;

/**
 * A localised channel is one whose 99.8th percentile stands this far above its 90th: an ion held
 * in a small part of the volume (the inner SEI layer of a few spots) over a weak matrix signal
 * (Na in hard carbon). Spanning its bulk would give every matrix voxel some opacity, which adds
 * up along each ray in composite mode and veils the spots; its window starts clearly above the
 * bulk instead, at this multiple of the 90th percentile or the 99th percentile if that is lower,
 * and ends at the 99.99th percentile, its brightest voxels.
 */
const LOCALISED_CONTRAST = 5;

/**
 * A window from the percentiles of the finite values that follows where the channel's signal
 * sits: a localised channel from above its bulk, any other one over its bulk (`bulkWindow`).
 */
export function autoWindow(values: ArrayLike<number>): DisplayWindow {
  const [bulk, high, upper, brightest] = percentiles(values, [0.9, AUTO_WINDOW_FRACTIONS[1], 0.99, 0.9999]);
  if (bulk > 0 && high >= LOCALISED_CONTRAST * bulk) {
    const aboveBulk = Math.min(upper, LOCALISED_CONTRAST * bulk);
    if (brightest > aboveBulk) return { min: aboveBulk, max: brightest };
  }
  return bulkWindow(values);
}

/**
 * A window over the bulk of the finite values (`AUTO_WINDOW_FRACTIONS`). A sparse channel (mostly
 * zero, a few bright inclusions) has equal percentiles; it then spans up to its maximum instead.
 */
export function bulkWindow(values: ArrayLike<number>): DisplayWindow {
  const [low, high] = percentiles(values, AUTO_WINDOW_FRACTIONS);
  if (!Number.isFinite(low)) return { min: 0, max: 1 };
  if (high > low) return { min: low, max: high };
  const [maximum] = percentiles(values, [1]);
  return maximum > low ? { min: low, max: maximum } : { min: low, max: low + 1 };
}

/** The largest finite value, or 0 when there is none above 0 (counts are never negative). */
export function finiteMaximum(values: ArrayLike<number>): number {
  let maximum = 0;
  for (let i = 0; i < values.length; i++) {
    const value = values[i];
    if (value > maximum && Number.isFinite(value)) maximum = value;
  }
  return maximum;
}

/** Smallest and largest finite value; `[0, 1]` when there is none. */
export function finiteRange(values: ArrayLike<number>): readonly [number, number] {
  let low = Infinity;
  let high = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const value = values[i];
    if (!Number.isFinite(value)) continue;
    if (value < low) low = value;
    if (value > high) high = value;
  }
  return low <= high ? [low, high] : [0, 1];
}

/** The shader's mapping of a value to [0, 1]: window, clamp, then gamma. */
export function applyWindow(value: number, window: DisplayWindow, gamma: number): number {
  const width = window.max - window.min;
  const t = width > 0 ? (value - window.min) / width : value >= window.max ? 1 : 0;
  return Math.pow(Math.min(1, Math.max(0, t)), gamma);
}
