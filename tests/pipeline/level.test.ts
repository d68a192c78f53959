import { describe, expect, it } from "vitest";
import { AfmsimsError } from "../../src/errors.js";
import { findScars, levelHeightMap, lineOffsetsByDifferences } from "../../src/pipeline/level.js";
import { substrateResidualRms, syntheticAfm } from "./syntheticAfm.js";

describe("AFM levelling", () => {
  it("aligns lines by the median of their differences, unmoved by a particle on one line", () => {
    const cols = 9;
    const z = new Float64Array(3 * cols);
    for (let c = 0; c < cols; c++) {
      z[c] = c;
      z[cols + c] = c + 5 + (c === 4 ? 100 : 0);
      z[2 * cols + c] = c - 2;
    }
    expect(Array.from(lineOffsetsByDifferences(z, 3, cols))).toEqual([0, 5, -2]);
  });

  it.each([1, 2, 3])("levels a paper-sized scan with particles, scars and noise (seed %i) to <= 1.5x the noise", (seed) => {
    const afm = syntheticAfm(seed);
    const { heights, scarPixels } = levelHeightMap(afm.measured, afm.rows, afm.cols);
    expect(substrateResidualRms(heights, afm.truth)).toBeLessThanOrEqual(1.5 * afm.noise);
    expect(scarPixels).toBeGreaterThan(0);
    // Particle heights survive levelling: compare the tallest point with the truth's.
    const tallest = afm.truth.reduce((best, v, i, all) => (v > all[best]! ? i : best), 0);
    expect(Math.abs(heights[tallest]! - afm.truth[tallest]!)).toBeLessThan(6 * afm.noise);
  });

  it("removes a quadratic bow with order 2 and not with a plane", () => {
    const afm = syntheticAfm(7, { rows: 64, cols: 512, bow: 40e-9, scars: 0 });
    const plane = levelHeightMap(afm.measured, afm.rows, afm.cols, { order: 1 });
    const quadratic = levelHeightMap(afm.measured, afm.rows, afm.cols, { order: 2 });
    expect(substrateResidualRms(quadratic.heights, afm.truth)).toBeLessThanOrEqual(1.5 * afm.noise);
    expect(substrateResidualRms(plane.heights, afm.truth)).toBeGreaterThan(3 * afm.noise);
  });

  it("needs the particle mask: without it the particles drag the substrate away", () => {
    const afm = syntheticAfm(11, { rows: 64, cols: 512, particles: 6, scars: 0 });
    const masked = levelHeightMap(afm.measured, afm.rows, afm.cols);
    const unmasked = levelHeightMap(afm.measured, afm.rows, afm.cols, { maskParticles: false });
    expect(substrateResidualRms(masked.heights, afm.truth)).toBeLessThanOrEqual(1.5 * afm.noise);
    expect(substrateResidualRms(unmasked.heights, afm.truth)).toBeGreaterThan(1.5 * afm.noise);
  });

  it("finds scars where they were put and nowhere else on pure noise", () => {
    const afm = syntheticAfm(5, { rows: 64, cols: 512, particles: 0, scars: 4 });
    const { heights } = levelHeightMap(afm.measured, afm.rows, afm.cols, { removeScars: false });
    const found = findScars(heights, afm.rows, afm.cols);
    let hits = 0;
    let falseAlarms = 0;
    for (let i = 0; i < found.length; i++) {
      if (found[i] && afm.scars[i]) hits++;
      if (found[i] && !afm.scars[i]) falseAlarms++;
    }
    expect(hits / afm.scars.reduce((a, b) => a + b, 0)).toBeGreaterThan(0.95);
    expect(falseAlarms).toBe(0);
  });

  it.each([
    ["empty", new Float64Array(0), 0, 0, /empty/],
    ["all-NaN", new Float64Array(12).fill(NaN), 3, 4, /all NaN/],
    ["constant", new Float64Array(12).fill(2e-9), 3, 4, /constant/],
  ] as const)("rejects a%s height map with a clear error", (_, values, rows, cols, message) => {
    expect(() => levelHeightMap(values, rows, cols)).toThrow(AfmsimsError);
    expect(() => levelHeightMap(values, rows, cols)).toThrow(message);
  });
});
