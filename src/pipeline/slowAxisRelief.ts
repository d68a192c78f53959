// How much of the line offsets that levelling removed was real topography.
//
// Aligning each scan line to its neighbours removes the instrument's line offsets (jumps from
// line to line, and a slow z-drift over many lines), but also every real height change that runs
// across the lines: on a rough sample a hill spanning a dozen lines comes out flattened. A single
// scan cannot tell slow z-drift from such relief line by line; statistically it can. A polished
// surface is isotropic, so the relief across the lines, averaged along them, varies as much as
// the relief along the lines, averaged across them, and that profile (the column profile) is
// free of line offsets. The removed offsets are given back, wavelength by wavelength, in the
// share that the column profile says is relief (a Wiener gain): most of the slow variation on a
// rough sample, next to none on a flat one, whose slow line-to-line variation is the instrument's.
import { median } from "./stats.js";

/** Spectral bins on either side that a power estimate is averaged over (a periodogram is noisy). */
const SPECTRUM_SMOOTHING_BINS = 2;
/**
 * Relief counts only where the removed offsets' power exceeds the instruments' by more than this
 * factor: each is a periodogram averaged over 2 SPECTRUM_SMOOTHING_BINS + 1 bins, and on a flat
 * field their ratio scatters about this far (an F distribution of 10 and 10 degrees of freedom).
 */
const OFFSET_POWER_MARGIN = 2;
/** Fewer column blocks than this make no profile: nothing is given back. */
const MIN_PROFILE_BLOCKS = 2;

/**
 * The relief's power across the lines as isotropy tells it: per spectral bin of the mirrored
 * series of `rows` line offsets, the power of the column profile (the substrate of the levelled
 * map `residual`, averaged along the columns, so free of line offsets) at the same spatial
 * frequency; `linesPerColumnBlock` is the line pitch in column pitches. Undefined for a field
 * narrower than a few line pitches, which says nothing about relief at the lines' scale.
 */
export function isotropicReliefPower(
  residual: Float64Array, include: Uint8Array, rows: number, cols: number, linesPerColumnBlock: number,
): Float64Array | undefined {
  const columns = columnProfile(residual, include, rows, cols, linesPerColumnBlock);
  if (columns.length < MIN_PROFILE_BLOCKS) return undefined;
  const profilePower = smoothedPower(dft(mirrored(detrended(columns))));
  const n = 2 * rows;
  // The same spatial frequency (cycles per line pitch) in the column profile's spectrum.
  return Float64Array.from({ length: n }, (_, k) => interpolated(profilePower, (Math.min(k, n - k) / n) * profilePower.length));
}

/**
 * The part of `removed` (the offset taken off each line) to give back as relief, judged by
 * `reliefPower` (isotropicReliefPower): per spatial frequency, the removed offsets are kept in the
 * ratio of the relief's power to theirs; the jumps from line to line lie where the relief has
 * little power and stay removed. Nothing without a relief power.
 */
export function reliefInLineOffsets(removed: Float64Array, reliefPower: Float64Array | undefined): Float64Array {
  if (!reliefPower) return new Float64Array(removed.length);
  return wienerRelief(removed, (k, power) => reliefPower[k]! / power);
}

/**
 * The relief in `removed` (the offset taken off each line), judged by a second scan of the same
 * area with its own, independent line offsets: `offsetDifference` is, line by line, this scan's
 * offset less the other's (see pairedLineOffsets.ts), free of relief. Both scans come from one
 * instrument, so each one's offsets have half that difference's power, and half the difference
 * is the best guess of this scan's offsets from it: `removed` less that guess holds the relief
 * and the mean of the two scans' offsets, whose power is a quarter of the difference's. The
 * relief's power is what `removed` holds beyond the offsets', averaged with `isotropicPower`
 * (isotropicReliefPower) where given: two independent estimates, each from one field only a few
 * relief wavelengths wide, scatter less together.
 */
export function reliefBesideIndependentOffsets(
  removed: Float64Array, offsetDifference: Float64Array, isotropicPower?: Float64Array,
): Float64Array {
  const removedTrendFree = detrended(removed);
  const differenceTrendFree = detrended(offsetDifference);
  const removedPower = smoothedPower(dft(mirrored(removedTrendFree)));
  const differencePower = smoothedPower(dft(mirrored(differenceTrendFree)));
  const meanOffsetsLeft = removedTrendFree.map((v, i) => v - differenceTrendFree[i]! / 2);
  return wienerRelief(meanOffsetsLeft, (k) => {
    const beyondOffsets = Math.max(0, removedPower[k]! - (OFFSET_POWER_MARGIN * differencePower[k]!) / 2);
    const relief = isotropicPower ? (beyondOffsets + isotropicPower[k]!) / 2 : beyondOffsets;
    return relief > 0 ? relief / (relief + differencePower[k]! / 4) : 0;
  });
}

/**
 * The Wiener estimate of the relief in `removed`: spectral bin k of its mirrored series, of
 * (smoothed) power `power`, kept in the share gain(k, power), at most all of it.
 */
