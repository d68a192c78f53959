import { describe, expect, it } from "vitest";
import { loadKernels } from "../../src/kernels/index.js";
import { estimateDrift } from "../../src/pipeline/drift.js";
import { interpolateOverLayers } from "../../src/pipeline/driftReliability.js";
import { driftingLayers } from "./syntheticSims.js";

const LAYERS = 60;

/** Largest distance of any layer's estimate from its true drift, and of any true drift from 0. */
function worstErrors(estimated: Float64Array, truth: Float64Array): { error: number; truthSize: number } {
  let error = 0;
  let truthSize = 0;
  for (let k = 0; k < truth.length / 2; k++) {
    error = Math.max(error, Math.hypot(estimated[2 * k]! - truth[2 * k]!, estimated[2 * k + 1]! - truth[2 * k + 1]!));
    truthSize = Math.max(truthSize, Math.hypot(truth[2 * k]!, truth[2 * k + 1]!));
  }
  return { error, truthSize };
}

describe("drift that the counts cannot support", () => {
  // About 100 counts a layer over 32 x 32 pixels: one sparse channel. Untreated, noise peaks gave
  // drifts of 10-27 px (most of the field) where the truth is under 4 px.
  it.each([1, 2, 3, 4])("sparse layers (seed %i) are flagged and never jump past the true drift", async (seed) => {
    const kernels = await loadKernels();
    const { totals, drift } = driftingLayers(LAYERS, 32, 32, 0.1, seed);
    let flagged: number[] = [];
    const estimated = estimateDrift(kernels, totals, LAYERS, 32, 32, { onUnreliable: (layers) => (flagged = layers) });
    expect(flagged.length).toBeGreaterThan(0);
    const { error, truthSize } = worstErrors(estimated, drift);
    expect(error).toBeLessThanOrEqual(truthSize + 0.5);
  });

  it("trusts every layer of well-exposed data (and so leaves its drift as it was)", async () => {
    const kernels = await loadKernels();
    const { totals, drift } = driftingLayers(120, 128, 128, 1.5, 2);
    let flagged: number[] | undefined;
    const estimated = estimateDrift(kernels, totals, 120, 128, 128, { onUnreliable: (layers) => (flagged = layers) });
    expect(flagged).toEqual([]);
    expect(worstErrors(estimated, drift).error).toBeLessThan(0.3);
  });

  it("replaces one layer that shows another place (a spike) by its neighbours, and keeps a real jump", async () => {
    const kernels = await loadKernels();
    const rows = 96;
    const layers = 40;
    const { totals, drift } = driftingLayers(layers, rows, rows, 3, 5);
    // Layer 17 carries the image of a field 12 px away: registration finds that shift, the truth does not move.
    const pixels = rows * rows;
    const spiked = Float32Array.from(totals);
    for (let r = 0; r < rows; r++) {
      for (let c = 0; c < rows; c++) spiked[17 * pixels + r * rows + c] = totals[17 * pixels + ((r + 12) % rows) * rows + c]!;
    }
    let flagged: number[] = [];
    const estimated = estimateDrift(kernels, spiked, layers, rows, rows, { onUnreliable: (l) => (flagged = l) });
    expect(flagged).toEqual([17]);
    expect(Math.hypot(estimated[34]! - drift[34]!, estimated[35]! - drift[35]!)).toBeLessThan(0.5);

    // The same image moved 12 px from layer 20 on: every later layer agrees, so it is drift.
    const jumped = Float32Array.from(totals);
    for (let k = 20; k < layers; k++) {
      for (let r = 0; r < rows; r++) {
        for (let c = 0; c < rows; c++) jumped[k * pixels + r * rows + c] = totals[k * pixels + ((r + 12) % rows) * rows + c]!;
      }
    }
    const jumpEstimate = estimateDrift(kernels, jumped, layers, rows, rows, { onUnreliable: (l) => (flagged = l) });
    expect(flagged).toEqual([]);
    expect(Math.abs(jumpEstimate[2 * 30]! - (drift[2 * 30]! - 12))).toBeLessThan(0.5);
  });

  it("interpolates replaced layers linearly between kept ones, held past the ends", () => {
    const values = Float64Array.from([9, 9, 0, 10, 9, 9, 4, -2, 9, 9]);
    expect(Array.from(interpolateOverLayers(values, [0, 2, 4], 5))).toEqual([0, 10, 0, 10, 2, 4, 4, -2, 4, -2]);
    expect(Array.from(interpolateOverLayers(values, [0, 1, 2, 3, 4], 5))).toEqual(new Array(10).fill(0));
  });
});
