import { describe, expect, it } from "vitest";
import { stepsToDepth } from "../../src/pipeline/depth/stepsToDepth.js";

describe("steps to depth", () => {
  // Pixel 0: steps 1, 2, 1 scaled to 8 m; pixel 1: all zero weights (equal steps of 6 / 3);
  // pixel 2: no removed depth.
  const layers = 3;
  const weights = [
    [1, 0, 5],
    [2, 0, 5],
    [1, 0, 5],
  ];
  const removed = Float64Array.of(8, 6, NaN);
  const layerWeights = (k: number, out: Float64Array) => out.set(weights[k]!);
  const column = (depth: Float32Array, p: number) => Array.from({ length: layers + 1 }, (_, k) => depth[k * 3 + p]);

  it("scales each pixel's steps to its removed depth, equal steps where the weights are zero", () => {
    const depth = stepsToDepth(layerWeights, removed, layers);
    expect(column(depth, 0)).toEqual([0, 2, 6, 8]);
    expect(column(depth, 1)).toEqual([0, 2, 4, 6]);
    expect(column(depth, 2)).toEqual([NaN, NaN, NaN, NaN]);
  });

  it("takes the column totals from the caller when it knows them, visiting each layer once", () => {
    const visits: number[] = [];
    const depth = stepsToDepth((k, out) => (visits.push(k), layerWeights(k, out)), removed, layers, Float64Array.of(4, 0, 15));
    expect(visits).toEqual([0, 1, 2]);
    expect(Array.from(depth)).toEqual(Array.from(stepsToDepth(layerWeights, removed, layers)));
  });
});
