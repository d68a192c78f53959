import { describe, expect, it } from "vitest";
import { bundledDemo } from "../../src/cli/commands/view.js";
import { describeAfmsimsFile } from "../../src/io/describe.js";
import { readInputFile } from "../../src/io/nodeFiles.js";

describe("the bundled demo", () => {
  it("is a valid paper-preset afmsims input with the reference study's channels and no ground truth", async () => {
    const description = await describeAfmsimsFile(bundledDemo);
    expect(description).toMatchObject({ format: "afmsims-input", valid: true, problems: [] });
    expect(description.details.truth).toBe(false);
    const input = await readInputFile(bundledDemo);
    expect(input.sims.labels).toEqual(["Na2F+", "Na2Cl+", "Na2O+", "C5H13+"]);
    expect([input.afmBefore.rows, input.afmBefore.cols]).toEqual([128, 2048]);
    expect(input.sims.scansPerLayer).toBe(15);
    expect(input.sims.layers).toBe(100);
    expect(input.afmAfter?.meanDepth).toBeGreaterThan(50e-9);
  });
});
