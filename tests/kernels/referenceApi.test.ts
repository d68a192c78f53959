import { describe, expect, it } from "vitest";
import { loadKernels } from "../../src/kernels/index.js";
import { referenceKernels } from "../../src/kernels/reference/index.js";
import { relativeDifference, smoothImage } from "./random.js";

// The pipeline runs on either implementation (the benchmark compares them), so the reference
// behind the shared interface must answer every call as the WebAssembly build does.
describe("TypeScript reference behind the kernel interface", () => {
  it("matches the SIMD build call for call", async () => {
    const simd = await loadKernels("simd");
    const image = smoothImage(37, 53, 3);
    const shrink = Float64Array.from([2.6, 0.2, 1.1, -0.1, 1.7, 0.4, 0, 0, 1]);
    for (const options of [{}, { method: "bicubic" as const }, { areaAverage: false }]) {
      expect(relativeDifference(
        referenceKernels.resampleAffine(image, 37, 53, 15, 18, shrink, options),
        simd.resampleAffine(image, 37, 53, 15, 18, shrink, options),
      )).toBeLessThan(1e-5);
    }
    expect(relativeDifference(referenceKernels.fft2dReal(image, 37, 53), simd.fft2dReal(image, 37, 53))).toBeLessThan(1e-9);
    expect(relativeDifference(referenceKernels.deadTimeCorrect(image, 10), simd.deadTimeCorrect(image, 10))).toBeLessThan(1e-5);
  });
});
