import { apply, type Matrix3 } from "./affine.js";
import { INORGANIC, ORGANIC } from "./materials.js";
import type { AfmArtefacts, SimulationParams } from "./params.js";
import type { Random } from "./random.js";
import { allocateColumns, evaluateColumns, type Sample } from "./sample/sample.js";
import { removedDepth } from "./sputter.js";

/** True topography on an AFM grid: before and, after the whole profile, the crater floor. Metres. */
export interface AfmTruth {
  before: Float64Array;
  after: Float64Array;
  /** Depth removed at each pixel of this grid. */
  removed: Float64Array;
}

/** Evaluates the sample at the world positions of an AFM grid's pixels. */
export function afmTopography(params: SimulationParams, sample: Sample, toWorld: Matrix3, finalDose: number): AfmTruth {
  const { rows, cols } = params.afm;
  const count = rows * cols;
  const xs = new Float64Array(count);
  const ys = new Float64Array(count);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const [x, y] = apply(toWorld, c, r);
      xs[r * cols + c] = x;
      ys[r * cols + c] = y;
    }
  }
  const columns = allocateColumns(count);
  evaluateColumns(sample, xs, ys, columns, true);
  const rates = params.sputterRates;
  const truth: AfmTruth = { before: new Float64Array(count), after: new Float64Array(count), removed: new Float64Array(count) };
  for (let i = 0; i < count; i++) {
    const outer = columns.outer[i];
    const inner = columns.inner[i];
    const top = columns.substrateTop[i] + inner + outer;
    const removed = removedDepth(finalDose, outer, inner, rates[ORGANIC], rates[INORGANIC], rates[columns.substrate[i]]);
    truth.before[i] = top;
    truth.after[i] = top - removed;
    truth.removed[i] = removed;
  }
  return truth;
}

/**
 * The image a paraboloid tip of apex radius `tipRadius` traces over a surface: at each pixel the
 * highest of the neighbours' heights less the tip's rise at their distance (grey-scale dilation).
 * Narrow grooves come out shallower and narrower; broad relief is untouched.
 */
export function tipDilation(heights: Float64Array, rows: number, cols: number, pitch: readonly [number, number], tipRadius: number): Float64Array {
  if (!(tipRadius > 0)) return heights.slice();
  let lowest = Infinity;
  let highest = -Infinity;
  for (let i = 0; i < heights.length; i++) {
    lowest = Math.min(lowest, heights[i]);
    highest = Math.max(highest, heights[i]);
  }
  // beyond this distance the tip's rise exceeds any height difference in the image
  const reach = Math.sqrt(2 * tipRadius * (highest - lowest));
  const rowReach = Math.floor(reach / pitch[0]);
  const colReach = Math.floor(reach / pitch[1]);
  const out = new Float64Array(heights.length);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      let best = -Infinity;
      for (let dr = Math.max(-rowReach, -r); dr <= Math.min(rowReach, rows - 1 - r); dr++) {
        const rise = (dr * pitch[0]) ** 2;
        for (let dc = Math.max(-colReach, -c); dc <= Math.min(colReach, cols - 1 - c); dc++) {
          const candidate = heights[(r + dr) * cols + c + dc] - (rise + (dc * pitch[1]) ** 2) / (2 * tipRadius);
          if (candidate > best) best = candidate;
        }
      }
      out[r * cols + c] = best;
    }
  }
  return out;
}

/**
 * What the AFM records of a true topography: a tilt plane, a constant offset, line-to-line
 * offsets (independent jumps plus a slow wander), scars (streaks along part of a line) and white
 * noise. Lines run along columns (the fast axis), one per row.
 */
export function addAfmArtefacts(
  heights: Float64Array,
  rows: number,
  cols: number,
  pixelSize: readonly [number, number],
  artefacts: AfmArtefacts,
  random: Random,
): Float64Array {
  const out = new Float64Array(heights.length);
  const slopeX = random.between(-1, 1) * artefacts.tiltSlope;
  const slopeY = random.between(-1, 1) * artefacts.tiltSlope;
  const offset = random.between(-1, 1) * artefacts.offset;
  let wander = 0;
  for (let r = 0; r < rows; r++) {
    wander += artefacts.lineWanderSd * random.normal();
    const lineOffset = offset + wander + artefacts.lineOffsetSd * random.normal() + slopeY * r * pixelSize[0];
    for (let c = 0; c < cols; c++) {
      out[r * cols + c] = heights[r * cols + c] + lineOffset + slopeX * c * pixelSize[1] + artefacts.noise * random.normal();
    }
  }
  const scars = artefacts.scarCount > 0 ? 1 + Math.floor(random.uniform() * artefacts.scarCount) : 0;
  for (let s = 0; s < scars; s++) {
    const row = Math.floor(random.uniform() * rows);
    const length = Math.max(4, Math.floor(cols * random.between(0.1, 0.4)));
    const start = Math.floor(random.uniform() * (cols - length));
    const height = (random.uniform() < 0.5 ? -1 : 1) * artefacts.scarHeight * random.between(0.5, 1);
    const ramp = Math.max(1, Math.floor(length / 20));
    for (let c = 0; c < length; c++) {
      // the feedback loop catches up over a few points at each end
      const weight = Math.min(1, (c + 1) / ramp, (length - c) / ramp);
      out[row * cols + start + c] += height * weight;
    }
  }
  return out;
}
