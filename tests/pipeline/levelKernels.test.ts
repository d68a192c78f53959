// Levelling's kernels against their TypeScript references in level.ts, bit for bit: the scar
// search (assembly/scars.ts) on levelled synthetic scans with scars, particles (their mask given
// or not) and NaN pixels, and on maps too small to hold a scar; the particle mask
// (assembly/particles.ts) on odd and even substrate counts and on none; the line medians and the
// substrate outside the grown particles (same file); all of them inside levelling.
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { loadRawKernels } from "../../src/kernels/loader.js";
import { levelKernelsWasm } from "../../src/pipeline/levelKernelsWasm.js";
import { findScars, levelHeightMap, lineMedians, raisedPixels, substrateOutsideParticles } from "../../src/pipeline/level.js";
import { syntheticAfm } from "./syntheticAfm.js";

const root = fileURLToPath(new URL("../../", import.meta.url));

beforeAll(() => {
  if (!existsSync(`${root}build/kernels/afmsims-simd.wasm`) || !existsSync(`${root}build/kernels/afmsims-scalar.wasm`)) {
    execFileSync(process.execPath, ["scripts/build-kernels.mjs"], { cwd: root, stdio: "inherit" });
  }
});

/** A levelled scan with its scars left in, a particle mask, and every 997th pixel NaN. */
function scarredResidual(seed: number, rows: number, cols: number) {
  const afm = syntheticAfm(seed, { rows, cols, particles: 8, scars: 6 });
  const { heights } = levelHeightMap(afm.measured, rows, cols, { removeScars: false });
  const raised = Uint8Array.from(afm.truth, (h) => (h > 5e-9 ? 1 : 0));
  for (let i = 0; i < heights.length; i += 997) heights[i] = NaN;
  return { heights, raised, planted: afm.scars };
}

function count(mask: Uint8Array): number {
  return mask.reduce((sum, v) => sum + v, 0);
}

function sameFields(a: object, b: object): void {
  for (const [key, value] of Object.entries(a)) {
    const other = (b as Record<string, unknown>)[key];
    if (value instanceof Float64Array || value instanceof Uint8Array) expect(Array.from(other as ArrayLike<number>), key).toEqual(Array.from(value));
    else expect(other, key).toEqual(value);
  }
}

describe.each(["simd", "scalar"] as const)("levelling kernels (%s)", (build) => {
  it.each([1, 2, 3])("finds the reference's scars, with and without the particle mask (seed %i)", async (seed) => {
    const kernel = levelKernelsWasm(await loadRawKernels(build)).findScars;
    const { heights, raised, planted } = scarredResidual(seed, 64, 512);
    const reference = findScars(heights, 64, 512, raised);
    // The comparison covers real scars: at least half the planted pixels are found.
    expect(count(reference)).toBeGreaterThan(0.5 * count(planted));
    expect(Array.from(kernel(heights, 64, 512, raised))).toEqual(Array.from(reference));
    expect(Array.from(kernel(heights, 64, 512))).toEqual(Array.from(findScars(heights, 64, 512)));
  });

  it("levels a scan to the same bits as the reference", async () => {
    const kernels = levelKernelsWasm(await loadRawKernels(build));
    const afm = syntheticAfm(7, { rows: 48, cols: 400, particles: 6, scars: 5 });
    const reference = levelHeightMap(afm.measured, afm.rows, afm.cols);
    expect(reference.scarPixels).toBeGreaterThan(0);
    sameFields(reference, levelHeightMap(afm.measured, afm.rows, afm.cols, { kernels }));
  });

  it.each([
    ["an odd number of", 0],
    ["an even number of", 1],
  ])("marks the reference's particles over %s substrate pixels", async (_, extra) => {
    const kernel = levelKernelsWasm(await loadRawKernels(build)).raisedPixels;
    const { heights, raised } = scarredResidual(4, 64, 512);
    const include = Uint8Array.from(heights, (h, i) => (Number.isFinite(h) && !raised[i] ? 1 : 0));
    if ((count(include) + extra) % 2 === 0) include[include.indexOf(1)] = 0;
    expect((count(include) + extra) % 2).toBe(1);
    const reference = raisedPixels(heights, include, 3);
    expect(count(reference)).toBeGreaterThan(0.5 * count(raised));
    expect(Array.from(kernel(heights, include, 3))).toEqual(Array.from(reference));
  });

  it("takes the reference's line medians, over odd and even counts and lines without substrate", async () => {
    const kernel = levelKernelsWasm(await loadRawKernels(build)).lineMedians;
    const { heights, raised } = scarredResidual(6, 64, 257);
    // Lines 10-19 have no substrate; elsewhere the particles leave odd and even counts.
    const include = Uint8Array.from(heights, (h, i) => (Number.isFinite(h) && !raised[i] && (i < 10 * 257 || i >= 20 * 257) ? 1 : 0));
    const reference = lineMedians(heights, 64, 257, include);
    expect(reference[15]).toBe(0);
    expect(Array.from(kernel(heights, 64, 257, include))).toEqual(Array.from(reference));
  });

  it("leaves the reference's substrate outside the grown particles and scars", async () => {
    const kernel = levelKernelsWasm(await loadRawKernels(build)).substrateOutsideParticles;
    const { heights, raised } = scarredResidual(8, 64, 300);
    // Particles at the map's corners and edges test the growth's clipping.
    for (const i of [0, 299, 63 * 300, 64 * 300 - 1, 150, 32 * 300]) raised[i] = 1;
    const scars = Uint8Array.from(heights, (_, i) => (i % 301 === 0 ? 1 : 0));
    const reference = substrateOutsideParticles(heights, raised, scars, 64, 300);
    expect(count(reference)).toBeLessThan(heights.length - count(raised));
    expect(Array.from(kernel(heights, raised, scars, 64, 300))).toEqual(Array.from(reference));
  });

  it("marks nothing without substrate to measure against", async () => {
    const kernel = levelKernelsWasm(await loadRawKernels(build)).raisedPixels;
    const { heights } = scarredResidual(5, 16, 64);
    expect(count(kernel(heights, new Uint8Array(heights.length), 3))).toBe(0);
    expect(count(raisedPixels(heights, new Uint8Array(heights.length), 3))).toBe(0);
  });

  it.each([
    [2, 300],
    [3, 40],
    [5, 7],
  ])("agrees on a %i x %i map", async (rows, cols) => {
    const kernel = levelKernelsWasm(await loadRawKernels(build)).findScars;
    const afm = syntheticAfm(9, { rows, cols, particles: 0, scars: 0 });
    const heights = Float64Array.from(afm.measured, (v, i) => v + (Math.floor(i / cols) === 1 ? 40e-9 : 0));
    expect(Array.from(kernel(heights, rows, cols))).toEqual(Array.from(findScars(heights, rows, cols)));
  });
});
