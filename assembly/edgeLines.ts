// Lines put between the scan lines of an AFM map along the rims that cross them: the kernel of
// src/pipeline/edgeDirectedLines.ts (which says why, and is the reference it must match). Same
// arithmetic in the same order, so the results agree bit for bit: a float64 map in, float64
// lines out, the matching parameters (half width, largest shift, threshold) from the host.

// @ts-ignore: decorator
@inline
function heightAt(heights: usize, i: i32): f64 {
  return load<f64>(heights + (<usize>i << 3));
}

/** Height of line r at fractional column `col`, linear along the line; NaN off the line. */
function alongLine(heights: usize, r: i32, cols: i32, col: f64): f64 {
  if (col < 0 || col > <f64>(cols - 1)) return NaN;
  if (cols < 2) return heightAt(heights, r * cols);
  const c = min<f64>(Math.floor(col), <f64>(cols - 2));
  const t = col - c;
  const i = r * cols + <i32>c;
  return heightAt(heights, i) * (1 - t) + heightAt(heights, i + 1) * t;
}

/** Half points beyond a line's ends that a compared profile can reach. */
function halfGridMargin(halfWidth: i32, maxShift: i32): i32 {
  return 2 * halfWidth + maxShift;
}

function halfGridLength(cols: i32, halfWidth: i32, maxShift: i32): i32 {
  return max(0, 2 * cols - 1) + 2 * halfGridMargin(halfWidth, maxShift);
}

/** Bytes of scratch edgeDirectedLines needs: two half-grid lines and a line of shifts. */
export function edgeDirectedLinesScratchBytes(cols: i32, halfWidth: i32, maxShift: i32): usize {
  return (<usize>(2 * halfGridLength(cols, halfWidth, maxShift) + cols)) << 3;
}

/** Line r sampled every half point into `line` (from index `margin`), NaN in the margins. */
function halfGridLine(heights: usize, r: i32, cols: i32, margin: i32, line: usize): void {
  const points = max(0, 2 * cols - 1);
  for (let j = 0; j < margin; j++) {
    store<f64>(line + (<usize>j << 3), NaN);
    store<f64>(line + (<usize>(margin + points + j) << 3), NaN);
  }
  for (let j = 0; j < points; j++) store<f64>(line + (<usize>(margin + j) << 3), alongLine(heights, r, cols, <f64>j / 2));
}

/**
 * Squared differences of the upper line around c - s/2 and the lower around c + s/2, summed in
 * order (`centre` = the half-grid index of c), stopping once the sum reaches `enough`.
 */
function mismatch(upper: usize, lower: usize, centre: i32, s: i32, halfWidth: i32, enough: f64): f64 {
  let sum: f64 = 0;
  for (let j = centre - 2 * halfWidth; j <= centre + 2 * halfWidth && !(sum >= enough); j += 2) {
    const d = load<f64>(upper + (<usize>(j - s) << 3)) - load<f64>(lower + (<usize>(j + s) << 3));
    sum += d * d;
  }
  return sum;
}

function rimShifts(
  upper: usize, lower: usize, cols: i32, margin: i32, halfWidth: i32, maxShift: i32, threshold: f64, matchGain: f64, shifts: usize,
): void {
  for (let c = 0; c < cols; c++) {
    const centre = margin + 2 * c;
    const straight = mismatch(upper, lower, centre, 0, halfWidth, Infinity);
    let shift: f64 = 0;
    if (straight > threshold) {
      let best = straight;
      let bestShift = 0;
      for (let s = -maxShift; s <= maxShift; s++) {
        if (s == 0) continue;
        const cost = mismatch(upper, lower, centre, s, halfWidth, best);
        if (cost < best) {
          best = cost;
          bestShift = s;
        }
      }
      if (best < matchGain * straight) shift = <f64>bestShift;
    }
    store<f64>(shifts + (<usize>c << 3), shift);
  }
}

/** Into `line`: the line a share t of the way from line r to line r + 1, along `shifts`. */
function lineBetween(heights: usize, r: i32, cols: i32, t: f64, shifts: usize, line: usize): void {
  for (let c = 0; c < cols; c++) {
    const shift = load<f64>(shifts + (<usize>c << 3));
    const along = (1 - t) * alongLine(heights, r, cols, <f64>c - t * shift) + t * alongLine(heights, r + 1, cols, <f64>c + (1 - t) * shift);
    const value = isNaN(along) ? (1 - t) * heightAt(heights, r * cols + c) + t * heightAt(heights, (r + 1) * cols + c) : along;
    store<f64>(line + (<usize>c << 3), value);
  }
}

/**
 * Lines r * factor to (r + 1) * factor - 1 of the map at `heights` (rows x cols float64, r <
 * rows - 1) with `factor` - 1 lines put between each two neighbouring lines, into `out` ((rows -
 * 1) factor + 1 lines; the host copies the last line); `scratch` holds
 * edgeDirectedLinesScratchBytes. A shift is taken where the straight mismatch exceeds `threshold`
 * and the best shift leaves less than `matchGain` of it. One call per pair of lines, not one for
 * the map: the engine runs a call in the code it started with, and only a function called again
 * gets its optimised code.
 */
export function edgeDirectedLinePair(
  heights: usize, r: i32, cols: i32, factor: i32, halfWidth: i32, maxShift: i32, threshold: f64, matchGain: f64,
  out: usize, scratch: usize,
): void {
  const margin = halfGridMargin(halfWidth, maxShift);
  const lineBytes = <usize>halfGridLength(cols, halfWidth, maxShift) << 3;
  const upper = scratch;
  const lower = scratch + lineBytes;
  const shifts = scratch + 2 * lineBytes;
  const rowBytes = <usize>cols << 3;
  memory.copy(out + <usize>(r * factor) * rowBytes, heights + <usize>r * rowBytes, rowBytes);
  halfGridLine(heights, r, cols, margin, upper);
  halfGridLine(heights, r + 1, cols, margin, lower);
  rimShifts(upper, lower, cols, margin, halfWidth, maxShift, threshold, matchGain, shifts);
  for (let k = 1; k < factor; k++) lineBetween(heights, r, cols, <f64>k / <f64>factor, shifts, out + <usize>(r * factor + k) * rowBytes);
}
