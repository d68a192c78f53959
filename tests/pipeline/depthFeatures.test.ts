import { describe, expect, it } from "vitest";
import { LayerFeatures, sampleFeatures } from "../../src/pipeline/depth/features.js";
import { layeredSample } from "./layeredSample.js";

describe("one sample's features", () => {
  const sample = layeredSample({ rows: 9, cols: 11, layers: 4, seed: 3 });
  const { rows, cols, layers, channels } = sample;
  const shape = { layers, channels, rows, cols };
  const pixels = rows * cols;
  // Pixels without data (as drift removal leaves at the border) must be skipped alike.
  const counts = sample.counts.slice();
  for (const p of [0, 5, 12, 40]) counts[(2 * channels + 1) * pixels + p] = NaN;
  const total = sample.total.slice();
  total[2 * pixels + 41] = NaN;

  it.each([
    ["with the rest of the total", total],
    ["without a total", undefined],
  ])("are the smoothed layer's values at that pixel to the bit, edges and missing values included (%s)", (_, totalOrNone) => {
    const layer = new LayerFeatures(counts, shape, totalOrNone);
    const plane = new Float32Array(layer.features * pixels);
    const one = new Float32Array(layer.features);
    let compared = 0;
    for (let k = 0; k < layers; k++) {
      layer.compute(k, plane);
      for (let p = 0; p < pixels; p++) {
        sampleFeatures(counts, shape, totalOrNone, k, p, one);
        for (let f = 0; f < layer.features; f++, compared++) expect(one[f], `layer ${k}, pixel ${p}, feature ${f}`).toBe(plane[f * pixels + p]);
      }
    }
    expect(compared).toBe(layers * pixels * layer.features);
  });
});
