/**
 * Turns per-layer step weights into `/layers/depth`: each pixel's steps are scaled so they add
 * up to its removed depth, then accumulated from 0 (row 0) to d (last row).
 *
 * `layerWeights(k, out)` writes layer k's weights `[pixels]` into `out` (called twice per
 * layer, so that no `[layers, pixels]` array of them is needed; once where the caller knows
 * each pixel's `totals` over the layers); a pixel whose weights sum to zero falls back to equal
 * steps. A pixel with NaN removed depth gets NaN depths (no data).
 */
export function stepsToDepth(
  layerWeights: (k: number, out: Float64Array) => void,
  removed: Float64Array,
  layers: number,
  totals?: Float64Array,
): Float32Array {
  const pixels = removed.length;
  const depth = new Float32Array((layers + 1) * pixels);
  const weights = new Float64Array(pixels);
  const total = totals ?? sumOverLayers(layerWeights, weights, layers);
  const scale = new Float64Array(pixels);
  const equal = new Uint8Array(pixels);
  for (let p = 0; p < pixels; p++) {
    equal[p] = total[p] > 0 ? 0 : 1;
    scale[p] = equal[p] ? removed[p] / layers : removed[p] / total[p];
  }
  const running = new Float64Array(pixels);
  for (let k = 0; k < layers; k++) {
    layerWeights(k, weights);
    const row = (k + 1) * pixels;
    for (let p = 0; p < pixels; p++) {
      running[p] += (equal[p] ? 1 : weights[p]) * scale[p];
      depth[row + p] = running[p];
    }
  }
  for (let p = 0; p < pixels; p++) {
    depth[p] = Number.isFinite(removed[p]) ? 0 : NaN;
    depth[layers * pixels + p] = removed[p];
  }
  return depth;
}

function sumOverLayers(layerWeights: (k: number, out: Float64Array) => void, weights: Float64Array, layers: number): Float64Array {
  const total = new Float64Array(weights.length);
  for (let k = 0; k < layers; k++) {
    layerWeights(k, weights);
    for (let p = 0; p < weights.length; p++) total[p] += weights[p];
  }
  return total;
}
