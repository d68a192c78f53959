// Raised particles in a levelled AFM map: the kernel of raisedPixels in src/pipeline/level.ts,
// which says why and is the reference it must match (the median and robust sigma as exact order
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
