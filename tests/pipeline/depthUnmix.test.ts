import { describe, expect, it } from "vitest";
import { unmixAbundances } from "../../src/pipeline/depth/abundances.js";
import { fitSputterRates } from "../../src/pipeline/depth/sputterRates.js";

const nm = 1e-9;

describe("abundance unmixing", () => {
  // Three materials over four features; the third looks like a dim mixture of the first two
  // in its ratios, and only its total intensity sets it apart.
  const signatures = Float64Array.of(100, 0, 10, 50, 0, 100, 10, 50, 20, 20, 4, 20);

  it("recovers the fractions of exact mixtures, including the look-alike material", () => {
    const mixtures = [
      [1, 0, 0],
      [0.25, 0.5, 0.25],
      [0, 0, 1],
      [0.6, 0, 0.4],
    ];
    const samples = mixtures.length;
    const values = new Float32Array(4 * samples);
    mixtures.forEach((f, i) => {
      for (let feature = 0; feature < 4; feature++) {
        values[feature * samples + i] = f.reduce((sum, share, m) => sum + share * signatures[m * 4 + feature], 0);
      }
    });
    const fractions = unmixAbundances(values, 4, samples, signatures, 3);
    mixtures.forEach((f, i) => f.forEach((share, m) => expect(fractions[m * samples + i], `sample ${i}, material ${m}`).toBeCloseTo(share, 4)));
  });

  it("keeps abundances non-negative and reports the misfit of what no signature explains", () => {
    const values = Float32Array.of(0, 0, 0, 300);
    const residuals = new Float64Array(1);
    const fractions = unmixAbundances(values, 4, 1, signatures, 3, residuals);
    for (let m = 0; m < 3; m++) expect(fractions[m]).toBeGreaterThanOrEqual(0);
    expect(fractions[0] + fractions[1] + fractions[2]).toBeCloseTo(1, 6);
    expect(residuals[0]).toBeGreaterThan(100);
  });
});

describe("robust sputter-rate fit", () => {
  it("is not bent by a minority of pixels whose depth disagrees with their signals", () => {
    const rates = [2.5 * nm, 0.6 * nm, 1.2 * nm];
    const pixels = 400;
    const exposure = new Float64Array(3 * pixels);
    const removed = new Float64Array(pixels);
    for (let p = 0; p < pixels; p++) {
      const doses = [(p % 13) + 1, (p % 7) * 2, 40 - (p % 11)];
      doses.forEach((dose, m) => {
        exposure[m * pixels + p] = dose;
        removed[p] += rates[m] * dose;
      });
      // Every tenth pixel sits on a lateral boundary: 20 nm off.
      if (p % 10 === 0) removed[p] += 20 * nm;
    }
    const fit = fitSputterRates(exposure, removed, 3);
    fit.rates.forEach((rate, m) => expect(rate / rates[m], `material ${m}`).toBeCloseTo(1, 2));
    expect(fit.rejectedShare).toBeCloseTo(0.1, 2);
    expect(fit.medianAbsResidual).toBeLessThan(0.01 * nm);
  });
});
