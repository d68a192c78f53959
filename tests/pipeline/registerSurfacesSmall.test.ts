// AFM-before -> SIMS through the pipeline's registerSurfaces on the small preset, against the
// simulator's transform. Seeds 1 and 6 were the worst of 20 with the AFM-before edges alone (0.56
// and 0.57 SIMS px): an SEI spot's relief (a strong AFM-before edge with almost no total-ion
// contrast) biased the fit, and the after scan tells which AFM edges persist. Seeds 9, 10 and 14
// were the worst with the fine fit on a grid of whole SIMS pixels (0.280, 0.279 and 0.278 px,
// issue 3's 0.25 missed): their edge images' rims, about a SIMS pixel wide, were undersampled, and
// on a grid of half a SIMS pixel they come within it (0.239, 0.217, 0.230). Seed 13 (0.277 px,
// a shift along the AFM's coarse slow axis) still misses the target: scripts/accuracy.mjs sweeps
// all 20 seeds, these guard the gain.
import { beforeAll, describe, expect, it } from "vitest";
import { type KernelApi, loadKernels } from "../../src/kernels/index.js";
import type { HeightMap } from "../../src/model/types.js";
import { estimateDrift, removeDrift } from "../../src/pipeline/drift.js";
import { meanOverLayers } from "../../src/pipeline/reconstruct/layerStack.js";
import { registerSurfaces, type SimsField } from "../../src/pipeline/reconstruct/surfaces.js";
import { resolveParams } from "../../src/sim/resolveParams.js";
import { simulate } from "../../src/sim/simulate.js";
import { cornerError } from "./syntheticSample.js";

describe("AFM-before -> SIMS on the small preset", () => {
  let kernels: KernelApi;
  beforeAll(async () => {
    kernels = await loadKernels();
  });

  /** The corner error of registerSurfaces on the drift-aligned mean total-ion image of `seed`, with or without its after scan. */
  function registration(seed: number): (withAfter: boolean) => number {
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
    return (withAfter) => {
      const after: HeightMap | undefined = withAfter ? afmAfter : undefined;
      const { afmToSims } = registerSurfaces(kernels, afmBefore, after, field, false);
      return cornerError(afmToSims, sim.transforms.afmToSims, afmBefore.rows, afmBefore.cols);
    };
  }

  it.each([1, 6])("maps the AFM corners within 0.25 SIMS px, closer than without the after scan (seed %i)", (seed) => {
    const error = registration(seed);
    const withAfter = error(true);
    expect(withAfter).toBeLessThanOrEqual(0.25);
    expect(withAfter).toBeLessThan(error(false));
  });

  it.each([9, 10, 14])("maps the AFM corners within 0.25 SIMS px where a grid of whole SIMS pixels missed it (seed %i)", (seed) => {
    expect(registration(seed)(true)).toBeLessThanOrEqual(0.25);
  });
});
