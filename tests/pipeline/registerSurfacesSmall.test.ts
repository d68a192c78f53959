// AFM-before -> SIMS through the pipeline's registerSurfaces on the small preset, where an SEI
// spot's relief (a strong AFM-before edge with almost no total-ion contrast) used to bias the fit.
// Seeds 1 and 6 were the worst of 20 with the AFM-before edges alone (0.56 and 0.57 SIMS px);
// scripts/accuracy.mjs sweeps all 20 (worst 0.28 px there: issue 3's 0.25 is still missed).
import { beforeAll, describe, expect, it } from "vitest";
import { type KernelApi, loadKernels } from "../../src/kernels/index.js";
import { estimateDrift, removeDrift } from "../../src/pipeline/drift.js";
import { meanOverLayers } from "../../src/pipeline/reconstruct/layerStack.js";
import { registerSurfaces, type SimsField } from "../../src/pipeline/reconstruct/surfaces.js";
import { resolveParams } from "../../src/sim/resolveParams.js";
import { simulate } from "../../src/sim/simulate.js";
import { cornerError } from "./syntheticSample.js";

describe("AFM-before -> SIMS on the small preset, with the AFM-after scan", () => {
  let kernels: KernelApi;
  beforeAll(async () => {
    kernels = await loadKernels();
  });

  it.each([1, 6])("maps the AFM corners within 0.25 SIMS px, closer than without the after scan (seed %i)", (seed) => {
    const sim = simulate(resolveParams({ preset: "small", seed }));
    const { afmBefore, afmAfter, sims } = sim.input;
    const { total, layers, rows, cols } = sims;
    const drift = estimateDrift(kernels, total!, layers, rows, cols);
    const field: SimsField = {
      values: meanOverLayers(removeDrift(kernels, total!, layers, rows, cols, drift), layers, rows * cols),
      rows,
      cols,
      pixelSize: sims.pixelSize,
    };
    const error = (after: typeof afmAfter) =>
      cornerError(registerSurfaces(kernels, afmBefore, after, field, false).afmToSims, sim.transforms.afmToSims, afmBefore.rows, afmBefore.cols);
    const withAfter = error(afmAfter);
    expect(withAfter).toBeLessThanOrEqual(0.25);
    expect(withAfter).toBeLessThan(error(undefined));
  });
});
