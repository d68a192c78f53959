/**
 * The reference study's qualitative result, on the paper preset: over a circular ROI on the spot,
 * Na2F+, Na2Cl+ and Na2O+ each fall at least 5x within the first 20 nm below the outer layer, then
 * stay flat (within +-20 %) in the hard carbon.
 */
import { describe, expect, it } from "vitest";
import { loadReconstructionKernels } from "../../src/pipeline/reconstruct/kernels.js";
import { simulateAndReconstruct } from "./reconstructAccuracy.js";
import { paperProfile } from "./studyProfile.js";

describe("the reference study's depth profile of an SEI spot (paper preset, seed 1)", async () => {
  const kernels = await loadReconstructionKernels();
  const { simulation, volume } = simulateAndReconstruct({ preset: "paper", seed: 1, truthVolume: false }, {}, kernels);
  const { fall, flatness } = paperProfile(simulation, volume);

  it("shows each Na2X+ channel falling at least 5x within 20 nm below the outer layer", () => {
    expect(fall).toBeGreaterThanOrEqual(5);
  });

  it("then keeps each flat within +-20 % in the hard carbon", () => {
    expect(flatness).toBeLessThanOrEqual(0.2);
  });
});