function wienerRelief(removed: Float64Array, gain: (k: number, power: number) => number): Float64Array {
  const rows = removed.length;
  const spectrum = dft(mirrored(detrended(removed)));
  const power = smoothedPower(spectrum);
  const kept = new Float64Array(spectrum.length);
  for (let k = 0; k < power.length; k++) {
    const share = power[k]! > 0 ? Math.min(1, gain(k, power[k]!)) : 0;
    kept[2 * k] = share * spectrum[2 * k]!;
    kept[2 * k + 1] = share * spectrum[2 * k + 1]!;
  }
  return inverseDftReal(kept).subarray(0, rows);
}

/** Values less their least-squares line, NaN (a column block without substrate) set to 0. */
function detrended(values: Float64Array): Float64Array {
  const [intercept, slope] = lineFit(values);
  return values.map((y, x) => (Number.isNaN(y) ? 0 : y - intercept - slope * x));
}

/** The series followed by its reverse: the periodic extension has no jump at the ends. */
function mirrored(values: Float64Array): Float64Array {
  const out = new Float64Array(2 * values.length);
  out.set(values);
  for (let i = 0; i < values.length; i++) out[2 * values.length - 1 - i] = values[i]!;
  return out;
}

/** DFT of a real series, interleaved (re, im); per-bin power |X|^2 / n is comparable across lengths. */
function dft(values: Float64Array): Float64Array {
  const n = values.length;
  const out = new Float64Array(2 * n);
  for (let k = 0; k < n; k++) {
    let re = 0;
    let im = 0;
    for (let t = 0; t < n; t++) {
      const angle = (-2 * Math.PI * k * t) / n;
      re += values[t]! * Math.cos(angle);
      im += values[t]! * Math.sin(angle);
    }
    out[2 * k] = re;
    out[2 * k + 1] = im;
  }
  return out;
}

function inverseDftReal(spectrum: Float64Array): Float64Array {
  const n = spectrum.length / 2;
  const out = new Float64Array(n);
  for (let t = 0; t < n; t++) {
    let sum = 0;
    for (let k = 0; k < n; k++) {
      const angle = (2 * Math.PI * k * t) / n;
      sum += spectrum[2 * k]! * Math.cos(angle) - spectrum[2 * k + 1]! * Math.sin(angle);
    }
    out[t] = sum / n;
  }
  return out;
}

/** |X_k|^2 / n averaged over SPECTRUM_SMOOTHING_BINS bins either side (circularly). */
function smoothedPower(spectrum: Float64Array): Float64Array {
  const n = spectrum.length / 2;
  const power = Float64Array.from({ length: n }, (_, k) => (spectrum[2 * k]! ** 2 + spectrum[2 * k + 1]! ** 2) / n);
  return power.map((_, k) => {
    let sum = 0;
    for (let d = -SPECTRUM_SMOOTHING_BINS; d <= SPECTRUM_SMOOTHING_BINS; d++) sum += power[(k + d + n) % n]!;
    return sum / (2 * SPECTRUM_SMOOTHING_BINS + 1);
  });
}

/** Linear interpolation of `values` at fractional index `at` (clamped to the array). */
function interpolated(values: Float64Array, at: number): number {
  const i = Math.min(values.length - 1, Math.floor(at));
  const t = at - i;
  return i + 1 < values.length ? values[i]! * (1 - t) + values[i + 1]! * t : values[i]!;
}

/** Median of each column's substrate pixels, averaged over blocks of columns one line pitch wide. */
function columnProfile(residual: Float64Array, include: Uint8Array, rows: number, cols: number, block: number): Float64Array {
  const width = Math.max(1, Math.round(block));
  const blocks = Math.floor(cols / width);
  const profile = new Float64Array(blocks);
  const column = new Float64Array(rows);
  for (let b = 0; b < blocks; b++) {
    let sum = 0;
    let n = 0;
    for (let c = b * width; c < (b + 1) * width; c++) {
      let m = 0;
      for (let r = 0; r < rows; r++) if (include[r * cols + c]) column[m++] = residual[r * cols + c]!;
      if (m === 0) continue;
      sum += median(column.subarray(0, m));
      n++;
    }
    profile[b] = n > 0 ? sum / n : NaN;
  }
  return profile;
}

/** Least-squares (intercept, slope) of the finite values against their index. */
function lineFit(values: Float64Array): [number, number] {
  let n = 0;
  let sx = 0;
  let sy = 0;
  let sxx = 0;
  let sxy = 0;
  values.forEach((y, x) => {
    if (Number.isNaN(y)) return;
    n++;
    sx += x;
    sy += y;
    sxx += x * x;
    sxy += x * y;
  });
  if (n < 2) return [n === 1 ? sy : 0, 0];
  const slope = (n * sxy - sx * sy) / (n * sxx - sx * sx);
  return [(sy - slope * sx) / n, slope];
}
