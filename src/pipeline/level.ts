// AFM levelling (SCIENCE.md step 1): line-offset alignment, polynomial background, raised
// particles masked out of both fits, scars replaced from their neighbouring lines, and the relief
// that runs across the lines given back from the line offsets (see slowAxisRelief.ts).
import type { FindScars, LevelKernels } from "./levelKernelsWasm.js";
import { fitPolynomialSurface } from "./polynomial.js";
import { isotropicReliefPower, reliefInLineOffsets } from "./slowAxisRelief.js";
import { median, medianAndRobustSigma, robustSigma } from "./stats.js";
import { assertUsableImage } from "./validate.js";

export interface LevelOptions {
  /** Degree of the background polynomial, 1 (plane) to 3; default 1. */
  order?: 1 | 2 | 3;
  /** Leave raised particles out of the background and line fits; default true. */
  maskParticles?: boolean;
  /** Detect and replace scars (streaks along a scan line); default true. */
  removeScars?: boolean;
  /** (between lines, along a line) pixel pitch; default: a square field. Only the ratio matters. */
  pixelSize?: readonly [number, number];
  /** Kernels for the scar search, particle and substrate masks and line levels (levelKernelsWasm.ts); default the TypeScript references. */
  kernels?: LevelKernels;
}

export interface LevelResult {
  /** Levelled heights, same units as the input; the substrate sits at 0. NaN stays NaN. */
  heights: Float64Array;
  /** 1 where a pixel counted as substrate in the final fit (not a particle, scar or NaN). */
  substrate: Uint8Array;
  /** Pixels replaced as scars. */
  scarPixels: number;
  /** Per line, the offset line alignment took off (instrument offsets and relief across the lines). */
  lineOffsets: Float64Array;
  /** Per line, the part of `lineOffsets` given back as relief (see slowAxisRelief.ts). */
  reliefGivenBack: Float64Array;
  /** The relief's power across the lines by isotropy (isotropicReliefPower), what that part rests on. */
  isotropicReliefPower?: Float64Array;
}

// A particle is what stands more than this many noise sigmas above the substrate...
const PARTICLE_SIGMAS = 3;
// ...grown by this many lines and columns to catch its flanks, which hide in the noise.
export const PARTICLE_GROW_ROWS = 1;
export const PARTICLE_GROW_COLS = 3;
// A scar: at least this many consecutive pixels of a line that stand this many sigmas of the
// line-to-line difference above (or below) both neighbouring lines, by a nearly constant step
// (spread below this fraction of the step): the crest line of a small particle also stands
// out from both neighbours, but by an amount that changes along the line.
const SCAR_SIGMAS = 2;
const SCAR_MIN_RUN = 8;
const SCAR_MAX_SPREAD = 0.25;
const ITERATIONS = 4;

/** Levels a height map of rows x cols (row = scan line); throws on empty, all-NaN or constant. */
export function levelHeightMap(values: ArrayLike<number>, rows: number, cols: number, options: LevelOptions = {}): LevelResult {
  assertUsableImage(values, rows, cols, "height map");
  const order = options.order ?? 1;
  const maskParticles = options.maskParticles ?? true;
  const z = Float64Array.from(values);
  const removedOffsets = lineOffsetsByDifferences(z, rows, cols);
  subtractLineOffsets(z, rows, cols, removedOffsets);
  let include = finiteMask(z);
  let background: Float64Array = new Float64Array(z.length);
  let scarPixels = 0;
  const scars = new Uint8Array(z.length);
  let raised: Uint8Array = new Uint8Array(z.length);
  for (let iteration = 0; iteration < ITERATIONS; iteration++) {
    background = fitPolynomialSurface(z, rows, cols, order, include);
    const residual = subtract(z, background);
    const lineLevels = (options.kernels?.lineMedians ?? lineMedians)(residual, rows, cols, include);
    subtractLineOffsets(z, rows, cols, lineLevels);
    for (let r = 0; r < rows; r++) removedOffsets[r]! += lineLevels[r]!;
    subtractLineOffsets(residual, rows, cols, lineLevels);
    raised = maskParticles ? (options.kernels?.raisedPixels ?? raisedPixels)(residual, include, PARTICLE_SIGMAS) : new Uint8Array(z.length);
    // Scars are sought only once particles are masked: before, the particle threshold rests on
    // statistics the particles themselves inflate, and a particle's crest would pass for a scar.
    if ((options.removeScars ?? true) && iteration > 0) {
      scarPixels += replaceScars(z, background, residual, rows, cols, raised, scars, options.kernels?.findScars ?? findScars);
    }
    include = (options.kernels?.substrateOutsideParticles ?? substrateOutsideParticles)(z, raised, scars, rows, cols);
  }
  const linesPerColumnBlock = options.pixelSize ? options.pixelSize[0] / options.pixelSize[1] : cols / rows;
  const reliefPower = isotropicReliefPower(subtract(z, background), include, rows, cols, linesPerColumnBlock);
  const relief = reliefInLineOffsets(removedOffsets, reliefPower);
  subtractLineOffsets(z, rows, cols, relief.map((v) => -v));
  background = fitPolynomialSurface(z, rows, cols, order, include);
  const heights = subtract(z, background);
  refillScars(heights, rows, cols, scars, raised);
  subtractConstant(heights, median(selected(heights, include)));
  return { heights, substrate: include, scarPixels, lineOffsets: removedOffsets, reliefGivenBack: relief, isotropicReliefPower: reliefPower };
}

