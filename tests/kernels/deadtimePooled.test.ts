import { describe, expect, it } from "vitest";
import { loadRawKernels } from "../../src/kernels/loader.js";
import { referenceKernels } from "../../src/kernels/reference/index.js";
import { pooledDeadTimeWasm } from "../../src/pipeline/deadTimeWasm.js";
import { correctDeadTimeInPlace } from "../../src/pipeline/reconstruct/layerStack.js";
import { relativeDifference, uniform } from "./random.js";

/**
 * Observed counts `[layers, channels, rows, cols]` of N pulses and their total-ion planes: whole
 * counts from none to every pulse, a few fractional ones (binned or resampled data), and a
 * pixel without data in every plane.
 */
function observed(layers: number, channels: number, rows: number, cols: number, pulses: number, seed: number) {
  const next = uniform(seed);
  const pixels = rows * cols;
  const counts = Float32Array.from({ length: layers * channels * pixels }, (_, i) => {
    const p = i % pixels;
    if (p === 7) return NaN;
    const rate = (0.15 + 0.8 * Math.abs(Math.sin(p / 37 + i / pixels))) * pulses;
    const n = Math.min(Math.round(rate * (0.5 + next())), pulses);
    return p % 97 === 3 ? n + 0.25 : n;
  });
  const total = Float32Array.from({ length: layers * pixels }, (_, i) => (i % pixels === 11 ? NaN : 40 * pulses * next()));
  return { counts, total, shape: { layers, channels, rows, cols } };
}

describe.each(["simd", "scalar"] as const)("%s pooled dead-time kernel", (build) => {
  it.each([
    { rows: 19, cols: 23, what: "an odd-sized grid" },
    { rows: 3, cols: 40, what: "a grid narrower than the window" },
  ])("corrects counts and totals as the reference does, on $what", async ({ rows, cols }) => {
    const pulses = 12;
    const kernel = observed(3, 4, rows, cols, pulses, rows);
    const reference = observed(3, 4, rows, cols, pulses, rows);
    correctDeadTimeInPlace(referenceKernels, reference.counts, reference.shape, pulses, reference.total, "pooled");
    correctDeadTimeInPlace(referenceKernels, kernel.counts, kernel.shape, pulses, kernel.total, "pooled", pooledDeadTimeWasm(await loadRawKernels(build)));
    expect(relativeDifference(kernel.counts, reference.counts)).toBeLessThan(1e-5);
    expect(relativeDifference(kernel.total, reference.total)).toBeLessThan(1e-5);
    // The correction did something: the pooled counts rise well above the observed ones.
    const before = observed(3, 4, rows, cols, pulses, rows).counts;
    expect(relativeDifference(before, reference.counts)).toBeGreaterThan(0.1);
  });
});
