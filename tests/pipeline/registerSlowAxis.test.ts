// AFM-before -> SIMS on the small preset's worst seed with linear interpolation onto the
// registration grid (seed 10: 0.326 SIMS px). Its rotation error comes from the AFM's coarse slow
// axis (64 lines 390 nm apart: the same seed with 8x as many lines, noiseless, is 0.09 px), and a
// cubic interpolant across the lines brings it to 0.28 px. The bound is 0.30, not issue 3's 0.25,
// which this seed still misses: it guards the gain, it does not claim the target.
import { beforeAll, describe, expect, it } from "vitest";
import { type KernelApi, loadKernels } from "../../src/kernels/index.js";
import { estimateDrift, removeDrift } from "../../src/pipeline/drift.js";
import { meanOverLayers } from "../../src/pipeline/reconstruct/layerStack.js";
import { registerSurfaces, type SimsField } from "../../src/pipeline/reconstruct/surfaces.js";
import { resolveParams } from "../../src/sim/resolveParams.js";
import { simulate } from "../../src/sim/simulate.js";
import { cornerError } from "./syntheticSample.js";

describe("AFM-before -> SIMS across the AFM's coarse slow axis", () => {
  let kernels: KernelApi;
  beforeAll(async () => {
    kernels = await loadKernels();
  });

  it("maps the AFM corners of small seed 10 within 0.30 SIMS px (0.326 with linear interpolation)", () => {
    const sim = simulate(resolveParams({ preset: "small", seed: 10 }));
    const { afmBefore, afmAfter, sims } = sim.input;
    const { total, layers, rows, cols } = sims;
    const drift = estimateDrift(kernels, total!, layers, rows, cols);
    const field: SimsField = {
      values: meanOverLayers(removeDrift(kernels, total!, layers, rows, cols, drift), layers, rows * cols),
      rows,
      cols,
      pixelSize: sims.pixelSize,
    };
    const { afmToSims } = registerSurfaces(kernels, afmBefore, afmAfter, field, false);
    expect(cornerError(afmToSims, sim.transforms.afmToSims, afmBefore.rows, afmBefore.cols)).toBeLessThanOrEqual(0.3);
  });
});
