/**
 * Turns per-layer step weights into `/layers/depth`: each pixel's steps are scaled so they add
 * up to its removed depth, then accumulated from 0 (row 0) to d (last row).
 *
 * `weights` is `[layers, pixels]`; a pixel whose weights sum to zero falls back to equal steps.
 * A pixel with NaN removed depth gets NaN depths (no data).
 */
export function stepsToDepth(
  weights: Float64Array,
  removed: Float64Array,
  layers: number,
): Float32Array {
  const pixels = removed.length;
  const depth = new Float32Array((layers + 1) * pixels);
  for (let p = 0; p < pixels; p++) {
    let total = 0;
    for (let k = 0; k < layers; k++) total += weights[k * pixels + p];
    const d = removed[p];
    const equal = !(total > 0);
    const scale = equal ? d / layers : d / total;
    let running = 0;
    for (let k = 0; k < layers; k++) {
      running += (equal ? 1 : weights[k * pixels + p]) * scale;
      depth[(k + 1) * pixels + p] = running;
    }
    depth[p] = Number.isFinite(d) ? 0 : NaN;
    depth[layers * pixels + p] = d;
  }
  return depth;
}
