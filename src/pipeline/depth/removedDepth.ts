/**
 * Removed depth d(x,y) = h_before - h_after + c from the two levelled, registered surfaces on
 * the SIMS grid (metres). Without an anchor both scans share one height reference (c = 0). With
 * `meanDepth` (the after scan's `mean_depth` attribute), c makes the mean removed depth over
 * the after scan's field equal the anchor. That field is the whole AFM-after scan, larger than
 * the SIMS field, so a caller that has h_before resampled onto the after grid should pass the
 * mean of (h_before - h_after) there as `fieldMeanDifference`; otherwise the SIMS-field mean
 * stands in for it.
 */
export interface RemovedDepthOptions {
  /** Independently measured mean sputtered depth over the after scan's field, metres. */
  meanDepth?: number;
  /** Mean of (h_before - h_after) over the after scan's own field, metres. */
  fieldMeanDifference?: number;
}

export interface RemovedDepth {
  /** Removed depth per pixel, metres, clamped to >= 0; NaN where either surface is NaN. */
  depth: Float64Array;
  /** The constant c added to h_before - h_after, metres. */
  offset: number;
  /** Fraction of the finite pixels whose depth came out negative before clamping. */
  negativeFraction: number;
}

export function removedDepth(
  before: ArrayLike<number>,
  after: ArrayLike<number>,
  options: RemovedDepthOptions = {},
): RemovedDepth {
  if (before.length !== after.length) {
    throw new RangeError(`surfaces differ in size: ${before.length} vs ${after.length} pixels`);
  }
  const depth = new Float64Array(before.length);
  let sum = 0;
  let finite = 0;
  for (let i = 0; i < depth.length; i++) {
    depth[i] = before[i] - after[i];
    if (Number.isFinite(depth[i])) {
      sum += depth[i];
      finite++;
    }
  }
  if (finite === 0) throw new RangeError("the surfaces share no pixel with data");
  const offset =
    options.meanDepth === undefined ? 0 : options.meanDepth - (options.fieldMeanDifference ?? sum / finite);
  let negative = 0;
  for (let i = 0; i < depth.length; i++) {
    const d = depth[i] + offset;
    if (d < 0) negative++;
    depth[i] = d < 0 ? 0 : d;
  }
  return { depth, offset, negativeFraction: negative / finite };
}

/**
 * Removed depth without an after scan: every pixel lost the same depth, given either as the
 * total (metres) or as a rate per layer (metres per layer) times the number of layers.
 */
export function uniformRemovedDepth(
  pixels: number,
  spec: { totalDepth: number } | { ratePerLayer: number; layers: number },
): Float64Array {
  const total = "totalDepth" in spec ? spec.totalDepth : spec.ratePerLayer * spec.layers;
  if (!(total >= 0) || !Number.isFinite(total)) {
    throw new RangeError(`the removed depth must be a finite, non-negative length, got ${total} m`);
  }
  return new Float64Array(pixels).fill(total);
}