/** Offset of each line from line 0: cumulative median of the differences between neighbours. */
export function lineOffsetsByDifferences(z: ArrayLike<number>, rows: number, cols: number): Float64Array {
  const offsets = new Float64Array(rows);
  const differences = new Float64Array(cols);
  for (let r = 1; r < rows; r++) {
    let n = 0;
    for (let c = 0; c < cols; c++) {
      const d = z[r * cols + c]! - z[(r - 1) * cols + c]!;
      if (Number.isFinite(d)) differences[n++] = d;
    }
    offsets[r] = offsets[r - 1]! + (n > 0 ? median(differences.subarray(0, n)) : 0);
  }
  return offsets;
}

/** Median of each line over the included pixels; 0 for a line without any. */
export function lineMedians(z: Float64Array, rows: number, cols: number, include: Uint8Array): Float64Array {
  const medians = new Float64Array(rows);
  const line = new Float64Array(cols);
  for (let r = 0; r < rows; r++) {
    let n = 0;
    for (let c = 0; c < cols; c++) if (include[r * cols + c]) line[n++] = z[r * cols + c]!;
    medians[r] = n > 0 ? median(line.subarray(0, n)) : 0;
  }
  return medians;
}

function subtractLineOffsets(z: Float64Array, rows: number, cols: number, offsets: Float64Array): void {
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) z[r * cols + c]! -= offsets[r]!;
}

/**
 * Replaces the scars found in `residual` (z less `background`) in z by their neighbours' level,
 * marks them in `scars`; returns how many there were.
 */
function replaceScars(
  z: Float64Array, background: Float64Array, residual: Float64Array, rows: number, cols: number, raised: Uint8Array, scars: Uint8Array,
  scarSearch: FindScars,
): number {
  const found = scarSearch(residual, rows, cols, raised);
  let replaced = 0;
  for (let i = 0; i < z.length; i++) {
    if (!found[i]) continue;
    z[i] = background[i]! + scarFreeValue(residual, rows, cols, i, raised);
    scars[i] = 1;
    replaced++;
  }
  return replaced;
}

/**
 * A scar pixel took its neighbours' level when it was found; the line offsets fitted since moved
 * its line, so it is filled again from its neighbours as they now stand.
 */
function refillScars(heights: Float64Array, rows: number, cols: number, scars: Uint8Array, raised: Uint8Array): void {
  for (let i = 0; i < heights.length; i++) {
    if (!scars[i]) continue;
    const refilled = scarFreeValue(heights, rows, cols, i, raised);
    if (!Number.isNaN(refilled)) heights[i] = refilled;
  }
}

function subtractConstant(values: Float64Array, constant: number): void {
  for (let i = 0; i < values.length; i++) values[i]! -= constant;
}

function subtract(a: Float64Array, b: Float64Array): Float64Array {
  const out = new Float64Array(a.length);
  for (let i = 0; i < a.length; i++) out[i] = a[i]! - b[i]!;
  return out;
}

function finiteMask(z: Float64Array): Uint8Array {
  const mask = new Uint8Array(z.length);
  for (let i = 0; i < z.length; i++) mask[i] = Number.isFinite(z[i]!) ? 1 : 0;
  return mask;
}

