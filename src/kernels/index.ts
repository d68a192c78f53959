// Typed wrappers over the WebAssembly kernels: copy in, run, copy out, one arena per call.
import type { Affine, FloatArray } from "../model/types.js";
import { f32View, f64View, layOut } from "./arena.js";
import { type KernelBuild, type RawKernels, loadRawKernels, simdSupported } from "./loader.js";
import { type NormalEquations, type RefineImages, type RefineState, refineParameters } from "./refineEquations.js";
import { footprintSamples } from "./resampleSampling.js";

export type { KernelBuild } from "./loader.js";
export { simdSupported } from "./loader.js";
export { footprintSamples } from "./resampleSampling.js";
export type { NormalEquations, RefineImages, RefineState, TransformModel } from "./refineEquations.js";

export type ResampleMethod = "bilinear" | "bicubic";

/**
 * Dead-time estimator. "formula": n_true = -N ln(1 - n/N) (SCIENCE.md step 4), the inverse of
 * the mean observation. "harmonic": N (psi(N + 1) - psi(N + 1 - n)), nearly unbiased for one
 * pixel's count up to about 70% of N, where the formula overestimates by several percent at
 * small N (see assembly/deadtime.ts).
 */
export type DeadTimeEstimator = "formula" | "harmonic";

export interface ResampleOptions {
  method?: ResampleMethod;
  /** Average over each destination pixel's footprint (default true); false samples its centre. */
  areaAverage?: boolean;
}

const METHOD_CODE: Record<ResampleMethod, number> = { bilinear: 0, bicubic: 1 };
const MODEL_CODE = { similarity: 0, affine: 1 } as const;

/**
 * What the pipeline needs from the kernels. The WebAssembly builds implement it, and so does the
 * TypeScript reference (reference/index.ts), so that every stage can run on either.
 */
export interface KernelApi {
  readonly build: KernelBuild | "reference";
  deadTimeCorrect(counts: ArrayLike<number>, pulses: number, estimator?: DeadTimeEstimator): Float32Array;
  resampleAffine(
    src: ArrayLike<number>, srcRows: number, srcCols: number, dstRows: number, dstCols: number,
    dstToSrc: Affine, options?: ResampleOptions,
  ): Float32Array;
  /**
   * Moves each rows x cols plane of `planes` by a sub-pixel translation, in place: pixel (row, col)
   * takes the bilinear value at (row + dy, col + dx), NaN where that lies outside the plane.
   * The same result as resampleAffine with a translation and no area average, for less work.
   */
  translatePlanes(planes: FloatArray, rows: number, cols: number, dy: number, dx: number): void;
  fft2d(complex: Float64Array, rows: number, cols: number, inverse?: boolean): Float64Array;
  fft2dReal(image: ArrayLike<number>, rows: number, cols: number): Float64Array;
  /**
   * One Gauss-Newton step of the registration refinement: the normal equations of the fixed
   * image, warped onto the moving pixels by `state`, against the moving image.
   */
  refineNormalEquations(images: RefineImages, state: RefineState): NormalEquations;
}

export class Kernels implements KernelApi {
  constructor(
    readonly build: KernelBuild,
    private readonly raw: RawKernels,
  ) {}

  /** Poisson dead-time correction of observed counts for N = `pulses` primary pulses. */
  deadTimeCorrect(counts: ArrayLike<number>, pulses: number, estimator: DeadTimeEstimator = "formula"): Float32Array {
    const [at] = layOut(this.raw, [counts.length * 4]);
    f32View(this.raw, at!, counts.length).set(counts);
    if (estimator === "harmonic") this.raw.deadTimeCorrectHarmonic(at!, counts.length, pulses);
    else this.raw.deadTimeCorrect(at!, counts.length, pulses);
    return f32View(this.raw, at!, counts.length).slice();
  }

  /**
   * Resamples `src` (srcRows x srcCols) onto a dstRows x dstCols grid; `dstToSrc` maps
   * destination pixel `(col, row, 1)` to source pixel coordinates. NaN where the destination
   * pixel's footprint leaves the source.
   */
  resampleAffine(
    src: ArrayLike<number>, srcRows: number, srcCols: number, dstRows: number, dstCols: number,
    dstToSrc: Affine, options: ResampleOptions = {},
  ): Float32Array {
    const { subCols, subRows } = options.areaAverage === false ? { subCols: 1, subRows: 1 } : footprintSamples(dstToSrc);
    const [srcAt, dstAt, affineAt] = layOut(this.raw, [src.length * 4, dstRows * dstCols * 4, 6 * 8]);
    f32View(this.raw, srcAt!, src.length).set(src);
    f64View(this.raw, affineAt!, 6).set(dstToSrc.subarray(0, 6));
    this.raw.resampleAffine(
      srcAt!, srcRows, srcCols, dstAt!, dstRows, dstCols, affineAt!,
      METHOD_CODE[options.method ?? "bilinear"], subCols, subRows,
    );
    return f32View(this.raw, dstAt!, dstRows * dstCols).slice();
  }

