// AFM levelling (SCIENCE.md step 1): line-offset alignment, polynomial background, raised
// particles masked out of both fits, scars replaced from their neighbouring lines, and the relief
// that runs across the lines given back from the line offsets (see slowAxisRelief.ts).
import { fitPolynomialSurface } from "./polynomial.js";
import { isotropicReliefPower, reliefInLineOffsets } from "./slowAxisRelief.js";
import { median, robustSigma } from "./stats.js";
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
const PARTICLE_GROW_ROWS = 1;
const PARTICLE_GROW_COLS = 3;
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
    const lineLevels = lineMedians(residual, rows, cols, include);
    subtractLineOffsets(z, rows, cols, lineLevels);
    for (let r = 0; r < rows; r++) removedOffsets[r]! += lineLevels[r]!;
    subtractLineOffsets(residual, rows, cols, lineLevels);
    raised = maskParticles ? raisedPixels(residual, include) : new Uint8Array(z.length);
    // Scars are sought only once particles are masked: before, the particle threshold rests on
    // statistics the particles themselves inflate, and a particle's crest would pass for a scar.
    if ((options.removeScars ?? true) && iteration > 0) {
      const found = findScars(residual, rows, cols, raised);
      for (let i = 0; i < z.length; i++) {
        if (!found[i]) continue;
        z[i] = background[i]! + scarFreeValue(residual, rows, cols, i, raised);
        scars[i] = 1;
        scarPixels++;
      }
    }
    const particles = grow(raised, rows, cols, PARTICLE_GROW_ROWS, PARTICLE_GROW_COLS);
    include = Uint8Array.from(z, (v, i) => (Number.isFinite(v) && !particles[i] && !scars[i] ? 1 : 0));
  }
  const linesPerColumnBlock = options.pixelSize ? options.pixelSize[0] / options.pixelSize[1] : cols / rows;
  const reliefPower = isotropicReliefPower(subtract(z, background), include, rows, cols, linesPerColumnBlock);
  const relief = reliefInLineOffsets(removedOffsets, reliefPower);
  subtractLineOffsets(z, rows, cols, relief.map((v) => -v));
  background = fitPolynomialSurface(z, rows, cols, order, include);
  const heights = subtract(z, background);
  // A scar pixel took its neighbours' level when it was found; the line offsets fitted since
  // moved its line, so it is filled again from its neighbours as they now stand.
  for (let i = 0; i < heights.length; i++) {
    if (!scars[i]) continue;
    const refilled = scarFreeValue(heights, rows, cols, i, raised);
    if (!Number.isNaN(refilled)) heights[i] = refilled;
  }
  const level = median(heights.filter((_, i) => include[i]));
  for (let i = 0; i < heights.length; i++) heights[i]! -= level;
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
function lineMedians(z: Float64Array, rows: number, cols: number, include: Uint8Array): Float64Array {
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

function subtract(a: Float64Array, b: Float64Array): Float64Array {
  return a.map((v, i) => v - b[i]!);
}

function finiteMask(z: Float64Array): Uint8Array {
  return Uint8Array.from(z, (v) => (Number.isFinite(v) ? 1 : 0));
}

/** Pixels that stand more than PARTICLE_SIGMAS noise sigmas above the included substrate. */
function raisedPixels(residual: Float64Array, include: Uint8Array): Uint8Array {
  const substrate = residual.filter((_, i) => include[i]);
  const threshold = median(substrate) + PARTICLE_SIGMAS * robustSigma(substrate);
  return Uint8Array.from(residual, (v) => (v > threshold ? 1 : 0));
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
  const differences: number[] = [];
  for (let i = cols; i < residual.length; i++) {
    const d = residual[i]! - residual[i - cols]!;
    if (Number.isFinite(d)) differences.push(d);
  }
  const threshold = SCAR_SIGMAS * robustSigma(differences);
  const standsOut = (r: number, c: number): number => {
    const lines = referenceLines(rows, cols, r, c, raised, true);
    if (!lines) return 0;
    const v = residual[r * cols + c]!;
    const sides = lines.map((line) => v - residual[line * cols + c]!).filter((d) => Number.isFinite(d));
    if (sides.length < 2) return 0;
    if (sides.every((d) => d > threshold)) return 1;
    if (sides.every((d) => d < -threshold)) return -1;
    return 0;
  };
  for (let r = 0; r < rows; r++) {
    let runStart = 0;
    let runSign = 0;
    for (let c = 0; c <= cols; c++) {
      const sign = c < cols ? standsOut(r, c) : 0;
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

/**
 * The two lines pixel (r, c) is compared with: the lines above and below; for an edge line the
 * next two inward. Unless `strict`, also where one neighbour is a particle (`raised`): the next
 * two lines on the other side. Undefined when there are no two such lines.
 */
function referenceLines(
  rows: number, cols: number, r: number, c: number, raised: Uint8Array | undefined, strict: boolean,
): [number, number] | undefined {
  const exists = (line: number) => line >= 0 && line < rows;
  const clear = (line: number) => exists(line) && !(raised && raised[line * cols + c]);
  if (clear(r - 1) && clear(r + 1)) return [r - 1, r + 1];
  const sideAllowed = (beyond: number) => !strict || !exists(beyond);
  if (sideAllowed(r - 1) && clear(r + 1) && clear(r + 2)) return [r + 1, r + 2];
  if (sideAllowed(r + 1) && clear(r - 1) && clear(r - 2)) return [r - 1, r - 2];
  return undefined;
}

/** What pixel i would be without a scar: the mean of its reference lines, or the nearer one. */
function scarFreeValue(residual: Float64Array, rows: number, cols: number, i: number, raised?: Uint8Array): number {
  const r = Math.floor(i / cols);
  const lines = referenceLines(rows, cols, r, i % cols, raised, false);
  if (!lines) return NaN;
  const [near, far] = lines;
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
