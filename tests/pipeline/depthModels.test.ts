import { describe, expect, it } from "vitest";
import { AfmsimsError } from "../../src/errors.js";
import { doseSteps } from "../../src/pipeline/depth/doseSteps.js";
import { computeLayerDepth } from "../../src/pipeline/depth/layerDepth.js";
import { linearLayerDepth } from "../../src/pipeline/depth/linearModel.js";
import { removedDepth, uniformRemovedDepth } from "../../src/pipeline/depth/removedDepth.js";
import { fitSputterRates } from "../../src/pipeline/depth/sputterRates.js";

const nm = 1e-9;

describe("removed depth", () => {
  it("is before minus after, clamped at zero, reporting the negative share", () => {
    const result = removedDepth([10 * nm, 20 * nm, 30 * nm, 40 * nm], [5 * nm, 5 * nm, 5 * nm, 50 * nm]);
    expect(Array.from(result.depth).map((d) => d / nm)).toEqual([5, 15, 25, 0].map((d) => expect.closeTo(d, 9)));
    expect(result.offset).toBe(0);
    expect(result.negativeFraction).toBe(0.25);
  });

  it("adds the constant that makes the mean equal the anchor", () => {
    // Unclamped differences 5, 15, 25, -10 nm have mean 8.75 nm; the anchor 20 nm adds 11.25 nm.
    const result = removedDepth([10 * nm, 20 * nm, 30 * nm, 40 * nm], [5 * nm, 5 * nm, 5 * nm, 50 * nm], {
      meanDepth: 20 * nm,
    });
    expect(result.offset / nm).toBeCloseTo(11.25, 9);
    expect(Array.from(result.depth).map((d) => d / nm)).toEqual([16.25, 26.25, 36.25, 1.25].map((d) => expect.closeTo(d, 9)));
    expect(result.negativeFraction).toBe(0);
  });

  it("uses the after field's own mean difference when the caller measured it", () => {
    const result = removedDepth([10 * nm, 20 * nm], [0, 0], { meanDepth: 30 * nm, fieldMeanDifference: 12 * nm });
    expect(Array.from(result.depth).map((d) => d / nm)).toEqual([28, 38].map((d) => expect.closeTo(d, 9)));
  });

  it("keeps NaN where a surface has no data and leaves it out of the mean", () => {
    const result = removedDepth([10 * nm, NaN, 30 * nm], [0, 0, 0], { meanDepth: 40 * nm });
    expect(result.depth[0] / nm).toBeCloseTo(30, 9);
    expect(result.depth[1]).toBeNaN();
    expect(result.depth[2] / nm).toBeCloseTo(50, 9);
  });

  it("is uniform without an after scan", () => {
    expect(Array.from(uniformRemovedDepth(3, { ratePerLayer: 0.5 * nm, layers: 40 }))).toEqual([20 * nm, 20 * nm, 20 * nm]);
    expect(() => uniformRemovedDepth(3, { totalDepth: -1 })).toThrow(/non-negative/);
  });
});

describe("linear depth model", () => {
  it("places layer k at d * D_k / D_K, from 0 to d", () => {
    const removed = Float64Array.of(60 * nm, 30 * nm);
    const depth = linearLayerDepth(removed, 3, [1, 3, 6]);
    const expected = [
      [0, 0],
      [10, 5],
      [30, 15],
      [60, 30],
    ];
    for (let k = 0; k <= 3; k++) {
      for (let p = 0; p < 2; p++) expect(depth[k * 2 + p] / nm).toBeCloseTo(expected[k][p], 4);
    }
  });

  it("takes equal doses when none is given, and refuses a decreasing dose", () => {
    expect(Array.from(doseSteps(3))).toEqual([1, 1, 1]);
    expect(() => doseSteps(3, [1, 0.5, 2])).toThrow(/decreases at layer 1/);
    expect(() => doseSteps(3, [1, 2])).toThrow(/2 values for 3 layers/);
  });
});

describe("sputter-rate fit", () => {
  it("recovers the rates of an exactly consistent set of columns", () => {
    const rates = [2.5 * nm, 0.6 * nm, 1.2 * nm];
    const pixels = 50;
    const exposure = new Float64Array(3 * pixels);
    const removed = new Float64Array(pixels);
    for (let p = 0; p < pixels; p++) {
      const doses = [(p % 7) + 1, (p % 5) * 2, 40 - (p % 11)];
      doses.forEach((dose, m) => {
        exposure[m * pixels + p] = dose;
        removed[p] += rates[m] * dose;
      });
    }
    const fit = fitSputterRates(exposure, removed, 3);
    fit.rates.forEach((rate, m) => expect(rate / rates[m]).toBeCloseTo(1, 3));
    expect(fit.rSquared).toBeGreaterThan(0.999999);
  });

  it("gives two materials no pixel tells apart the common rate", () => {
    const pixels = 20;
    const exposure = new Float64Array(2 * pixels);
    const removed = new Float64Array(pixels);
    for (let p = 0; p < pixels; p++) {
      exposure[p] = exposure[pixels + p] = 10 + p;
      removed[p] = 2 * nm * (10 + p);
    }
    const fit = fitSputterRates(exposure, removed, 2);
    expect(fit.rates[0] / nm).toBeCloseTo(1, 4);
    expect(fit.rates[1] / nm).toBeCloseTo(1, 4);
  });
});

describe("layer depth entry point", () => {
  it("asks for a depth when there is no after scan", () => {
    const input = { counts: new Float32Array(4), layers: 1, channels: 1, rows: 2, cols: 2, labels: ["A"], surfaceBefore: new Float32Array(4) };
    expect(() => computeLayerDepth(input)).toThrow(AfmsimsError);
    const uniform = computeLayerDepth({ ...input, model: "linear", uniformDepth: { totalDepth: 8 * nm } });
    expect(Array.from(uniform.layerDepth.subarray(4)).map((d) => d / nm)).toEqual([8, 8, 8, 8].map((d) => expect.closeTo(d, 5)));
  });
});
