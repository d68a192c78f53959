import { describe, expect, it } from "vitest";
import { computeLayerDepth } from "../../src/pipeline/depth/layerDepth.js";
import { referenceLayerUnmixer } from "../../src/pipeline/depth/layerUnmixer.js";
import { unmixMaterials } from "../../src/pipeline/depth/unmix.js";
import { halfwayInterfaceDepth, medianAbsoluteError } from "./interfaceDepth.js";
import { LABELS, MATERIALS, RATES, layeredSample } from "./layeredSample.js";

const nm = 1e-9;

describe.each([
  { seed: 1, informationDepth: 1.5 * nm },
  { seed: 7, informationDepth: 1.0 * nm },
])("material-aware depth on a layered SEI spot (seed $seed)", ({ seed, informationDepth }) => {
  const sample = layeredSample({ seed, informationDepth });
  const { rows, cols, layers, channels } = sample;
  const shape = { layers, channels, rows, cols };
  const pixels = rows * cols;
  // The interface read off the true layer depths is the reference: this isolates the depth model.
  const reference = halfwayInterfaceDepth(sample.counts, sample.layerDepth, shape, 0);
  const input = {
    ...sample,
    labels: LABELS,
    surfaceBefore: new Float64Array(pixels).fill(100 * nm),
    surfaceAfter: sample.removed.map((d) => 100 * nm - d),
  };
  const reported: number[] = [];
  const material = computeLayerDepth({ ...input, onProgress: (fraction) => reported.push(fraction) });
  const linear = computeLayerDepth({ ...input, model: "linear" });

  it("puts the inner-SEI/HC interface within 1 nm (median) where the linear model is off by several", () => {
    const materialError = medianAbsoluteError(halfwayInterfaceDepth(sample.counts, material.layerDepth, shape, 0), reference, sample.spotCore);
    const linearError = medianAbsoluteError(halfwayInterfaceDepth(sample.counts, linear.layerDepth, shape, 0), reference, sample.spotCore);
    expect(linearError).toBeGreaterThan(4 * nm);
    expect(materialError).toBeLessThan(1 * nm);
  });

  it("fits each material's sputter rate to within 20% of the truth, and says which class is which", () => {
    const classes = material.classes!;
    expect(classes.length).toBeGreaterThanOrEqual(4);
    expect(classes.length).toBeLessThanOrEqual(6);
    // Classes are told apart by their signatures, as a user would: the organic SEI by C5H13+,
    // the inorganic SEI (possibly split by its varying NaF/NaCl mix) by Na2F+ or Na2Cl+, hard
    // carbon by the brightest matrix ("other"), epoxy by C5H13+ without Na.
    const organic = classes.filter((c) => c.signature["C5H13+"] > 60);
    const inorganic = classes.filter((c) => c.signature["Na2F+"] + c.signature["Na2Cl+"] > 60);
    const hc = classes.filter((c) => c.signature.other > 1000);
    const epoxy = classes.filter((c) => c.signature["C5H13+"] > 15 && c.signature["C5H13+"] < 60 && c.signature.other < 1000);
    for (const [name, group] of Object.entries({ organic, inorganic, hc, epoxy })) {
      expect(group.length, name).toBeGreaterThan(0);
      const truth = RATES[MATERIALS.indexOf(name as (typeof MATERIALS)[number])];
      for (const fitted of group) {
        expect(fitted.rate / truth, name).toBeGreaterThan(0.8);
        expect(fitted.rate / truth, name).toBeLessThan(1.2);
      }
    }
    expect(material.fit!.rSquared).toBeGreaterThan(0.9);
  });

  it("reports its progress a layer at a time, rising to 1", () => {
    // Two visits of every layer (neighbour refinement with the feature sums, final fractions).
    expect(reported.length).toBeGreaterThanOrEqual(2 * layers - 2);
    expect(reported.every((fraction, i) => fraction > 0 && fraction <= 1 && (i === 0 || fraction >= reported[i - 1]))).toBe(true);
    expect(reported.at(-1)).toBe(1);
  });

  it("returns monotone columns from 0 to the removed depth", () => {
    let wrong = 0;
    for (let p = 0; p < pixels; p++) {
      if (material.layerDepth[p] !== 0) wrong++;
      if (material.layerDepth[layers * pixels + p] !== Math.fround(material.removed[p])) wrong++;
      for (let k = 0; k < layers; k++) if (material.layerDepth[(k + 1) * pixels + p] < material.layerDepth[k * pixels + p]) wrong++;
    }
    expect(wrong).toBe(0);
  });

  it("unmixes the signals into the material fractions the layers saw", () => {
    const { fractions, materials } = unmixMaterials(referenceLayerUnmixer({ ...sample, labels: LABELS }));
    const samples = layers * pixels;
    // Each class stands for the true material whose fraction map it matches best; a material
    // split into several classes gets their sum.
    const owner = Array.from({ length: materials }, (_, m) => {
      let best = 0;
      let bestError = Infinity;
      for (let truth = 0; truth < MATERIALS.length; truth++) {
        let error = 0;
        for (let i = 0; i < samples; i += 7) error += Math.abs(fractions[m * samples + i] - sample.seenFractions[truth * samples + i]);
        if (error < bestError) [best, bestError] = [truth, error];
      }
      return best;
    });
    expect(new Set(owner).size).toBe(MATERIALS.length);
    for (let truth = 0; truth < MATERIALS.length; truth++) {
      let error = 0;
      for (let i = 0; i < samples; i++) {
        let fraction = 0;
        for (let m = 0; m < materials; m++) if (owner[m] === truth) fraction += fractions[m * samples + i];
        error += Math.abs(fraction - sample.seenFractions[truth * samples + i]);
      }
      expect(error / samples, MATERIALS[truth]).toBeLessThan(0.06);
    }
  });
});
