// The stages on the simulator's output, judged against its ground truth (one seed each here;
// scripts/accuracy.mjs sweeps many seeds of both presets and reports the worst case).
import { beforeAll, describe, expect, it } from "vitest";
import { type KernelApi, loadKernels } from "../../src/kernels/index.js";
import { chain } from "../../src/pipeline/affine.js";
import { estimateDrift, removeDrift } from "../../src/pipeline/drift.js";
import { levelHeightMap } from "../../src/pipeline/level.js";
import { meanOverLayers } from "../../src/pipeline/reconstruct/layerStack.js";
import { registerAfmAfterToBefore, registerAfmToSims } from "../../src/pipeline/register.js";
import { resolveParams } from "../../src/sim/resolveParams.js";
import { type SimulationResult, simulate } from "../../src/sim/simulate.js";
import { cornerError } from "./syntheticSample.js";

/** Every layer's total-ion image moved back to layer 0 and averaged: the image to register. */
function alignedMean(kernels: KernelApi, sim: SimulationResult, drift: Float64Array): Float32Array {
  const { total, layers, rows, cols } = sim.input.sims;
  return meanOverLayers(removeDrift(kernels, total!, layers, rows, cols, drift), layers, rows * cols);
}

describe("paper preset, seed 1", () => {
  let kernels: KernelApi;
  let sim: SimulationResult;
  let drift: Float64Array;
  beforeAll(async () => {
    kernels = await loadKernels();
    sim = simulate(resolveParams({ preset: "paper", seed: 1 }));
    const { total, layers, rows, cols } = sim.input.sims;
    drift = estimateDrift(kernels, total!, layers, rows, cols);
  });

  it("tracks the drift of all 100 layers to <= 0.1 px RMS", () => {
    let squares = 0;
    for (let i = 0; i < drift.length; i++) squares += (drift[i]! - sim.drift[i]!) ** 2;
    expect(Math.sqrt(squares / sim.input.sims.layers)).toBeLessThanOrEqual(0.1);
  });

  function levelled(map: NonNullable<SimulationResult["input"]["afmAfter"]>) {
    return { values: levelHeightMap(map.heights, map.rows, map.cols).heights, rows: map.rows, cols: map.cols, pixelSize: map.pixelSize };
  }

  function afmToSimsCornerError(): number {
    const { afmBefore, sims } = sim.input;
    const before = levelled(afmBefore);
    const surface = { values: alignedMean(kernels, sim, drift), rows: sims.rows, cols: sims.cols, pixelSize: sims.pixelSize };
    const toSims = registerAfmToSims(kernels, before, surface);
    expect(toSims.reliable).toBe(true);
    return cornerError(toSims.transform, sim.transforms.afmToSims, before.rows, before.cols);
  }

  it("registers AFM-after to AFM-before within 0.25 SIMS px at the AFM corners", () => {
    const before = levelled(sim.input.afmBefore);
    const after = levelled(sim.input.afmAfter!);
    const toBefore = registerAfmAfterToBefore(kernels, after, before);
    expect(toBefore.reliable).toBe(true);
    const afterToSims = chain(toBefore.transform, sim.transforms.afmToSims);
    expect(cornerError(afterToSims, sim.transforms.afmAfterToSims, after.rows, after.cols)).toBeLessThanOrEqual(0.25);
  });

  it("registers AFM-before to SIMS reliably within issue 3's 0.25 SIMS px at the AFM corners", () => {
    expect(afmToSimsCornerError()).toBeLessThanOrEqual(0.25);
  });
});

describe("levelling the simulator's flat sample (small preset)", () => {
  it.each([1, 2, 3])("leaves the substrate within 1.5x the AFM noise (seed %i)", (seed) => {
    const flat = simulate(resolveParams({ preset: "small", seed, flat: true, layers: 2 }));
    const { heights, rows, cols } = flat.input.afmBefore;
    const levelled = levelHeightMap(heights, rows, cols).heights;
    const truth = flat.afmBeforeTrue;
    const plane = Float64Array.from(truth).sort()[truth.length >> 1]!;
    let n = 0;
    let sum = 0;
    let squares = 0;
    for (let i = 0; i < truth.length; i++) {
      if (Math.abs(truth[i]! - plane) > 1e-11) continue;
      const d = levelled[i]! - truth[i]!;
      n++;
      sum += d;
      squares += d * d;
    }
    const rms = Math.sqrt(squares / n - (sum / n) ** 2);
    expect(rms).toBeLessThanOrEqual(1.5 * flat.params.afmArtefacts.noise);
  });
});
