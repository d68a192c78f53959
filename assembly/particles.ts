// Raised particles in a levelled AFM map, the substrate around them and the lines' levels on it:
// the kernels of raisedPixels, substrateOutsideParticles and lineMedians in src/pipeline/level.ts,
// which says why and is the reference they must match (medians and robust sigmas as exact order
// statistics, the threshold in the same arithmetic).
import { medianOfCopy, robustSigmaAbout } from "./order";

/** Bytes of scratch raisedPixels needs for `count` pixels. */
export function raisedPixelsScratchBytes(count: i32): usize {
  return <usize>count << 4;
}

/**
 * Into `raised` (u8 per pixel): 1 where `residual` (count f64) stands more than `sigmas` robust
 * sigmas above the median of the pixels `include` (u8 per pixel) marks, else 0.
 */
export function raisedPixels(residual: usize, include: usize, count: i32, sigmas: f64, raised: usize, scratch: usize): void {
  const substrate = scratch;
  const work = scratch + (<usize>count << 3);
  let n = 0;
  for (let i = 0; i < count; i++) {
    if (load<u8>(include + <usize>i) == 0) continue;
    store<f64>(substrate + (<usize>n << 3), load<f64>(residual + (<usize>i << 3)));
    n++;
  }
  const centre = medianOfCopy(substrate, n, work);
  const threshold = centre + sigmas * robustSigmaAbout(substrate, n, centre, work);
  for (let i = 0; i < count; i++) store<u8>(raised + <usize>i, load<f64>(residual + (<usize>i << 3)) > threshold ? 1 : 0);
}

/** Bytes of scratch lineMedians needs for lines of `cols` pixels. */
export function lineMediansScratchBytes(cols: i32): usize {
  return <usize>cols << 3;
}

/** Into `medians` (rows f64): the median of each line of `values` over the pixels `include` marks, 0 for none. */
export function lineMedians(values: usize, include: usize, rows: i32, cols: i32, medians: usize, scratch: usize): void {
  for (let r = 0; r < rows; r++) {
    let n = 0;
    for (let c = 0; c < cols; c++) {
      const i = r * cols + c;
      if (load<u8>(include + <usize>i) == 0) continue;
      store<f64>(scratch + (<usize>n << 3), load<f64>(values + (<usize>i << 3)));
      n++;
    }
    store<f64>(medians + (<usize>r << 3), n > 0 ? medianOfCopy(scratch, n, scratch) : 0);
  }
}

/**
 * Into `include` (u8 per pixel): 1 where `z` (rows x cols f64) is finite, not a scar (`scars`)
 * and not within `growRows` lines and `growCols` columns of a raised pixel (`raised`). `scratch`
 * holds rows x cols bytes.
 */
export function substrateOutsideParticles(
  z: usize, raised: usize, scars: usize, rows: i32, cols: i32, growRows: i32, growCols: i32, include: usize, scratch: usize,
): void {
  const count = rows * cols;
  const alongCols = scratch;
  memory.fill(alongCols, 0, <usize>count);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      if (load<u8>(raised + <usize>(r * cols + c)) == 0) continue;
      const from = max(0, c - growCols);
      memory.fill(alongCols + <usize>(r * cols + from), 1, <usize>(min(cols - 1, c + growCols) - from + 1));
    }
  }
  // `include` holds the grown particles first, then the substrate outside them.
  memory.fill(include, 0, <usize>count);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      if (load<u8>(alongCols + <usize>(r * cols + c)) == 0) continue;
      for (let k = max(0, r - growRows); k <= min(rows - 1, r + growRows); k++) store<u8>(include + <usize>(k * cols + c), 1);
    }
  }
  for (let i = 0; i < count; i++) {
    const outside = isFinite(load<f64>(z + (<usize>i << 3))) && load<u8>(include + <usize>i) == 0 && load<u8>(scars + <usize>i) == 0;
    store<u8>(include + <usize>i, outside ? 1 : 0);
  }
}
