import { beforeAll, describe, expect, it } from "vitest";
import type { InputModel } from "../../src/model/types.js";
import { reconstruct, type ReconstructionKernels } from "../../src/pipeline/reconstruct.js";
import { loadReconstructionKernels } from "../../src/pipeline/reconstruct/kernels.js";
import { resolveParams, simulate } from "../../src/sim/index.js";

let kernels: ReconstructionKernels;
beforeAll(async () => {
  kernels = await loadReconstructionKernels();
});

/** Largest distance of any layer's drift from the truth. */
function worstError(drift: Float64Array, truth: Float64Array): number {
  let worst = 0;
  for (let k = 0; k < truth.length / 2; k++) worst = Math.max(worst, Math.hypot(drift[2 * k]! - truth[2 * k]!, drift[2 * k + 1]! - truth[2 * k + 1]!));
  return worst;
}

describe("reconstruct of one sparse channel", () => {
  // The bug hunt's case: a 500 um field at 16 px, only the Na2F+ channel (tens of counts a layer).
  // Without the reliability test the drift came out at 17-22 px, more than the field is wide.
  it("warns that the drift could not be measured and keeps it within the true drift", () => {
    const simulation = simulate(resolveParams({ preset: "small", seed: 2, simsPixels: 16, simsFieldUm: 500 }));
    const { sims } = simulation.input;
    const pixels = sims.rows * sims.cols;
    const channel = sims.labels.indexOf("Na2F+");
    const counts = new Float32Array(sims.layers * pixels);
    for (let k = 0; k < sims.layers; k++) counts.set(sims.counts.subarray((k * sims.channels + channel) * pixels, (k * sims.channels + channel + 1) * pixels), k * pixels);
    const { total: _, ...rest } = sims;
    const measurement: InputModel = {
      ...simulation.input,
      source: "sparse.h5",
      sims: { ...rest, channels: 1, labels: ["Na2F+"], masses: sims.masses?.slice(channel, channel + 1), counts },
    };
    const { report, volume } = reconstruct(measurement, { model: "linear", allowLowConfidence: true }, kernels);
    expect(report.warnings.join("\n")).toMatch(/\d+ layer\(s\) whose drift could not be measured reliably/);
    const truth = simulation.drift;
    let truthSize = 0;
    for (let k = 0; k < truth.length / 2; k++) truthSize = Math.max(truthSize, Math.hypot(truth[2 * k]!, truth[2 * k + 1]!));
    expect(worstError(volume.drift, truth)).toBeLessThanOrEqual(truthSize + 0.5);
  });
});
