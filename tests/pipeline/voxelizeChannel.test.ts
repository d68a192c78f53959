import { describe, expect, it } from "vitest";
import { loadRawKernels } from "../../src/kernels/loader.js";
import { chooseVoxelGrid, voxelize, voxelizeChannel } from "../../src/pipeline/voxelize.js";
import type { VoxelizeKernel } from "../../src/pipeline/voxelizeWasm.js";
import { randomProfile } from "./voxelColumns.js";

describe.each(["simd", "scalar"] as const)("one channel at a time (%s kernel)", (build) => {
  it("gives each channel's voxels of the whole stack, bit for bit, into a reused array", async () => {
    const kernel = (await loadRawKernels(build)) as unknown as VoxelizeKernel;
    const input = randomProfile(29, 37, 40, 3, 11);
    const grid = chooseVoxelGrid(input.surface, input.layerDepth, input.layers, { dz: 0.8e-9 });
    const whole = voxelize(input, grid, kernel);
    const planeVoxels = grid.nz * input.pixels;
    const reused = new Float32Array(planeVoxels);
    for (let c = 0; c < input.channels; c++) {
      const expected = whole.subarray(c * planeVoxels, (c + 1) * planeVoxels);
      const viaKernel = voxelizeChannel(input, c, grid, kernel, reused);
      expect(viaKernel).toBe(reused);
      expect(Array.from(viaKernel)).toEqual(Array.from(expected));
      // The reference path picks the same channel out of the stack.
      const viaReference = voxelizeChannel(input, c, grid);
      let worst = 0;
      for (let i = 0; i < planeVoxels; i++) {
        expect(Number.isNaN(viaReference[i]!)).toBe(Number.isNaN(expected[i]!));
        if (!Number.isNaN(expected[i]!)) worst = Math.max(worst, Math.abs(viaReference[i]! - expected[i]!) / Math.max(Math.abs(expected[i]!), 1));
      }
      expect(worst).toBeLessThan(1e-6);
    }
  });
});
