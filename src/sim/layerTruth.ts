import { INORGANIC, MATERIALS, ORGANIC } from "./materials.js";
import type { SimulationParams } from "./params.js";
import { allocateColumns, evaluateColumns, type Columns, type Sample } from "./sample/sample.js";
import { intervalShares, removedDepth } from "./sputter.js";

/** The sample and its sputtering on the layer-0 SIMS grid (pixel centres), metres. */
export interface LayerTruth {
  columns: Columns;
  surfaceBefore: Float32Array;
  surfaceAfter: Float32Array;
  /** `[layers + 1, rows, cols]`: depth below the original surface at which each layer's analysis began; last: crater bottom. */
  layerDepth: Float32Array;
  /** `[layers, materials, rows, cols]`: share of each material in the depth each layer's sputter frame removed. */
  layerFractions: Float32Array;
  interfaceInnerHc: Float32Array;
  interfaceOuterInner: Float32Array;
  spotMask: Uint8Array;
  substrate: Uint8Array;
  /** `[3, rows, cols]` NaF, NaCl, Na2O shares of the inner layer (NaN where there is none). */
  inorganicMix: Float32Array;
}

/** World coordinates of the SIMS pixel centres, row-major. */
function simsPixelCentres(params: SimulationParams): { xs: Float64Array; ys: Float64Array } {
  const { rows, cols, pixelSize } = params.sims;
  const xs = new Float64Array(rows * cols);
  const ys = new Float64Array(rows * cols);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      xs[r * cols + c] = c * pixelSize[1];
      ys[r * cols + c] = r * pixelSize[0];
    }
  }
  return { xs, ys };
}

export function layerTruth(params: SimulationParams, sample: Sample, cumulativeDose: Float64Array): LayerTruth {
  const { rows, cols } = params.sims;
  const { layers } = params;
  const pixels = rows * cols;
  const materialCount = MATERIALS.length;
  const { xs, ys } = simsPixelCentres(params);
  const columns = allocateColumns(pixels);
  evaluateColumns(sample, xs, ys, columns, true);
  const rates = params.sputterRates;
  const truth: LayerTruth = {
    columns,
    surfaceBefore: new Float32Array(pixels),
    surfaceAfter: new Float32Array(pixels),
    layerDepth: new Float32Array((layers + 1) * pixels),
    layerFractions: new Float32Array(layers * materialCount * pixels),
    interfaceInnerHc: new Float32Array(pixels),
    interfaceOuterInner: new Float32Array(pixels),
    spotMask: columns.spot,
    substrate: columns.substrate,
    inorganicMix: new Float32Array(3 * pixels),
  };
  const shares = new Float64Array(3);
  for (let p = 0; p < pixels; p++) {
    const outer = columns.outer[p];
    const inner = columns.inner[p];
    const substrate = columns.substrate[p];
    const top = columns.substrateTop[p] + inner + outer;
    truth.surfaceBefore[p] = top;
    const hasSei = inner > 0 || outer > 0;
    truth.interfaceInnerHc[p] = hasSei ? columns.substrateTop[p] : NaN;
    truth.interfaceOuterInner[p] = hasSei ? columns.substrateTop[p] + inner : NaN;
    for (let salt = 0; salt < 3; salt++) truth.inorganicMix[salt * pixels + p] = inner > 0 ? columns.mix[3 * p + salt] : NaN;
    let previous = 0;
    for (let k = 0; k < layers; k++) {
      const next = removedDepth(cumulativeDose[k], outer, inner, rates[ORGANIC], rates[INORGANIC], rates[substrate]);
      truth.layerDepth[k * pixels + p] = previous;
      intervalShares(previous, next, outer, inner, shares);
      const base = k * materialCount * pixels + p;
      truth.layerFractions[base + ORGANIC * pixels] = shares[0];
      truth.layerFractions[base + INORGANIC * pixels] = shares[1];
      truth.layerFractions[base + substrate * pixels] = shares[2];
      previous = next;
    }
    truth.layerDepth[layers * pixels + p] = previous;
    truth.surfaceAfter[p] = top - previous;
  }
  return truth;
}
