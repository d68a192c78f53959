import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { voxelizeReference } from "../../src/pipeline/voxelizeReference.js";
import { voxelizeWasm, type VoxelizeKernel } from "../../src/pipeline/voxelizeWasm.js";
import { chooseVoxelGrid } from "../../src/pipeline/voxelize.js";
import { boundaryColumn, boundaryInput, handColumns, handGrid, handInput, randomProfile, worstConservationError } from "./voxelColumns.js";

const root = fileURLToPath(new URL("../../", import.meta.url));
const wasmPath = (target: string) => `${root}build/kernels/afmsims-${target}.wasm`;

async function loadKernel(target: string): Promise<VoxelizeKernel> {
  const { instance } = await WebAssembly.instantiate(readFileSync(wasmPath(target)), {});
  return instance.exports as unknown as VoxelizeKernel;
}

beforeAll(() => {
  if (!existsSync(wasmPath("simd")) || !existsSync(wasmPath("scalar"))) {
    execFileSync(process.execPath, ["scripts/build-kernels.mjs"], { cwd: root, stdio: "inherit" });
  }
});

describe.each(["simd", "scalar"])("voxelisation kernel (%s)", (target) => {
  it("matches the hand-computed columns", async () => {
    const kernel = await loadKernel(target);
    const voxels = voxelizeWasm(kernel, handInput, handGrid);
    const { nz } = handGrid;
    for (let p = 0; p < handInput.pixels; p++) {
      for (let c = 0; c < 2; c++) {
        handColumns[p].forEach((v, i) => {
          const got = voxels[(c * nz + i) * handInput.pixels + p];
          if (Number.isNaN(v)) expect(got).toBeNaN();
          else expect(got).toBeCloseTo(v * (c === 1 ? 10 : 1), 5);
        });
      }
    }
  });

  it("ends a column that stops on a voxel boundary exactly there, despite float32 heights", async () => {
    const grid = { zTop: 9.5e-9, dz: 1e-9, nz: 4 };
    const voxels = voxelizeWasm(await loadKernel(target), boundaryInput, grid);
    boundaryColumn.forEach((v, i) => (Number.isNaN(v) ? expect(voxels[i]).toBeNaN() : expect(voxels[i]).toBeCloseTo(v, 5)));
  });

  it("agrees with the TypeScript reference and conserves counts, in slices", async () => {
    const kernel = await loadKernel(target);
    const input = randomProfile(33, 31, 60, 4, 5);
    input.layerDepth[(input.layers) * input.pixels + 17] = NaN;
    const grid = chooseVoxelGrid(input.surface, input.layerDepth, input.layers, { dz: 0.7e-9 });
    const slices: number[] = [];
    const voxels = voxelizeWasm(kernel, input, grid, (done) => slices.push(done), 101);
    const reference = voxelizeReference(input, grid);
    expect(slices.at(-1)).toBe(input.pixels);
    let worst = 0;
    let nanMismatches = 0;
    for (let i = 0; i < reference.length; i++) {
      if (Number.isNaN(reference[i]) !== Number.isNaN(voxels[i])) nanMismatches++;
      else if (!Number.isNaN(reference[i])) worst = Math.max(worst, Math.abs(voxels[i] - reference[i]) / Math.max(Math.abs(reference[i]), 1));
    }
    expect(nanMismatches).toBe(0);
    expect(worst).toBeLessThan(1e-6);
    // The column without a depth holds no data at all.
    for (let i = 0; i < grid.nz; i++) expect(voxels[i * input.pixels + 17]).toBeNaN();
    expect(worstConservationError(voxels, input, grid.nz)).toBeLessThan(1e-4);
  });
});
