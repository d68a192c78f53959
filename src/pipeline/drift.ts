// Lateral drift between SIMS layers (SCIENCE.md step 3), and its removal.
//
// Each layer's total-ion image is binned (counts are low), windowed and registered to a running
// template: the mean of all earlier layers, each shifted back by its own drift. Registering to the template, not to the previous layer, keeps the error of
// layer k independent of the others instead of a random walk. The integer shift is the peak of
// the low-pass cross-correlation; the sub-pixel position is the maximum of the same correlation
// as a continuous function of the shift, evaluated exactly from the spectrum (no peak-shape fit).
import { AfmsimsError } from "../errors.js";
import type { KernelApi } from "../kernels/index.js";
import { sharedFloat64Array } from "../parallel/sharedArrays.js";
import { interpolateOverLayers, unreliableLayers } from "./driftReliability.js";
import { trackOrigin } from "./driftTrack.js";
import { assertUsableImage } from "./validate.js";

export interface DriftOptions {
  /** Bin factor applied to each layer before registration; default: to about 128 px a side. */
  bin?: number;
  /** Gaussian low-pass applied to the correlation, sigma in binned pixels; default 1. */
  blur?: number;
  /**
   * Runs registerToTemplate over layers [0, layers) of a job, each layer on its own (on a pool
   * of threads, say); default: all of them on this thread.
   */
  registerAll?: (job: TemplateRegistration, layers: number) => void;
  /**
   * Receives the layers (ascending) whose measurement could not be trusted (too few counts for
   * the field's contrast, a shift beyond what the field can show, or a spike away from both
   * neighbouring layers); their drift is interpolated from their trusted neighbours.
   */
  onUnreliable?: (layers: number[]) => void;
}

/** Layers registered against one fixed template, each from the shift it is expected at. */
export interface TemplateRegistration {
  /** `[layers, rows, cols]` binned total-ion layers. */
  binned: Float64Array;
  template: Float64Array;
  /** `[layers, 2]` (dy, dx) each layer is expected at. */
  expected: Float64Array;
  rows: number;
  cols: number;
  blur: number;
  /** Receives `[layers, 2]` (dy, dx) of each layer against the template. */
  shifts: Float64Array;
}

const NEWTON_ITERATIONS = 6;
/** Default binning brings a layer to about this many pixels a side. */
const BINNED_SIZE = 128;
/** Fraction of each side of a layer over which the window tapers to zero. */
const TAPER = 0.15;

/**
 * Drift `[layers, 2]` as (dy, dx) SIMS pixels: a feature at (row, col) in layer 0 appears at
 * (row + dy, col + dx) in layer k; layer 0 is (0, 0). `totals` is `[layers, rows, cols]`.
 */
