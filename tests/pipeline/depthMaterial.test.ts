import { describe, expect, it } from "vitest";
import { computeLayerDepth } from "../../src/pipeline/depth/layerDepth.js";
import { signalFeatures } from "../../src/pipeline/depth/features.js";
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
  const material = computeLayerDepth(input);
  const linear = computeLayerDepth({ ...input, model: "linear" });

  it("puts the inner-SEI/HC interface within 1 nm (median) where the linear model is off by several", () => {
    const materialError = medianAbsoluteError(halfwayInterfaceDepth(sample.counts, material.layerDepth, shape, 0), reference, sample.spotCore);
    const linearError = medianAbsoluteError(halfwayInterfaceDepth(sample.counts, linear.layerDepth, shape, 0), reference, sample.spotCore);
    expect(linearError).toBeGreaterThan(4 * nm);
    expect(materialError).toBeLessThan(1 * nm);
  });

  it("fits each material's sputter rate to within 20% of the truth, and says which class is which", () => {
    const classes = material.classes!;
    expect(classes).toHaveLength(4);
    const byMaterial = {
      organic: classes.reduce((a, b) => (b.signature["C5H13+"] > a.signature["C5H13+"] ? b : a)),
      inorganic: classes.reduce((a, b) => (b.signature["Na2F+"] > a.signature["Na2F+"] ? b : a)),
      hc: classes.reduce((a, b) => (b.signature.other > a.signature.other ? b : a)),
    };
    for (const [name, fitted] of Object.entries(byMaterial)) {
      const truth = RATES[MATERIALS.indexOf(name as (typeof MATERIALS)[number])];
      expect(fitted.rate / truth, name).toBeGreaterThan(0.8);
      expect(fitted.rate / truth, name).toBeLessThan(1.2);
    }
    expect(material.fit!.rSquared).toBeGreaterThan(0.9);
  });

  it("returns monotone columns from 0 to the removed depth", () => {
    for (let p = 0; p < pixels; p++) {
      expect(material.layerDepth[p]).toBe(0);
      expect(material.layerDepth[layers * pixels + p]).toBe(Math.fround(material.removed[p]));
      for (let k = 0; k < layers; k++) {
        expect(material.layerDepth[(k + 1) * pixels + p]).toBeGreaterThanOrEqual(material.layerDepth[k * pixels + p]);
      }
    }
  });

  it("unmixes the signals into the material fractions the layers saw", () => {
    const features = signalFeatures(sample.counts, shape, sample.total);
    const { fractions } = unmixMaterials(features, 4);
    const samples = layers * pixels;
    for (let truth = 0; truth < MATERIALS.length; truth++) {
      let bestError = Infinity;
      for (let m = 0; m < 4; m++) {
        let error = 0;
        for (let i = 0; i < samples; i++) error += Math.abs(fractions[m * samples + i] - sample.seenFractions[truth * samples + i]);
        bestError = Math.min(bestError, error / samples);
      }
      expect(bestError, MATERIALS[truth]).toBeLessThan(0.07);
    }
  });
});