  translatePlanes(planes: FloatArray, rows: number, cols: number, dy: number, dx: number): void {
    const [srcAt, dstAt] = layOut(this.raw, [planes.length * 4, planes.length * 4]);
    f32View(this.raw, srcAt!, planes.length).set(planes);
    this.raw.translatePlanes(srcAt!, dstAt!, planes.length / (rows * cols), rows, cols, dy, dx);
    planes.set(f32View(this.raw, dstAt!, planes.length));
  }

  /** 2-D DFT of interleaved complex data (re, im per value); `inverse` divides by rows x cols. */
  fft2d(complex: Float64Array, rows: number, cols: number, inverse = false): Float64Array {
    const [dataAt, scratchAt] = layOut(this.raw, [complex.length * 8, this.raw.fft2dScratchBytes(rows, cols)]);
    f64View(this.raw, dataAt!, complex.length).set(complex);
    this.raw.fft2d(dataAt!, rows, cols, inverse ? 1 : 0, scratchAt!);
    return f64View(this.raw, dataAt!, complex.length).slice();
  }

  /** Forward 2-D DFT of a real image, as interleaved complex rows x cols values. */
  fft2dReal(image: ArrayLike<number>, rows: number, cols: number): Float64Array {
    const [dataAt, scratchAt] = layOut(this.raw, [rows * cols * 16, this.raw.fft2dScratchBytes(rows, cols)]);
    const data = f64View(this.raw, dataAt!, rows * cols * 2);
    for (let i = 0; i < rows * cols; i++) {
      data[2 * i] = image[i]!;
      data[2 * i + 1] = 0;
    }
    this.raw.fft2d(dataAt!, rows, cols, 0, scratchAt!);
    return f64View(this.raw, dataAt!, rows * cols * 2).slice();
  }

  refineNormalEquations(images: RefineImages, state: RefineState): NormalEquations {
    const { fixedRows, fixedCols, movingRows, movingCols, normals, weights } = images;
    const n = refineParameters(state.model, normals !== undefined);
    const fixedBytes = fixedRows * fixedCols * 4;
    const movingBytes = movingRows * movingCols * 4;
    const [fixedAt, dxAt, dyAt, movingAt, nxAt, nyAt, weightsAt, paramsAt, outAt, scratchAt] = layOut(this.raw, [
      fixedBytes, fixedBytes, fixedBytes, movingBytes, normals ? movingBytes : 0, normals ? movingBytes : 0, weights ? movingBytes : 0, 11 * 8,
      (n * n + n) * 8, this.raw.refineScratchBytes(fixedRows * fixedCols, movingCols, n),
    ]);
    f32View(this.raw, fixedAt!, fixedRows * fixedCols).set(images.fixed);
    f32View(this.raw, dxAt!, fixedRows * fixedCols).set(images.fixedDx);
    f32View(this.raw, dyAt!, fixedRows * fixedCols).set(images.fixedDy);
    f32View(this.raw, movingAt!, movingRows * movingCols).set(images.moving);
    if (normals) {
      f32View(this.raw, nxAt!, movingRows * movingCols).set(normals[0]);
      f32View(this.raw, nyAt!, movingRows * movingCols).set(normals[1]);
    }
    if (weights) f32View(this.raw, weightsAt!, movingRows * movingCols).set(weights);
    f64View(this.raw, paramsAt!, 11).set([...state.movingToFixed.subarray(0, 6), ...state.centre, state.gain, state.offset, state.shift]);
    this.raw.refineNormalEquations(
      fixedAt!, dxAt!, dyAt!, fixedRows, fixedCols, movingAt!, nxAt!, nyAt!, normals ? 1 : 0, weightsAt!, weights ? 1 : 0,
      movingRows, movingCols, MODEL_CODE[state.model], paramsAt!, outAt!, scratchAt!,
    );
    const normal = f64View(this.raw, outAt!, n * n).slice();
    for (let p = 0; p < n; p++) for (let q = 0; q < p; q++) normal[p * n + q] = normal[q * n + p]!;
    return { parameters: n, normal, rhs: f64View(this.raw, outAt! + n * n * 8, n).slice() };
  }
}

/** The kernels of `build`, by default SIMD where the engine supports it. */
export async function loadKernels(build: KernelBuild = simdSupported() ? "simd" : "scalar"): Promise<Kernels> {
  return new Kernels(build, await loadRawKernels(build));
}
