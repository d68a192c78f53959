import { describe, expect, it } from "vitest";
import { levelHeightMap } from "../../src/pipeline/level.js";
import { normal } from "../kernels/random.js";

const ROWS = 64;
const COLS = 512;
const NM = 1e-9;
const NOISE = 0.3 * NM;

/** A scan of `relief` (metres at (row, col)) with white line jumps, a slow z wander and noise. */
function scan(relief: (r: number, c: number) => number, seed: number): { measured: Float64Array; truth: Float64Array } {
  const gauss = normal(seed);
  const truth = new Float64Array(ROWS * COLS);
  const measured = new Float64Array(ROWS * COLS);
  let wander = 0;
  for (let r = 0; r < ROWS; r++) {
    wander += 0.3 * NM * gauss();
    const offset = 1.5 * NM * gauss() + wander;
    for (let c = 0; c < COLS; c++) {
      truth[r * COLS + c] = relief(r, c);
      measured[r * COLS + c] = relief(r, c) + offset + NOISE * gauss();
    }
  }
  return { measured, truth };
}

/** RMS of levelled - truth after removing both means. */
function residualRms(levelled: Float64Array, truth: Float64Array): number {
  let mean = 0;
  for (let i = 0; i < truth.length; i++) mean += levelled[i]! - truth[i]!;
  mean /= truth.length;
  let squares = 0;
  for (let i = 0; i < truth.length; i++) squares += (levelled[i]! - truth[i]! - mean) ** 2;
  return Math.sqrt(squares / truth.length);
}

describe("relief across the scan lines", () => {
  // The field is square (64 lines of 512 points): a wave of 16 lines across the lines has the
  // same wavelength as one of 128 points along them.
  const amplitude = 5 * NM;
  const isotropic = (r: number, c: number) =>
    amplitude * (Math.sin((2 * Math.PI * r) / 16 + 0.3) + Math.sin((2 * Math.PI * c) / 128 + 1.1));

  it.each([1, 2, 3])("keeps a wave across the lines that the lines' own relief vouches for (seed %i)", (seed) => {
    const { measured, truth } = scan(isotropic, seed);
    const { heights } = levelHeightMap(measured, ROWS, COLS);
    // Line alignment alone takes the whole wave across the lines (3.5 nm RMS) with the offsets;
    // measured 1.34-1.47 nm, mostly in the first and last few lines, where the instrument's slow
    // z wander and the relief share the lowest frequencies.
    expect(residualRms(heights, truth)).toBeLessThan(0.4 * amplitude);
  });

  it.each([4, 5, 6])("gives back nothing on a flat field, whose slow line drift is the instrument's (seed %i)", (seed) => {
    const { measured, truth } = scan(() => 0, seed);
    const { heights } = levelHeightMap(measured, ROWS, COLS);
    expect(residualRms(heights, truth)).toBeLessThan(1.5 * NOISE);
  });
});

describe("a field narrower than one line pitch", () => {
  it("has no column profile to judge relief by: levelling stays finite and gives nothing back", () => {
    // 8 points along each line, 10 nm apart, lines 400 nm apart: not one column block of a line
    // pitch. (All heights came out NaN here before.)
    const rows = 64;
    const cols = 8;
    const truth = Float64Array.from({ length: rows * cols }, (_, i) => 5 * NM * Math.sin((2 * Math.PI * Math.floor(i / cols)) / 16));
    const { heights } = levelHeightMap(truth, rows, cols, { pixelSize: [400 * NM, 10 * NM] });
    expect(heights.every(Number.isFinite)).toBe(true);
    // Line alignment alone takes the wave across the lines (3.5 nm RMS) with the offsets.
    expect(residualRms(heights, truth)).toBeGreaterThan(3 * NM);
  });
});
