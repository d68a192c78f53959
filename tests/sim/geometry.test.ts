import { describe, expect, it } from "vitest";
import { apply, invert } from "../../src/sim/affine.js";
import { tipDilation } from "../../src/sim/afmScan.js";
import { simulateDrift } from "../../src/sim/drift.js";
import { fieldCorners, scanTransforms } from "../../src/sim/geometry.js";
import { Random } from "../../src/sim/random.js";
import { resolveParams } from "../../src/sim/resolveParams.js";

const NM = 1e-9;

describe("drawn scan geometry", () => {
  it("stays within realistic ranges and always keeps the SIMS field inside both AFM fields", () => {
    const rotations: number[] = [];
    for (let seed = 0; seed < 200; seed++) {
      const params = resolveParams({ preset: seed % 2 ? "paper" : "small", seed });
      const { rotationDeg, scale, afterShift } = params.geometry;
      rotations.push(rotationDeg);
      expect(Math.abs(rotationDeg)).toBeLessThanOrEqual(10);
      expect(Math.abs(scale - 1)).toBeLessThanOrEqual(0.08);
      expect(Math.hypot(...afterShift)).toBeLessThan(2.2e-6);
      const transforms = scanTransforms(params, params.geometry);
      for (const afmToSims of [transforms.afmToSims, transforms.afmAfterToSims]) {
        const simsToAfm = invert(afmToSims);
        for (const [c, r] of fieldCorners(params.sims)) {
          const [col, row] = apply(simsToAfm, c, r);
          expect(col).toBeGreaterThanOrEqual(-0.5);
          expect(col).toBeLessThanOrEqual(params.afm.cols - 0.5);
          expect(row).toBeGreaterThanOrEqual(-0.5);
          expect(row).toBeLessThanOrEqual(params.afm.rows - 0.5);
        }
      }
    }
    // the draws use the whole range, not a corner of it
    expect(Math.max(...rotations)).toBeGreaterThan(5);
    expect(Math.min(...rotations)).toBeLessThan(-5);
  });

  it("puts a 512 x 512 SIMS field of 50 um inside an AFM field made large enough for it", () => {
    const params = resolveParams({ preset: "paper", seed: 1, simsPixels: 512, simsFieldUm: 50 });
    expect(params.sims.pixelSize[1] * 512).toBeCloseTo(50e-6, 15);
    const transforms = scanTransforms(params, params.geometry);
    const simsToAfm = invert(transforms.afmToSims);
    for (const [c, r] of fieldCorners(params.sims)) {
      const [col, row] = apply(simsToAfm, c, r);
      expect(col).toBeGreaterThanOrEqual(-0.5);
      expect(row).toBeLessThanOrEqual(params.afm.rows - 0.5);
    }
  });

  it("after_to_before composes the after scan's and the before scan's transforms", () => {
    const params = resolveParams({ preset: "small", seed: 4 });
    const t = scanTransforms(params, params.geometry);
    for (const [c, r] of [
      [0, 0],
      [511, 63],
      [100, 20],
    ]) {
      const viaBefore = apply(t.afmToSims, ...apply(t.afmAfterToAfmBefore, c, r));
      const direct = apply(t.afmAfterToSims, c, r);
      expect(viaBefore[0]).toBeCloseTo(direct[0], 9);
      expect(viaBefore[1]).toBeCloseTo(direct[1], 9);
    }
  });
});

describe("drift", () => {
  it("starts at zero, reaches the asked magnitude, and moves in sub-pixel steps", () => {
    for (let seed = 0; seed < 50; seed++) {
      const layers = seed % 2 ? 40 : 100;
      const drift = simulateDrift(layers, 4, new Random(seed, "drift"));
      expect([drift[0], drift[1]]).toEqual([0, 0]);
      let largest = 0;
      let largestStep = 0;
      for (let k = 1; k < layers; k++) {
        largest = Math.max(largest, Math.hypot(drift[2 * k], drift[2 * k + 1]));
        largestStep = Math.max(largestStep, Math.hypot(drift[2 * k] - drift[2 * k - 2], drift[2 * k + 1] - drift[2 * k - 1]));
      }
      expect(largest).toBeCloseTo(4, 9);
      expect(largestStep).toBeLessThan(1);
    }
  });
});

describe("AFM tip", () => {
  it("a paraboloid tip leaves a flat surface alone and fills a one-pixel groove to the tip's rise (hand-computed)", () => {
    const flat = new Float64Array(5 * 9).fill(3 * NM);
    expect([...tipDilation(flat, 5, 9, [50 * NM, 10 * NM], 10 * NM)]).toEqual([...flat]);
    const groove = new Float64Array(9);
    groove[4] = -10 * NM;
    // neighbours 10 nm away: the tip's rise there is (10 nm)^2 / (2 * 10 nm) = 5 nm
    const traced = tipDilation(groove, 1, 9, [50 * NM, 10 * NM], 10 * NM);
    expect(traced[4]).toBeCloseTo(-5 * NM, 15);
    expect(traced[3]).toBe(0);
    expect([...tipDilation(groove, 1, 9, [50 * NM, 10 * NM], 0)]).toEqual([...groove]);
  });
});
