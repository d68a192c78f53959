import { describe, expect, it } from "vitest";
import { emissionDepth, estimateInformationDepth } from "../../src/pipeline/depth/informationDepth.js";
import { halfwayInterfaceDepth, medianAbsoluteError } from "./interfaceDepth.js";
import { layeredSample } from "./layeredSample.js";

const nm = 1e-9;

// `low` is how far below the truth the estimate may come out: a buried layer a few lambda thick
// never reaches its plateau, so the peak a fall is scaled to is low and the approach looks short
// (measured: 1.65 nm for lambda 2.5 nm in the ~9 nm inner layer, seed 3).
describe.each([
  { seed: 1, informationDepth: 1.5 * nm, low: 0.35 * nm },
  { seed: 7, informationDepth: 1.0 * nm, low: 0.35 * nm },
  { seed: 3, informationDepth: 2.5 * nm, low: 1.0 * nm },
])("information depth of a layered SEI spot (seed $seed, lambda $informationDepth)", ({ seed, informationDepth, low }) => {
  // layeredSample emits each layer's signal from an exponential of mean `informationDepth` below
  // its analysis depth; its true layer depths isolate the estimate from any depth model.
  const sample = layeredSample({ seed, informationDepth, rows: 48, cols: 48, layers: 100 });
  const { rows, cols, layers, channels } = sample;
  const shape = { layers, channels, rows, cols };
  const pixels = rows * cols;
  const estimate = estimateInformationDepth(sample.counts, sample.layerDepth, shape);

  it("finds the information depth from the shape of the layer ends", () => {
    expect(estimate.edges).toBeGreaterThan(100);
    expect(estimate.meanDepth).toBeGreaterThan(informationDepth - low);
    expect(estimate.meanDepth).toBeLessThan(informationDepth + 0.35 * nm);
  });

  it("moves the Na2F+ halfway point onto the true inner-SEI/HC interface", () => {
    const atSurface = halfwayInterfaceDepth(sample.counts, sample.layerDepth, shape, 0);
    const placed = emissionDepth(sample.layerDepth, layers, pixels, estimate.meanDepth);
    const atEmission = halfwayInterfaceDepth(sample.counts, placed, shape, 0);
    const before = medianAbsoluteError(atSurface, sample.interfaceDepth, sample.spotCore);
    const after = medianAbsoluteError(atEmission, sample.interfaceDepth, sample.spotCore);
    // An exponential response puts the halfway point ln(2) lambda above the interface.
    expect(before).toBeGreaterThan(0.5 * Math.LN2 * informationDepth);
    expect(after).toBeLessThan(0.5 * before);
  });
});

describe("emission depth", () => {
  const layers = 4;
  const pixels = 2;
  // Pixel 0: steps of 3 nm to 12 nm; pixel 1: steps of 1 nm to 4 nm, shallower than twice the shift.
  const depth = Float32Array.from([0, 0, 3, 1, 6, 2, 9, 3, 12, 4].map((v) => v * nm));
  const placed = emissionDepth(depth, layers, pixels, 1.5 * nm);
  const at = (k: number, p: number) => placed[k * pixels + p]! / nm;

  it("keeps the original surface and the crater bottom, shifts the upper half by the mean depth", () => {
    for (let p = 0; p < pixels; p++) {
      expect(placed[p]).toBe(0);
      expect(placed[layers * pixels + p]).toBe(depth[layers * pixels + p]);
    }
    expect(at(1, 0)).toBeCloseTo(4.5, 5);
    expect(at(2, 0)).toBeCloseTo(7.5, 5);
  });

  it("tapers the shift linearly to zero at the bottom, thinning those layers evenly", () => {
    // Pixel 0: 3 nm above the bottom of 12 is half of the 6 nm taper: half the shift.
    expect(at(3, 0)).toBeCloseTo(9.75, 5);
    // Pixel 1: the taper is 2 x 1.5 nm (more than half its 4 nm), so no layer is squeezed below half its step.
    expect([at(1, 1), at(2, 1), at(3, 1)].map((v) => Number(v.toFixed(5)))).toEqual([2.5, 3, 3.5]);
    for (let p = 0; p < pixels; p++) {
      for (let k = 0; k < layers; k++) expect(placed[(k + 1) * pixels + p]!).toBeGreaterThan(placed[k * pixels + p]!);
    }
  });

  it("changes nothing when no information depth was found", () => {
    expect(Array.from(emissionDepth(depth, layers, pixels, 0))).toEqual(Array.from(depth));
  });
});