/** 1 where z is finite, no scar, and no raised pixel's flanks: raised grown by PARTICLE_GROW_ROWS and _COLS. */
export function substrateOutsideParticles(z: Float64Array, raised: Uint8Array, scars: Uint8Array, rows: number, cols: number): Uint8Array {
  return substrateMask(z, grow(raised, rows, cols, PARTICLE_GROW_ROWS, PARTICLE_GROW_COLS), scars);
}

/** 1 where z is finite and neither a particle nor a scar. */
function substrateMask(z: Float64Array, particles: Uint8Array, scars: Uint8Array): Uint8Array {
  const mask = new Uint8Array(z.length);
  for (let i = 0; i < z.length; i++) mask[i] = Number.isFinite(z[i]!) && !particles[i] && !scars[i] ? 1 : 0;
  return mask;
}

/** The values where `include` is set, in order. */
function selected(values: Float64Array, include: Uint8Array): Float64Array {
  let n = 0;
  for (let i = 0; i < values.length; i++) if (include[i]) n++;
  const out = new Float64Array(n);
  n = 0;
  for (let i = 0; i < values.length; i++) if (include[i]) out[n++] = values[i]!;
  return out;
}

/** Pixels that stand more than `sigmas` noise sigmas above the included substrate. */
export function raisedPixels(residual: Float64Array, include: Uint8Array, sigmas: number): Uint8Array {
  const substrate = selected(residual, include);
  const [centre, sigma] = medianAndRobustSigma(substrate);
  const threshold = centre + sigmas * sigma;
  const raised = new Uint8Array(residual.length);
  for (let i = 0; i < residual.length; i++) raised[i] = residual[i]! > threshold ? 1 : 0;
  return raised;
}

/** Binary dilation by a (2 dr + 1) x (2 dc + 1) rectangle. */
function grow(mask: Uint8Array, rows: number, cols: number, dr: number, dc: number): Uint8Array {
  const alongCols = new Uint8Array(mask.length);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      if (!mask[r * cols + c]) continue;
      for (let k = Math.max(0, c - dc); k <= Math.min(cols - 1, c + dc); k++) alongCols[r * cols + k] = 1;
    }
  }
  const out = new Uint8Array(mask.length);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      if (!alongCols[r * cols + c]) continue;
      for (let k = Math.max(0, r - dr); k <= Math.min(rows - 1, r + dr); k++) out[k * cols + c] = 1;
    }
  }
  return out;
}

/**
 * Pixels in runs of at least SCAR_MIN_RUN along a line that differ, with one sign, by more
 * than SCAR_SIGMAS noise sigmas from both of its reference lines (see referenceLines).
 */
export function findScars(residual: Float64Array, rows: number, cols: number, raised?: Uint8Array): Uint8Array {
  const scars = new Uint8Array(residual.length);
  if (rows < 3) return scars;
  const threshold = scarThreshold(residual, cols);
  const signs = new Int8Array(cols);
  const lines = new Int32Array(2);
  for (let r = 0; r < rows; r++) {
    lineSigns(residual, rows, cols, r, raised, threshold, lines, signs);
    let runStart = 0;
    let runSign = 0;
    for (let c = 0; c <= cols; c++) {
      const sign = c < cols ? signs[c]! : 0;
      if (sign !== runSign) {
        const step = runSign !== 0 && c - runStart >= SCAR_MIN_RUN ? stepOf(residual, rows, cols, r, runStart, c, raised) : NaN;
        if (!Number.isNaN(step)) {
          const [start, end] = extendRun(residual, rows, cols, r, runStart, c, step, raised);
          scars.fill(1, r * cols + start, r * cols + end);
        }
        runStart = c;
        runSign = sign;
      }
    }
  }
  return scars;
}

/** SCAR_SIGMAS noise sigmas of the differences between neighbouring lines. */
function scarThreshold(residual: Float64Array, cols: number): number {
  const differences = new Float64Array(residual.length);
  let count = 0;
  for (let i = cols; i < residual.length; i++) {
    const d = residual[i]! - residual[i - cols]!;
    if (Number.isFinite(d)) differences[count++] = d;
  }
  return SCAR_SIGMAS * robustSigma(differences.subarray(0, count));
}

