// The scar kernel (assembly/scars.ts) against its TypeScript reference (findScars in level.ts),
// bit for bit: on levelled synthetic scans with scars, particles (their mask given or not) and
// NaN pixels, inside levelling and on its own, and on maps too small to hold a scar.
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { loadRawKernels } from "../../src/kernels/loader.js";
import { findScarsWasm } from "../../src/pipeline/findScarsWasm.js";
import { findScars, levelHeightMap } from "../../src/pipeline/level.js";
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

describe.each(["simd", "scalar"] as const)("scar kernel (%s)", (build) => {
  it.each([1, 2, 3])("finds the reference's scars, with and without the particle mask (seed %i)", async (seed) => {
    const kernel = findScarsWasm(await loadRawKernels(build));
    const { heights, raised, planted } = scarredResidual(seed, 64, 512);
    const reference = findScars(heights, 64, 512, raised);
    // The comparison covers real scars: at least half the planted pixels are found.
    expect(count(reference)).toBeGreaterThan(0.5 * count(planted));
    expect(Array.from(kernel(heights, 64, 512, raised))).toEqual(Array.from(reference));
    expect(Array.from(kernel(heights, 64, 512))).toEqual(Array.from(findScars(heights, 64, 512)));
  });

  it("levels a scan to the same bits as the reference", async () => {
    const kernel = findScarsWasm(await loadRawKernels(build));
    const afm = syntheticAfm(7, { rows: 48, cols: 400, particles: 6, scars: 5 });
    const reference = levelHeightMap(afm.measured, afm.rows, afm.cols);
    expect(reference.scarPixels).toBeGreaterThan(0);
    sameFields(reference, levelHeightMap(afm.measured, afm.rows, afm.cols, { findScars: kernel }));
  });

  it.each([
    [2, 300],
    [3, 40],
    [5, 7],
  ])("agrees on a %i x %i map", async (rows, cols) => {
    const kernel = findScarsWasm(await loadRawKernels(build));
    const afm = syntheticAfm(9, { rows, cols, particles: 0, scars: 0 });
    const heights = Float64Array.from(afm.measured, (v, i) => v + (Math.floor(i / cols) === 1 ? 40e-9 : 0));
    expect(Array.from(kernel(heights, rows, cols))).toEqual(Array.from(findScars(heights, rows, cols)));
  });
});
