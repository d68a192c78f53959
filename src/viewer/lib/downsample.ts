import type { TextureDims } from "./texturePlan.js";

/**
 * Block mean of one channel `[layers, rows, cols]` by integer `factors` `[cols, rows, layers]`,
 * over the finite voxels of each block only: a block that is partly above the surface keeps the
 * mean of its real voxels, and a block with none stays NaN (no data). Edge blocks may be partial.
 */
export function downsampleBlockMean(values: Float32Array, source: TextureDims, factors: TextureDims): Float32Array {
  const [cols, rows, layers] = source;
  const [fx, fy, fz] = factors;
  const outCols = Math.ceil(cols / fx);
  const outRows = Math.ceil(rows / fy);
  const outLayers = Math.ceil(layers / fz);
  const sums = new Float64Array(outCols * outRows * outLayers);
  const counts = new Uint32Array(sums.length);

  for (let layer = 0; layer < layers; layer++) {
    const outLayerBase = Math.floor(layer / fz) * outRows;
    for (let row = 0; row < rows; row++) {
      const outRowBase = (outLayerBase + Math.floor(row / fy)) * outCols;
      const inRowBase = (layer * rows + row) * cols;
      for (let col = 0; col < cols; col++) {
        const value = values[inRowBase + col];
        if (!Number.isFinite(value)) continue;
        const target = outRowBase + Math.floor(col / fx);
        sums[target] += value;
        counts[target] += 1;
      }
    }
  }

  const result = new Float32Array(sums.length);
  for (let i = 0; i < result.length; i++) result[i] = counts[i] > 0 ? sums[i] / counts[i] : Number.NaN;
  return result;
}
