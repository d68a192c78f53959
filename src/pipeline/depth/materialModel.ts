import { doseSteps } from "./doseSteps.js";
import { withStack, type LayerPassRunner } from "./layerPasses.js";
import { referenceLayerUnmixer, type LayerUnmixerFactory } from "./layerUnmixer.js";
import { fitSputterRates, type SputterRateFit } from "./sputterRates.js";
import { stepsToDepth } from "./stepsToDepth.js";
import { unmixMaterials, type MaterialUnmixing } from "./unmix.js";

/**
 * Material-aware depth model (SCIENCE.md step 5): each layer's step at a pixel is proportional
 * to the dose of its sputter frame times the local sputter rate of what it removed,
 * w = sum_m f_m v_m, with material fractions f_m classified from the signals and relative rates
 * v_m fitted over all pixels; the steps of each column are scaled to add up to its removed depth.
 */
/** The corrected SIMS stack on the layer-0 grid, as every depth model reads it. */
export interface CorrectedStack {
  /** Dead-time- and drift-corrected counts `[layers, channels, rows, cols]`. */
  counts: ArrayLike<number>;
  layers: number;
  channels: number;
  rows: number;
  cols: number;
  labels: readonly string[];
  /** Total-ion counts `[layers, rows, cols]`, when the file has them. */
  total?: ArrayLike<number>;
  /** Cumulative sputter dose per layer; equal doses when absent. */
  cumulativeDose?: ArrayLike<number>;
}

export interface MaterialModelInput extends CorrectedStack {
  /** Removed depth per pixel, metres (NaN = unknown). */
  removed: Float64Array;
  /** Number of material classes; left out, chosen from the data (endmembers.ts). */
  materials?: number;
  /** Where the per-sample classification runs; default the TypeScript reference. */
  layerUnmixer?: LayerUnmixerFactory;
  /** Told the fraction (0..1) of the classification done: the longest part of the depth stage. */
  onProgress?: (fraction: number) => void;
  /** Runs the classification's refinement and final passes (a thread pool); absent, the unmixer does. */
  layerPasses?: LayerPassRunner;
}

export interface MaterialClass {
  /** Fitted sputter rate, metres per unit of the sputter dose (per layer without a dose). */
  rate: number;
  /** Rate relative to the mean rate over the whole profile (1 = the linear model's rate). */
  relativeRate: number;
  /** Mean counts per layer of each channel at full coverage, keyed by label; `other` = the rest of the total. */
  signature: Record<string, number>;
  /** Share of all layer-pixels assigned to this class. */
  share: number;
}

export interface MaterialModelResult {
  /** `[layers + 1, rows, cols]` metres below the original surface. */
  layerDepth: Float32Array;
  classes: MaterialClass[];
  fit: SputterRateFit;
}

export function materialLayerDepth(input: MaterialModelInput): MaterialModelResult {
  const { layers, rows, cols, removed } = input;
  const pixels = rows * cols;
  const { fractions, signatures, materials, features } = classify(input);
  const samples = layers * pixels;
  const steps = doseSteps(layers, input.cumulativeDose);

  // Each material's exposure per pixel, and its sum of fractions (for its share), in one pass.
  const exposure = new Float64Array(materials * pixels);
  const shares = new Float64Array(materials);
  for (let m = 0; m < materials; m++) {
    const dose = exposure.subarray(m * pixels, (m + 1) * pixels);
    let share = 0;
    for (let k = 0; k < layers; k++) {
      const layer = fractions.subarray(m * samples + k * pixels, m * samples + (k + 1) * pixels);
      const step = steps[k];
      for (let p = 0; p < pixels; p++) {
        share += layer[p];
        dose[p] += layer[p] * step;
      }
    }
    shares[m] = share;
  }
  const fit = fitSputterRates(exposure, removed, materials);

  // A pixel's weights over all layers add up to sum_m v_m times its exposure to m.
  const totals = new Float64Array(pixels);
  for (let m = 0; m < materials; m++) {
    for (let p = 0; p < pixels; p++) totals[p] += fit.rates[m] * exposure[m * pixels + p];
  }
  const layerDepth = stepsToDepth((k, weights) => {
    const step = steps[k];
    const layer = fractions.subarray(k * pixels);
    // One pass over the pixels, the materials summed in order for each.
    const { rates } = fit;
    for (let p = 0; p < pixels; p++) {
      let weight = 0;
      for (let m = 0, at = p; m < materials; m++, at += samples) weight += layer[at] * rates[m] * step;
      weights[p] = weight;
    }
  }, removed, layers, totals);
  return { layerDepth, classes: describeClasses(input, features, signatures, shares, fit, exposure), fit };
}

/** Material fractions `[materials, layers * pixels]`, the features computed a layer at a time. */
function classify(input: MaterialModelInput): MaterialUnmixing & { features: number } {
  // With the later passes on other threads, features kept from the first would never be read again.
  const unmixer = (input.layerUnmixer ?? referenceLayerUnmixer)(input, input.layerPasses ? 0 : undefined);
  const passes = input.layerPasses && withStack(input.layerPasses, correctedStack(input));
  return { ...unmixMaterials(unmixer, input.materials, input.onProgress, passes), features: unmixer.features };
}

/** The stack alone, without the input's functions and other arrays, to post to other threads. */
function correctedStack({ counts, layers, channels, rows, cols, labels, total, cumulativeDose }: CorrectedStack): CorrectedStack {
  return { counts, layers, channels, rows, cols, labels, total, cumulativeDose };
}

function describeClasses(
  input: MaterialModelInput,
  features: number,
  signatures: Float64Array,
  /** Each material's sum of fractions over all layer-pixels. */
  shares: Float64Array,
  fit: SputterRateFit,
  exposure: Float64Array,
): MaterialClass[] {
  const materials = fit.rates.length;
  const pixels = input.rows * input.cols;
  let depthSum = 0;
  let doseSum = 0;
  for (let p = 0; p < pixels; p++) {
    if (!Number.isFinite(input.removed[p])) continue;
    depthSum += input.removed[p];
    for (let m = 0; m < materials; m++) doseSum += exposure[m * pixels + p];
  }
  const meanRate = doseSum > 0 ? depthSum / doseSum : 0;
  const totalShare = shares.reduce((a, b) => a + b, 0);
  const names = [...input.labels, ...(features > input.channels ? ["other"] : [])];
  return Array.from({ length: materials }, (_, m) => ({
    rate: fit.rates[m],
    relativeRate: meanRate > 0 ? fit.rates[m] / meanRate : 0,
    signature: Object.fromEntries(names.map((name, f) => [name, signatures[m * features + f]])),
    share: shares[m] / totalShare,
  }));
}
