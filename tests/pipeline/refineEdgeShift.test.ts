// The edge shift of the refinement: two images of one field of disks whose boundaries the two
// "modalities" place apart (the moving image's disks are wider by a known amount), the moving
// field a window of the fixed one that cuts many disks. Known truth: a pure translation.
import { beforeAll, describe, expect, it } from "vitest";
import { type KernelApi, loadKernels } from "../../src/kernels/index.js";
import { translation } from "../../src/pipeline/affine.js";
import { edgeFeatures } from "../../src/pipeline/features.js";
import { refine } from "../../src/pipeline/refine.js";
import { uniform } from "../kernels/random.js";
import { cornerError } from "./syntheticSample.js";

const FIXED_SIZE = 160;
const MOVING_SIZE = 128;
const WINDOW_AT = 16;

interface Disk {
  x: number;
  y: number;
  radius: number;
}

function disks(seed: number): Disk[] {
  const next = uniform(seed);
  return Array.from({ length: 40 }, () => ({ x: next() * 200 - 20, y: next() * 200 - 20, radius: 6 + next() * 8 }));
}

/** An indicator image of the disks (widened by `grow` pixels) seen through a window at (left, top). */
function scene(field: Disk[], size: number, left: number, top: number, grow: number) {
  const values = new Float32Array(size * size);
  for (let r = 0; r < size; r++) {
    for (let c = 0; c < size; c++) {
      if (field.some((d) => Math.hypot(c + left - d.x, r + top - d.y) < d.radius + grow)) values[r * size + c] = 1;
    }
  }
  return { values, rows: size, cols: size, pixelSize: [1, 1] as const };
}

describe("refinement with an edge shift between the modalities", () => {
  let kernels: KernelApi;
  beforeAll(async () => {
    kernels = await loadKernels();
  });
  const truth = translation(WINDOW_AT, WINDOW_AT);

  function fitted(seed: number, grow: number, edgeShift: boolean): number {
    const field = disks(seed);
    const fixed = edgeFeatures(kernels, scene(field, FIXED_SIZE, 0, 0, 0), 1, 1, 0.9);
    const moving = edgeFeatures(kernels, scene(field, MOVING_SIZE, WINDOW_AT, WINDOW_AT, grow), 1, 1, 0.9);
    // The moving field's corners, in fixed pixels.
    return cornerError(refine(kernels, fixed, moving, truth, "similarity", { edgeShift }).movingToFixed, truth, MOVING_SIZE, MOVING_SIZE);
  }

  it.each([1, 2, 3, 4, 5, 6])("fits boundaries 1.5 px apart within 0.25 px, under half the error without the shift (seed %i)", (seed) => {
    const shifted = fitted(seed, 1.5, true);
    expect(shifted).toBeLessThanOrEqual(0.25);
    expect(shifted).toBeLessThan(fitted(seed, 1.5, false) / 2);
  });

  it.each([1, 6])("changes nothing where the boundaries coincide (seed %i)", (seed) => {
    expect(Math.abs(fitted(seed, 0, true) - fitted(seed, 0, false))).toBeLessThanOrEqual(0.02);
  });
});
