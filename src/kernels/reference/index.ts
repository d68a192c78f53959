// The TypeScript reference behind the same interface as the WebAssembly kernels.
import type { Affine, FloatArray } from "../../model/types.js";
import type { DeadTimeEstimator, KernelApi, ResampleOptions } from "../index.js";
import { footprintSamples } from "../resampleSampling.js";
import { deadTimeCorrectHarmonicReference, deadTimeCorrectReference } from "./deadtime.js";
import { fft2dReference } from "./fft.js";
import { refineNormalEquationsReference } from "./refine.js";
import { resampleAffineReference } from "./resample.js";

export const referenceKernels: KernelApi = {
  build: "reference",
  deadTimeCorrect(counts: ArrayLike<number>, pulses: number, estimator: DeadTimeEstimator = "formula"): Float32Array {
    return estimator === "harmonic" ? deadTimeCorrectHarmonicReference(counts, pulses) : deadTimeCorrectReference(counts, pulses);
  },
  resampleAffine(
    src: ArrayLike<number>, srcRows: number, srcCols: number, dstRows: number, dstCols: number,
    dstToSrc: Affine, options: ResampleOptions = {},
  ): Float32Array {
    const { subCols, subRows } = options.areaAverage === false ? { subCols: 1, subRows: 1 } : footprintSamples(dstToSrc);
    return resampleAffineReference(src, srcRows, srcCols, dstRows, dstCols, dstToSrc, options.method ?? "bilinear", subCols, subRows);
  },
  translatePlanes(planes: FloatArray, rows: number, cols: number, dy: number, dx: number): void {
    const pixels = rows * cols;
    const dstToSrc = Float64Array.from([1, 0, dx, 0, 1, dy, 0, 0, 1]);
    for (let start = 0; start < planes.length; start += pixels) {
      const plane = planes.subarray(start, start + pixels);
      plane.set(resampleAffineReference(plane, rows, cols, rows, cols, dstToSrc, "bilinear", 1, 1));
    }
  },
  fft2d: fft2dReference,
  fft2dReal(image: ArrayLike<number>, rows: number, cols: number): Float64Array {
    const complex = new Float64Array(2 * rows * cols);
    for (let i = 0; i < rows * cols; i++) complex[2 * i] = image[i]!;
    return fft2dReference(complex, rows, cols);
  },
  refineNormalEquations: refineNormalEquationsReference,
};
