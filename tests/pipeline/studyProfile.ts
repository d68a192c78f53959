/**
 * The reference study's qualitative result measured on a reconstructed volume against the
 * simulator's truth (issue 4): used by tests/pipeline/studyResult.test.ts and
 * scripts/accuracy-reconstruct.ts.
 */
import type { VolumeModel } from "../../src/model/types.js";
import { profileRegion } from "../../src/profile/region.js";
import type { SimulationResult } from "../../src/sim/index.js";

const nm = 1e-9;

/**
 * The study's qualitative result on a circular ROI on the spot: each Na2X+ channel falls from its
 * peak by `fall` (the smallest ratio of the three) within 20 nm below the outer organic layer, then
 * stays flat in the hard carbon: `flatness` is the largest deviation of a 10 nm window's mean from
 * the mean of the hard carbon. A profile is read relative to each pixel's own surface, and the
 * depth of the inner-SEI/HC interface below it varies from pixel to pixel (particles on the
 * surface push it down by tens of nm), so the region is all hard carbon only below the deepest of
 * its pixels' true interfaces (plus 5 nm of information depth and beam mixing). No percentile will
 * do: the SEI is ~40x brighter in Na2F+ than the hard carbon, so 1% of the pixels still in it adds
 * ~40% to the region's mean.
 */
export function paperProfile(simulation: SimulationResult, volume: VolumeModel): { fall: number; flatness: number; roiPixels: number } {
  const { rows, cols } = volume;
  const [, dy, dx] = volume.voxelSize;
  const truth = simulation.layers;
  const { cx, cy, radius } = largestCircleInside(truth.spotMask, rows, cols, dx, dy);
  const roi = `circle:${cx * 1e6},${cy * 1e6},${radius * 1e6}`;
  let outerBottom = 0;
  const innerBottoms: number[] = [];
  for (let p = 0; p < rows * cols; p++) {
    if (((p % cols) * dx - cx) ** 2 + (Math.floor(p / cols) * dy - cy) ** 2 > radius ** 2) continue;
    outerBottom += truth.surfaceBefore[p]! - truth.interfaceOuterInner[p]!;
    innerBottoms.push(truth.surfaceBefore[p]! - truth.interfaceInnerHc[p]!);
  }
  outerBottom /= innerBottoms.length;
  const allHardCarbon = Math.max(...innerBottoms) + 5 * nm;
  const { profile } = profileRegion(volume, roi);
  const depths = profile.positions;
  const count = depths.length;
  const full = Math.max(...profile.pixelsWithData);
  let last = count - 1;
  while (last > 0 && profile.pixelsWithData[last]! < 0.95 * full) last--;
  const hcStart = depths.findIndex((z) => z >= allHardCarbon);
  const window = Math.max(1, Math.round((10 * nm) / volume.voxelSize[0]));
  if (hcStart < 0 || last + 1 - hcStart < 2 * window) {
    throw new Error(`the ROI ${roi} has less than 20 nm of hard carbon above its crater floor: no flatness to measure`);
  }
  let fall = Infinity;
  let flatness = 0;
  for (const label of ["Na2F+", "Na2Cl+", "Na2O+"]) {
    const c = volume.labels.indexOf(label);
    const values = profile.means.subarray(c * count, (c + 1) * count);
    const below = depths.findIndex((z) => z >= outerBottom + 20 * nm);
    let peak = 0;
    for (let j = 0; j <= below; j++) if (values[j]! > values[peak]!) peak = j;
    fall = Math.min(fall, values[peak]! / values[below]!);
    const hc = Array.from(values.subarray(hcStart, last + 1));
    const mean = hc.reduce((a, b) => a + b, 0) / hc.length;
    for (let j = 0; j + window <= hc.length; j += window) {
      const windowMean = hc.slice(j, j + window).reduce((a, b) => a + b, 0) / window;
      flatness = Math.max(flatness, Math.abs(windowMean / mean - 1));
    }
  }
  return { fall, flatness, roiPixels: innerBottoms.length };
}

/**
 * The largest circle (metres, pixel centres at integer multiples of the pitch) whose pixels all lie
 * on the spot: the ROI of "a circular ROI on the spot". The whole spot rather than a core keeps the
 * counting noise of the sparse Na2X+ channels (~20 counts of Na2Cl+ per layer on a third of the
 * spot) from reading as a departure from flatness.
 */
function largestCircleInside(mask: Uint8Array, rows: number, cols: number, dx: number, dy: number): { cx: number; cy: number; radius: number } {
  let best = { cx: 0, cy: 0, clearance: 0 };
  for (let p = 0; p < rows * cols; p++) {
    if (mask[p] !== 1) continue;
    const [x, y] = [(p % cols) * dx, Math.floor(p / cols) * dy];
    let clearance = Infinity;
    for (let q = 0; q < rows * cols; q++) {
      if (mask[q] !== 1) clearance = Math.min(clearance, Math.hypot((q % cols) * dx - x, Math.floor(q / cols) * dy - y));
    }
    if (clearance > best.clearance) best = { cx: x, cy: y, clearance };
  }
  // Half a pixel short of the nearest pixel off the spot, so that pixel stays out.
  return { cx: best.cx, cy: best.cy, radius: best.clearance - 0.5 * Math.min(dx, dy) };
}