export function estimateDrift(
  kernels: KernelApi, totals: ArrayLike<number>, layers: number, rows: number, cols: number, options: DriftOptions = {},
): Float64Array {
  const bin = options.bin ?? Math.max(1, Math.round(Math.min(rows, cols) / BINNED_SIZE));
  const binnedRows = Math.floor(rows / bin);
  const binnedCols = Math.floor(cols / bin);
  if (binnedRows < 4 || binnedCols < 4) {
    throw new AfmsimsError(`SIMS layers of ${rows} x ${cols} pixels are too small to track drift`);
  }
  const binnedSize = binnedRows * binnedCols;
  const binnedStack = sharedFloat64Array(layers * binnedSize);
  const binned = Array.from({ length: layers }, (_, k) => binnedLayer(totals, k, rows, cols, bin, binnedStack.subarray(k * binnedSize, (k + 1) * binnedSize)));
  const blur = options.blur ?? 1;
  const tracker = new TemplateTracker(kernels, binnedRows, binnedCols, blur);
  // First pass: each layer against the mean of the layers before it, as they come.
  const firstPass = new Float64Array(2 * layers);
  let predicted: [number, number] = [0, 0];
  for (let k = 0; k < layers; k++) {
    const shift: [number, number] = k === 0 ? [0, 0] : tracker.register(binned[k]!, tracker.template(), predicted);
    firstPass.set(shift, 2 * k);
    tracker.add(binned[k]!, shift);
    predicted = shift;
  }
  // Second pass: every layer, layer 0 included, against the template of all of them. The first
  // pass's template inherits the errors of its earliest layers as a common offset; here each
  // layer's error is its own. The origin, which every layer's drift is measured from, is where
  // the track through the early layers places layer 0: from layer 0 alone its error would shift
  // the whole stack.
  const job: TemplateRegistration = {
    binned: binnedStack,
    template: tracker.template(),
    expected: firstPass,
    rows: binnedRows,
    cols: binnedCols,
    blur,
    shifts: sharedFloat64Array(2 * layers),
  };
  if (options.registerAll) options.registerAll(job, layers);
  else registerToTemplate(kernels, job, 0, layers);
  const unreliable = unreliableLayers(binnedStack, job.shifts, layers, binnedRows, binnedCols, bin);
  options.onUnreliable?.(unreliable);
  const secondPass = interpolateOverLayers(job.shifts, unreliable, layers);
  const originY = trackOrigin(Float64Array.from({ length: layers }, (_, k) => secondPass[2 * k]!));
  const originX = trackOrigin(Float64Array.from({ length: layers }, (_, k) => secondPass[2 * k + 1]!));
  const drift = new Float64Array(layers * 2);
  for (let k = 1; k < layers; k++) {
    drift[2 * k] = (secondPass[2 * k]! - originY) * bin;
    drift[2 * k + 1] = (secondPass[2 * k + 1]! - originX) * bin;
  }
  return drift;
}

/** The second pass's registration of layers [from, to) of `job`, into `job.shifts`. */
export function registerToTemplate(kernels: KernelApi, job: TemplateRegistration, from: number, to: number): void {
  const tracker = new TemplateTracker(kernels, job.rows, job.cols, job.blur);
  const size = job.rows * job.cols;
  for (let k = from; k < to; k++) {
    const expected: [number, number] = [job.expected[2 * k]!, job.expected[2 * k + 1]!];
    job.shifts.set(tracker.register(job.binned.subarray(k * size, (k + 1) * size), job.template, expected), 2 * k);
  }
}

/** The running template (layers shifted back and averaged) and registration against it. */
class TemplateTracker {
  private readonly sum: Float64Array;
  private readonly count: Float64Array;
  private readonly window: Float64Array;
  private readonly lowPass: Float64Array;

  constructor(
    private readonly kernels: KernelApi,
    private readonly rows: number,
    private readonly cols: number,
    blur: number,
  ) {
    this.sum = new Float64Array(rows * cols);
    this.count = new Float64Array(rows * cols);
    this.window = tukeyWindow(rows, cols);
    this.lowPass = gaussianLowPass(rows, cols, blur);
  }

  /** Adds a layer shifted back by its displacement. */
  add(layer: Float64Array, [dy, dx]: [number, number]): void {
    const back = shifted(this.kernels, layer, this.rows, this.cols, [-dy, -dx]);
    for (let i = 0; i < back.length; i++) {
      if (Number.isNaN(back[i]!)) continue;
      this.sum[i]! += back[i]!;
      this.count[i]!++;
    }
  }

  /** Mean of the layers added so far; NaN where none of them had data. */
  template(): Float64Array {
    return this.sum.map((v, i) => (this.count[i]! > 0 ? v / this.count[i]! : NaN));
  }

  /**
   * The layer's displacement against the template. The template is first moved to where the
   * layer is expected, so that both share one frame and one window: the window's pull towards
   * zero shift then acts only on the small remainder.
   */
  register(layer: Float64Array, template: Float64Array, expected: [number, number]): [number, number] {
    const moved = shifted(this.kernels, template, this.rows, this.cols, expected);
    const [ry, rx] = registerPair(
      this.kernels, windowed(layer, this.window), windowed(moved, this.window), this.rows, this.cols, this.lowPass,
    );
    return [expected[0] + ry, expected[1] + rx];
  }
}

