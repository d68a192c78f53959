import { describe, expect, it } from "vitest";
import { AfmsimsError } from "../../src/errors.js";
import { loadKernels } from "../../src/kernels/index.js";
import { registerAfmAfterToBefore, registerAfmToSims } from "../../src/pipeline/register.js";
import { cornerError, cornerErrorMetres, syntheticAfter, syntheticPair } from "./syntheticSample.js";

// SIMS pixel of the paper preset (256 pixels on 40 um): the unit of the accuracy targets.
const SIMS_PIXEL = 40e-6 / 256;

describe("AFM-before to SIMS registration", () => {
  it.each([1, 2, 3, 4])("maps the AFM field's corners into SIMS pixels within 0.25 px (seed %i, random transform)", async (seed) => {
    const kernels = await loadKernels();
    const pair = syntheticPair(seed);
    const result = registerAfmToSims(kernels, pair.afm, pair.sims);
    expect(result.reliable).toBe(true);
    expect(cornerError(result.transform, pair.afmToSims, pair.afm.rows, pair.afm.cols)).toBeLessThanOrEqual(0.25);
  });

  it("finds the extreme corners of the search range: 10 degrees, +8% scale", async () => {
    const kernels = await loadKernels();
    const pair = syntheticPair(9, { rotation: (-10 * Math.PI) / 180, scale: 1.08 });
    const result = registerAfmToSims(kernels, pair.afm, pair.sims);
    expect(cornerError(result.transform, pair.afmToSims, pair.afm.rows, pair.afm.cols)).toBeLessThanOrEqual(0.25);
  });

  // Six free parameters fitted over the SIMS field spread more when extrapolated to the AFM's
  // corners than four do; the affine is there for real shear, so it gets a looser bound.
  it("refines a full affine on request, within 0.5 px", async () => {
    const kernels = await loadKernels();
    const pair = syntheticPair(10);
    const result = registerAfmToSims(kernels, pair.afm, pair.sims, { model: "affine" });
    expect(result.reliable).toBe(true);
    expect(cornerError(result.transform, pair.afmToSims, pair.afm.rows, pair.afm.cols)).toBeLessThanOrEqual(0.5);
  });

  it.each([5, 6])("reports no reliable match, with a low score, when the SIMS field is elsewhere (seed %i)", async (seed) => {
    const kernels = await loadKernels();
    const matched = registerAfmToSims(kernels, syntheticPair(seed).afm, syntheticPair(seed).sims);
    const pair = syntheticPair(seed, { elsewhere: true });
    const result = registerAfmToSims(kernels, pair.afm, pair.sims);
    expect(result.reliable).toBe(false);
    expect(result.score).toBeLessThan(matched.score / 2);
  });

  it("rejects a constant SIMS image with a clear error", async () => {
    const kernels = await loadKernels();
    const pair = syntheticPair(1, { simsShape: [32, 32] });
    const constant = { ...pair.sims, values: new Float32Array(32 * 32).fill(7) };
    expect(() => registerAfmToSims(kernels, pair.afm, constant)).toThrow(AfmsimsError);
    expect(() => registerAfmToSims(kernels, pair.afm, constant)).toThrow(/SIMS total-ion image is constant/);
  });
});

describe("AFM-after to AFM-before registration", () => {
  it.each([1, 2, 3])("maps the after field's corners within 0.25 SIMS px despite sputtering (seed %i)", async (seed) => {
    const kernels = await loadKernels();
    const before = syntheticPair(seed).afm;
    const { after, afterToBefore } = syntheticAfter(seed);
    const result = registerAfmAfterToBefore(kernels, after, before);
    expect(result.reliable).toBe(true);
    const error = cornerErrorMetres(result.transform, afterToBefore, after.rows, after.cols, before.pixelSize);
    expect(error / SIMS_PIXEL).toBeLessThanOrEqual(0.25);
  });
});
