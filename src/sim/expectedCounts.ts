import { gaussianKernel, blurAndCrop } from "./blur.js";
import { analysedShares } from "./informationDepth.js";
import {
  COMPONENT_NA2O,
  COMPONENT_NACL,
  COMPONENT_NAF,
  COMPONENT_ORGANIC,
  COMPONENTS,
  INORGANIC,
  ORGANIC,
} from "./materials.js";
import type { SimulationParams } from "./params.js";
import { allocateColumns, evaluateColumns, type Sample } from "./sample/sample.js";
import { removedDepth } from "./sputter.js";

export interface ExpectedCounts {
  /** `[layers, channels, rows, cols]` mean ions arriving per pixel and layer (before dead time). */
  channels: Float32Array;
  /** `[layers, rows, cols]` mean ions of all other masses (the matrix). */
  other: Float32Array;
}

/**
 * The mean counts of every layer in its own (drifted) geometry: layer k's pixel (r, c) sees the
 * sample at layer 0's (r - dy_k, c - dx_k), analysed at the surface left after dose D_{k-1},
 * through the information depth and mixing, then blurred by the beam profile. Each layer is
 * evaluated on a grid with a margin, so the blur near the edges uses real sample.
 */
export function expectedCounts(
  params: SimulationParams,
  sample: Sample,
  cumulativeDose: Float64Array,
  drift: Float64Array,
  onLayer: (layer: number) => void = () => {},
): ExpectedCounts {
  const { rows, cols, pixelSize } = params.sims;
  const { layers, channels } = params;
  const channelCount = channels.length;
  const pulses = params.scansPerLayer * params.shotsPerPixel;
  const kernel = gaussianKernel(params.beamSigma / pixelSize[1]);
  let largestDrift = 0;
  for (let i = 0; i < drift.length; i++) largestDrift = Math.max(largestDrift, Math.abs(drift[i]));
  const margin = (kernel.length - 1) / 2 + Math.ceil(largestDrift) + 1;
  const gridRows = rows + 2 * margin;
  const gridCols = cols + 2 * margin;
  const points = gridRows * gridCols;

  // yields per layer: per pulse times pulses, laid out [component * channels + channel]
  const componentCount = COMPONENTS.length;
  const yieldPerLayer = new Float64Array(componentCount * (channelCount + 1));
  for (let m = 0; m < componentCount; m++) {
    for (let c = 0; c < channelCount; c++) yieldPerLayer[m * (channelCount + 1) + c] = pulses * params.yieldsPerPulse[m][c];
    yieldPerLayer[m * (channelCount + 1) + channelCount] = pulses * params.otherIonsPerPulse[m];
  }
  const [rateOuter, rateInner] = [params.sputterRates[ORGANIC], params.sputterRates[INORGANIC]];

  const xs = new Float64Array(points);
  const ys = new Float64Array(points);
  const columns = allocateColumns(points);
  const images = Array.from({ length: channelCount + 1 }, () => new Float64Array(points));
  const scratch = new Float64Array((rows + kernel.length - 1) * cols);
  const shares = new Float64Array(3);
  const fractions = new Float64Array(componentCount);
  const result: ExpectedCounts = {
    channels: new Float32Array(layers * channelCount * rows * cols),
    other: new Float32Array(layers * rows * cols),
  };
  for (let k = 0; k < layers; k++) {
    const dy = drift[2 * k];
    const dx = drift[2 * k + 1];
    for (let r = 0; r < gridRows; r++) {
      for (let c = 0; c < gridCols; c++) {
        xs[r * gridCols + c] = (c - margin - dx) * pixelSize[1];
        ys[r * gridCols + c] = (r - margin - dy) * pixelSize[0];
      }
    }
    evaluateColumns(sample, xs, ys, columns, false);
    const dose = k === 0 ? 0 : cumulativeDose[k - 1];
    for (let i = 0; i < points; i++) {
      const outer = columns.outer[i];
      const inner = columns.inner[i];
      const substrate = columns.substrate[i];
      const depth = removedDepth(dose, outer, inner, rateOuter, rateInner, params.sputterRates[substrate]);
      analysedShares(depth, outer, inner, params.informationDepth, params.mixingSigma, shares);
      fractions.fill(0);
      fractions[COMPONENT_ORGANIC] = shares[0];
      fractions[COMPONENT_NAF] = shares[1] * columns.mix[3 * i];
      fractions[COMPONENT_NACL] = shares[1] * columns.mix[3 * i + 1];
      fractions[COMPONENT_NA2O] = shares[1] * columns.mix[3 * i + 2];
      // materials 0 and 1 (epoxy, hard carbon) are also components 0 and 1
      fractions[substrate] += shares[2];
      for (let c = 0; c <= channelCount; c++) {
        let sum = 0;
        for (let m = 0; m < componentCount; m++) sum += fractions[m] * yieldPerLayer[m * (channelCount + 1) + c];
        images[c][i] = sum;
      }
    }
    for (let c = 0; c <= channelCount; c++) {
      const out =
        c < channelCount
          ? result.channels.subarray((k * channelCount + c) * rows * cols, (k * channelCount + c + 1) * rows * cols)
          : result.other.subarray(k * rows * cols, (k + 1) * rows * cols);
      blurAndCrop(images[c], gridRows, gridCols, kernel, margin, out, scratch);
    }
    onLayer(k);
  }
  return result;
}