/** The image content moved by (dy, dx) pixels (bilinear); NaN where it came from outside. */
function shifted(kernels: KernelApi, image: Float64Array, rows: number, cols: number, [dy, dx]: [number, number]): Float64Array {
  const dstToSrc = Float64Array.from([1, 0, -dx, 0, 1, -dy, 0, 0, 1]);
  return Float64Array.from(kernels.resampleAffine(image, rows, cols, rows, cols, dstToSrc, { areaAverage: false }));
}

/**
 * Each layer of `[layers, rows, cols]` moved back to layer-0 geometry by bilinear
 * interpolation; pixels whose source lies outside the layer are NaN (no wrap-around).
 */
export function removeDrift(
  kernels: KernelApi, stack: ArrayLike<number>, layers: number, rows: number, cols: number, drift: Float64Array,
): Float32Array {
  const out = new Float32Array(layers * rows * cols);
  const size = rows * cols;
  for (let k = 0; k < layers; k++) {
    const layer = Float32Array.from({ length: size }, (_, i) => stack[k * size + i]!);
    const dstToSrc = Float64Array.from([1, 0, drift[2 * k + 1]!, 0, 1, drift[2 * k]!, 0, 0, 1]);
    out.set(kernels.resampleAffine(layer, rows, cols, rows, cols, dstToSrc, { areaAverage: false }), k * size);
  }
  return out;
}

/** Layer k of `totals` binned into `layer` (zeros, binnedRows x binnedCols), which it returns. */
function binnedLayer(totals: ArrayLike<number>, k: number, rows: number, cols: number, bin: number, layer: Float64Array): Float64Array {
  const binnedRows = Math.floor(rows / bin);
  const binnedCols = Math.floor(cols / bin);
  const base = k * rows * cols;
  for (let r = 0; r < binnedRows * bin; r++) {
    const source = base + r * cols;
    const target = Math.floor(r / bin) * binnedCols;
    for (let b = 0; b < binnedCols; b++) {
      let sum = 0;
      for (let c = b * bin; c < (b + 1) * bin; c++) {
        const v = totals[source + c]!;
        if (!Number.isNaN(v)) sum += v;
      }
      layer[target + b]! += sum;
    }
  }
  assertUsableImage(layer, binnedRows, binnedCols, `total-ion image of layer ${k}`);
  return layer;
}

/**
 * A Tukey window: flat in the middle, a cosine taper over TAPER of each side. It removes the
 * jump between opposite edges that a circular correlation would otherwise lock onto (a pull
 * towards zero shift) while keeping most pixels at full weight.
 */
function tukeyWindow(rows: number, cols: number): Float64Array {
  const profile = (n: number) =>
    Float64Array.from({ length: n }, (_, i) => {
      const edge = Math.min(i + 0.5, n - i - 0.5) / (TAPER * n);
      return edge >= 1 ? 1 : 0.5 - 0.5 * Math.cos(Math.PI * edge);
    });
  const wr = profile(rows);
  const wc = profile(cols);
  const window = new Float64Array(rows * cols);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) window[r * cols + c] = wr[r]! * wc[c]!;
  return window;
}

/**
 * The image less its mean, times the window, so that its edges correlate with nothing; pixels
 * without data (NaN) count as the mean.
 */
function windowed(image: Float64Array, window: Float64Array): Float64Array {
  let sum = 0;
  let n = 0;
  for (const v of image) {
    if (Number.isNaN(v)) continue;
    sum += v;
    n++;
  }
  const mean = n > 0 ? sum / n : 0;
  return image.map((v, i) => (Number.isNaN(v) ? 0 : (v - mean) * window[i]!));
}

/** Signed frequency of DFT index i of n, cycles per pixel. */
function frequency(i: number, n: number): number {
  return (i <= n / 2 ? i : i - n) / n;
}

function gaussianLowPass(rows: number, cols: number, sigma: number): Float64Array {
  const weights = new Float64Array(rows * cols);
  for (let u = 0; u < rows; u++) {
    for (let v = 0; v < cols; v++) {
      const f2 = frequency(u, rows) ** 2 + frequency(v, cols) ** 2;
      weights[u * cols + v] = Math.exp(-2 * Math.PI ** 2 * sigma ** 2 * f2);
    }
  }
  return weights;
}

