import { describe, expect, it } from "vitest";
import { AbundanceModel, featureWeightsFromSums, unmixAbundances } from "../../src/pipeline/depth/abundances.js";
import { mulberry32 } from "../../src/random/mulberry32.js";
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

/**
 * The exact optimum of the penalised weighted NNLS that abundances.ts documents, by trying every
 * support: the feasible unconstrained solution with the lowest objective.
 */
function bruteForceFractions(x: number[], signatures: Float64Array, materials: number, weights: number[]): number[] {
  const features = x.length;
  const gram: number[][] = [];
  let trace = 0;
  for (let m = 0; m < materials; m++) {
    gram.push([]);
    for (let n = 0; n < materials; n++) {
      let sum = 0;
      for (let f = 0; f < features; f++) sum += signatures[m * features + f] * weights[f] * signatures[n * features + f];
      gram[m].push(sum);
    }
    trace += gram[m][m];
  }
  const penalty = (10 * trace) / materials;
  const G = gram.map((row) => row.map((v) => v + penalty));
  const b = Array.from({ length: materials }, (_, m) => penalty + x.reduce((sum, v, f) => sum + signatures[m * features + f] * weights[f] * v, 0));
  let best: number[] = [];
  let bestObjective = Infinity;
  for (let support = 1; support < 1 << materials; support++) {
    const members = [...Array(materials).keys()].filter((m) => support & (1 << m));
    const system = members.map((r) => [...members.map((c) => G[r][c]), b[r]]);
    for (let col = 0; col < members.length; col++) {
      for (let r = 0; r < members.length; r++) {
        if (r === col) continue;
        const factor = system[r][col] / system[col][col];
        for (let c = col; c <= members.length; c++) system[r][c] -= factor * system[col][c];
      }
    }
    const a = new Array<number>(materials).fill(0);
    members.forEach((m, r) => (a[m] = system[r][members.length] / system[r][r]));
    if (a.some((v) => v < 0)) continue;
    let objective = 0;
    for (let m = 0; m < materials; m++) {
      objective -= b[m] * a[m];
      for (let n = 0; n < materials; n++) objective += 0.5 * a[m] * G[m][n] * a[n];
    }
    if (objective < bestObjective) {
      bestObjective = objective;
      best = a;
    }
  }
  const total = best.reduce((sum, v) => sum + v, 0);
  return best.map((v) => v / total);
}

describe("abundance unmixing of noisy samples", () => {
  // Four materials over five features, low counts: consecutive samples change their optimal
  // support often, which is what the solver's support guessing must get right.
  const signatures = Float64Array.of(30, 2, 5, 1, 40, 3, 25, 4, 2, 8, 6, 6, 20, 1, 12, 2, 1, 3, 15, 4);
  const materials = 4;
  const features = 5;
  const samples = 3000;
  const random = mulberry32(17);
  const values = new Float32Array(features * samples);
  for (let i = 0; i < samples; i++) {
    const shares = Array.from({ length: materials }, () => (random() < 0.5 ? 0 : random()));
    const total = shares.reduce((sum, v) => sum + v, 0) || 1;
    for (let f = 0; f < features; f++) {
      const mean = shares.reduce((sum, share, m) => sum + (share / total) * signatures[m * features + f], 0);
      values[f * samples + i] = Math.max(mean + Math.sqrt(mean + 1) * (random() + random() + random() - 1.5) * 2, 0);
    }
  }

  it("finds the exact optimum of every sample (checked against trying every support)", () => {
    const weights = Array.from({ length: features }, (_, f) => {
      let sum = 0;
      for (let i = 0; i < samples; i++) sum += values[f * samples + i];
      return samples / sum;
    });
    const fractions = unmixAbundances(values, features, samples, signatures, materials);
    let worst = 0;
    for (let i = 0; i < samples; i++) {
      const x = Array.from({ length: features }, (_, f) => values[f * samples + i]);
      const expected = bruteForceFractions(x, signatures, materials, weights);
      for (let m = 0; m < materials; m++) worst = Math.max(worst, Math.abs(fractions[m * samples + i] - expected[m]));
    }
    expect(worst).toBeLessThan(1e-5);
  });

  it("gives the same fractions unmixed in pieces (a layer at a time) as all at once", () => {
    const whole = unmixAbundances(values, features, samples, signatures, materials);
    // The weights of all the samples, as a caller unmixing a layer at a time gathers them.
    const sums = Float64Array.from({ length: features }, (_, f) => {
      let sum = 0;
      for (let i = 0; i < samples; i++) sum += values[f * samples + i];
      return sum;
    });
    const model = new AbundanceModel(features, signatures, materials, featureWeightsFromSums(sums, samples));
    const piece = 700;
    for (let start = 0; start < samples; start += piece) {
      const end = Math.min(start + piece, samples);
      const out = new Float32Array(materials * piece);
      model.unmix(values, samples, start, end, out, piece);
      for (let m = 0; m < materials; m++) {
        for (let i = start; i < end; i++) expect(out[m * piece + i - start]).toBe(whole[m * samples + i]);
      }
    }
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

  it("fits exact data exactly when most pixels are one material (no outlier scale from a perfect majority)", () => {
    const rates = [1.6 * nm, 0.6 * nm, 2.5 * nm];
    const pixels = 500;
    const exposure = new Float64Array(3 * pixels);
    const removed = new Float64Array(pixels);
    for (let p = 0; p < pixels; p++) {
      // 70 % pure epoxy; the rest a spot of inorganic and organic layers over epoxy.
      const doses = p < 350 ? [100, 0, 0] : [60 - (p % 9), 10 + (p % 5), 30 + (p % 7)];
      doses.forEach((dose, m) => {
        exposure[m * pixels + p] = dose;
        removed[p] += rates[m] * dose;
      });
    }
    const fit = fitSputterRates(exposure, removed, 3);
    // Within 1 % (the ridge towards the common rate leaves a little); 175 % off without the floor.
    fit.rates.forEach((rate, m) => expect(Math.abs(rate / rates[m] - 1), `material ${m}`).toBeLessThan(0.01));
    expect(fit.rejectedShare).toBe(0);
  });
});
