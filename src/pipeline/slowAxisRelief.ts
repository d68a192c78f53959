// How much of the line offsets that levelling removed was real topography.
//
// Aligning each scan line to its neighbours removes the instrument's line offsets (jumps from
// line to line, and a slow z-drift over many lines), but also every real height change that runs
// across the lines: on a rough sample a hill spanning a dozen lines comes out flattened. A single
// scan cannot tell slow z-drift from such relief line by line; statistically it can. A polished
// surface is isotropic, so the relief across the lines, averaged along them, varies as much as
// the relief along the lines, averaged across them, and that profile (the column profile) is
// free of line offsets. The smooth part of the removed offsets is given back in the share that
// the column profile says is relief (a Wiener gain): all of it on a rough sample, next to none
// on a flat one, whose slow line-to-line variation is the instrument's.

/** Offsets smoother than this (Gaussian sigma, lines) can be relief; faster ones are jumps. */
const SMOOTHING_LINES = 2;

/**
 * The part of `removed` (the offset taken off each of `rows` lines) to give back as relief.
 * `residual` is the levelled map, `include` its substrate; `linesPerColumnBlock` is the line pitch
 * in column pitches, so that both profiles are compared at one spatial scale.
 */
export function reliefInLineOffsets(
  removed: Float64Array, residual: Float64Array, include: Uint8Array, rows: number, cols: number, linesPerColumnBlock: number,
): Float64Array {
  const acrossLines = gaussianSmoothed(removed, SMOOTHING_LINES);
  const alongLines = gaussianSmoothed(columnProfile(residual, include, rows, cols, linesPerColumnBlock), SMOOTHING_LINES);
  const offsetVariance = detrendedVariance(acrossLines);
  const reliefVariance = detrendedVariance(alongLines);
  const gain = offsetVariance > 0 ? Math.min(1, reliefVariance / offsetVariance) : 0;
  return acrossLines.map((v) => gain * v);
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
      sum += medianOf(column.subarray(0, m));
      n++;
    }
    profile[b] = n > 0 ? sum / n : NaN;
  }
  return profile;
}

function medianOf(values: Float64Array): number {
  const sorted = Float64Array.from(values).sort();
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Gaussian smoothing with the weights renormalised at the ends; NaN entries carry no weight. */
function gaussianSmoothed(values: Float64Array, sigma: number): Float64Array {
  const reach = Math.ceil(3 * sigma);
  return values.map((_, i) => {
    let weights = 0;
    let sum = 0;
    for (let k = Math.max(0, i - reach); k <= Math.min(values.length - 1, i + reach); k++) {
      if (Number.isNaN(values[k]!)) continue;
      const w = Math.exp(-0.5 * ((k - i) / sigma) ** 2);
      weights += w;
      sum += w * values[k]!;
    }
    return weights > 0 ? sum / weights : NaN;
  });
}

/** Variance about the least-squares line through the finite values (the plane takes the line). */
function detrendedVariance(values: Float64Array): number {
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
  if (n < 3) return 0;
  const slope = (n * sxy - sx * sy) / (n * sxx - sx * sx);
  const intercept = (sy - slope * sx) / n;
  let squares = 0;
  values.forEach((y, x) => {
    if (!Number.isNaN(y)) squares += (y - intercept - slope * x) ** 2;
  });
  return squares / n;
}
