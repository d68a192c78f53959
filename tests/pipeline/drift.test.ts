import { describe, expect, it } from "vitest";
import { AfmsimsError } from "../../src/errors.js";
import { loadKernels } from "../../src/kernels/index.js";
import { estimateDrift, removeDrift } from "../../src/pipeline/drift.js";
import { blobPattern, driftingLayers } from "./syntheticSims.js";

function rmsError(estimated: Float64Array, truth: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < truth.length; i++) sum += (estimated[i]! - truth[i]!) ** 2;
  return Math.sqrt(sum / (truth.length / 2));
}

describe("drift between SIMS layers", () => {
  it.each([
    [1, 128, 3],
    [2, 256, 1.5],
    [3, 256, 3],
  ])("tracks 120 layers (seed %i, %i px, %f counts/px) to <= 0.1 px RMS", async (seed, size, counts) => {
    const kernels = await loadKernels();
    const layers = 120;
    const { totals, drift } = driftingLayers(layers, size, size, counts, seed);
    const estimated = estimateDrift(kernels, totals, layers, size, size);
    expect(estimated[0]).toBe(0);
    expect(estimated[1]).toBe(0);
    expect(rmsError(estimated, drift)).toBeLessThanOrEqual(0.1);
    // No random walk: the last layers are as accurate as the first.
    const lastLayerError = Math.hypot(estimated[2 * (layers - 1)]! - drift[2 * (layers - 1)]!, estimated[2 * layers - 1]! - drift[2 * layers - 1]!);
    expect(lastLayerError).toBeLessThan(0.3);
  });

  it("moves each layer back to layer-0 geometry, NaN where the data ran off the edge", async () => {
    const kernels = await loadKernels();
    const rows = 40;
    const cols = 50;
    const pattern = blobPattern(rows, cols, 9);
    const drift = Float64Array.from([0, 0, 2.5, -3.25]);
    const stack = new Float32Array(2 * rows * cols);
    for (let k = 0; k < 2; k++) {
      for (let r = 0; r < rows; r++) {
        for (let c = 0; c < cols; c++) stack[k * rows * cols + r * cols + c] = pattern(r - drift[2 * k]!, c - drift[2 * k + 1]!);
      }
    }
    const back = removeDrift(kernels, stack, 2, rows, cols, drift);
    for (let r = 0; r < rows; r++) {
      for (let c = 0; c < cols; c++) {
        const v = back[rows * cols + r * cols + c]!;
        // Layer 1's pixel (r, c) comes from (r + 2.5, c - 3.25): beyond the last row or first column it does not exist.
        if (r + 2.5 > rows - 0.5 || c - 3.25 < -0.5) expect(v).toBeNaN();
        else expect(Math.abs(v - pattern(r, c))).toBeLessThan(0.15 * (1 + Math.abs(pattern(r, c))));
      }
    }
  });

  it("rejects an empty layer with a clear error naming it", async () => {
    const kernels = await loadKernels();
    const { totals } = driftingLayers(3, 32, 32, 3, 4);
    totals.fill(0, 2 * 32 * 32);
    expect(() => estimateDrift(kernels, totals, 3, 32, 32)).toThrow(AfmsimsError);
    expect(() => estimateDrift(kernels, totals, 3, 32, 32)).toThrow(/layer 2 is constant/);
  });
});
