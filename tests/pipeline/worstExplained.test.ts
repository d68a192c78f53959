import { describe, expect, it } from "vitest";
import { worstExplained } from "../../src/pipeline/depth/endmembers.js";
import { mulberry32 } from "../../src/random/mulberry32.js";

describe("the worst-explained samples", () => {
  it("are the head of a stable sort from the largest residual, ties in sample order", () => {
    const random = mulberry32(4);
    for (let trial = 0; trial < 100; trial++) {
      const n = 1 + Math.floor(random() * 400);
      // Few distinct values: many ties, some straddling the cut.
      const residuals = Float64Array.from({ length: n }, () => Math.floor(random() * 12));
      const count = 1 + Math.floor(random() * 60);
      const sorted = Int32Array.from(residuals.keys()).sort((a, b) => residuals[b]! - residuals[a]!);
      expect(Array.from(worstExplained(residuals, count)), `trial ${trial}`).toEqual(Array.from(sorted.subarray(0, count)));
    }
  });
});