/**
 * For each pixel of line r, 1 or -1 where it stands above or below both of its reference lines
 * by more than `threshold`, else 0, into `signs`.
 */
function lineSigns(
  residual: Float64Array, rows: number, cols: number, r: number, raised: Uint8Array | undefined, threshold: number,
  lines: Int32Array, signs: Int8Array,
): void {
  for (let c = 0; c < cols; c++) {
    signs[c] = 0;
    if (!referenceLines(rows, cols, r, c, raised, true, lines)) continue;
    const v = residual[r * cols + c]!;
    const above = v - residual[lines[0]! * cols + c]!;
    const below = v - residual[lines[1]! * cols + c]!;
    if (!Number.isFinite(above) || !Number.isFinite(below)) continue;
    if (above > threshold && below > threshold) signs[c] = 1;
    else if (above < -threshold && below < -threshold) signs[c] = -1;
  }
}

/**
 * The two lines pixel (r, c) is compared with, written to `lines` (nearer first): the lines above
 * and below; for an edge line the next two inward. Unless `strict`, also where one neighbour is a
 * particle (`raised`): the next two lines on the other side. False when there are no two such
 * lines. Called for every pixel of a scan: it allocates nothing.
 */
function referenceLines(
  rows: number, cols: number, r: number, c: number, raised: Uint8Array | undefined, strict: boolean, lines: Int32Array,
): boolean {
  let near = -1;
  let far = -1;
  if (lineClear(r - 1, rows, cols, c, raised) && lineClear(r + 1, rows, cols, c, raised)) {
    near = r - 1;
    far = r + 1;
  } else if ((!strict || !lineExists(r - 1, rows)) && lineClear(r + 1, rows, cols, c, raised) && lineClear(r + 2, rows, cols, c, raised)) {
    near = r + 1;
    far = r + 2;
  } else if ((!strict || !lineExists(r + 1, rows)) && lineClear(r - 1, rows, cols, c, raised) && lineClear(r - 2, rows, cols, c, raised)) {
    near = r - 1;
    far = r - 2;
  } else {
    return false;
  }
  lines[0] = near;
  lines[1] = far;
  return true;
}

function lineExists(line: number, rows: number): boolean {
  return line >= 0 && line < rows;
}

/** Line `line` exists and is no particle at column c. */
function lineClear(line: number, rows: number, cols: number, c: number, raised: Uint8Array | undefined): boolean {
  return lineExists(line, rows) && !(raised && raised[line * cols + c]);
}

const scarFreeLines = new Int32Array(2);

/** What pixel i would be without a scar: the mean of its reference lines, or the nearer one. */
function scarFreeValue(residual: Float64Array, rows: number, cols: number, i: number, raised?: Uint8Array): number {
  const r = Math.floor(i / cols);
  if (!referenceLines(rows, cols, r, i % cols, raised, false, scarFreeLines)) return NaN;
  const near = scarFreeLines[0]!;
  const far = scarFreeLines[1]!;
  const nearValue = residual[i + (near - r) * cols]!;
  return Math.abs(far - r) === 1 ? (nearValue + residual[i + (far - r) * cols]!) / 2 : nearValue;
}

/** The step by which line r stands out over [start, end), NaN unless it is nearly constant. */
function stepOf(
  residual: Float64Array, rows: number, cols: number, r: number, start: number, end: number, raised?: Uint8Array,
): number {
  const deviations = new Float64Array(end - start);
  for (let c = start; c < end; c++) {
    const i = r * cols + c;
    deviations[c - start] = residual[i]! - scarFreeValue(residual, rows, cols, i, raised);
  }
  const step = median(deviations);
  return robustSigma(deviations) < SCAR_MAX_SPREAD * Math.abs(step) ? step : NaN;
}

/**
 * A scar found where it runs between two substrate lines continues where it passes a particle's
 * rim: the run grows along the line while the pixel still stands out by about the same step.
 */
function extendRun(
  residual: Float64Array, rows: number, cols: number, r: number, start: number, end: number, step: number, raised?: Uint8Array,
): [number, number] {
  const same = (c: number) => {
    const i = r * cols + c;
    return Math.abs(residual[i]! - scarFreeValue(residual, rows, cols, i, raised) - step) < 0.5 * Math.abs(step);
  };
  while (start > 0 && same(start - 1)) start--;
  while (end < cols && same(end)) end++;
  return [start, end];
}