/** (dy, dx) by which `image` is displaced against `reference`, both windowed, in pixels. */
function registerPair(
  kernels: KernelApi, image: Float64Array, reference: Float64Array, rows: number, cols: number, lowPass: Float64Array,
): [number, number] {
  const size = rows * cols;
  const spectrum = kernels.fft2dReal(image, rows, cols);
  const referenceSpectrum = kernels.fft2dReal(reference, rows, cols);
  // Cross-power spectrum P = F conj(R): its inverse transform peaks at the displacement.
  const cross = new Float64Array(2 * size);
  for (let i = 0; i < size; i++) {
    const ar = spectrum[2 * i]!;
    const ai = spectrum[2 * i + 1]!;
    const br = referenceSpectrum[2 * i]!;
    const bi = referenceSpectrum[2 * i + 1]!;
    cross[2 * i] = ar * br + ai * bi;
    cross[2 * i + 1] = ai * br - ar * bi;
  }
  const filtered = cross.map((v, j) => v * lowPass[j >> 1]!);
  const correlation = kernels.fft2d(filtered, rows, cols, true);
  let best = 0;
  for (let i = 1; i < size; i++) if (correlation[2 * i]! > correlation[2 * best]!) best = i;
  const peakRow = Math.floor(best / cols);
  const peakCol = best % cols;
  const dy = peakRow > rows / 2 ? peakRow - rows : peakRow;
  const dx = peakCol > cols / 2 ? peakCol - cols : peakCol;
  return refinePeak(filtered, rows, cols, dy, dx);
}

/**
 * The maximum near (dy, dx) of the continuous cross-correlation c(d) = Re sum_f Q(f)
 * exp(2 pi i f.d), found by Newton's method on its analytic gradient and Hessian. This is the
 * upsampled cross-correlation of Guizar-Sicairos et al. without the upsampling grid.
 */
function refinePeak(q: Float64Array, rows: number, cols: number, dy: number, dx: number): [number, number] {
  const us = Float64Array.from({ length: rows }, (_, a) => 2 * Math.PI * frequency(a, rows));
  const vs = Float64Array.from({ length: cols }, (_, b) => 2 * Math.PI * frequency(b, cols));
  let y = dy;
  let x = dx;
  for (let iteration = 0; iteration < NEWTON_ITERATIONS; iteration++) {
    let gy = 0;
    let gx = 0;
    let hyy = 0;
    let hxy = 0;
    let hxx = 0;
    const colCos = vs.map((v) => Math.cos(v * x));
    const colSin = vs.map((v) => Math.sin(v * x));
    for (let a = 0; a < rows; a++) {
      const u = us[a]!;
      const rowCos = Math.cos(u * y);
      const rowSin = Math.sin(u * y);
      for (let b = 0; b < cols; b++) {
        const i = a * cols + b;
        const c = rowCos * colCos[b]! - rowSin * colSin[b]!;
        const s = rowSin * colCos[b]! + rowCos * colSin[b]!;
        const re = q[2 * i]! * c - q[2 * i + 1]! * s;
        const im = q[2 * i]! * s + q[2 * i + 1]! * c;
        const v = vs[b]!;
        gy -= u * im;
        gx -= v * im;
        hyy -= u * u * re;
        hxy -= u * v * re;
        hxx -= v * v * re;
      }
    }
    const determinant = hyy * hxx - hxy * hxy;
    // Outside the peak's concave core Newton would climb the wrong way: keep what we have.
    if (!(hyy < 0 && determinant > 0)) break;
    const stepY = Math.max(-1, Math.min(1, -(hxx * gy - hxy * gx) / determinant));
    const stepX = Math.max(-1, Math.min(1, -(hyy * gx - hxy * gy) / determinant));
    y += stepY;
    x += stepX;
    if (Math.abs(stepY) + Math.abs(stepX) < 1e-4) break;
  }
  return [y, x];
}
