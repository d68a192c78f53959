import { describe, expect, it } from "vitest";
import type { InputModel } from "../../src/model/types.js";
import { sharedFloat32Array } from "../../src/parallel/sharedArrays.js";
import { partRange } from "../../src/pipeline/parallel/stagePool.js";
import { reconstruct } from "../../src/pipeline/reconstruct.js";
import { resolveParams, simulate } from "../../src/sim/index.js";
import { twoThreadPool } from "./twoThreadPool.js";

function sharedCopy(values: ArrayLike<number>): Float32Array {
  const copy = sharedFloat32Array(values.length);
  copy.set(values);
  return copy;
}

function bytes(values: Float32Array | Float64Array): Buffer {
  return Buffer.from(values.buffer, values.byteOffset, values.byteLength);
}

describe("parts of a task", () => {
  it.each([[10, 3, 1], [262144, 2, 64], [100, 2, 64], [5, 4, 1], [0, 2, 1]])("cover %i items in %i parts (alignment %i) without gap or overlap", (count, parts, alignment) => {
    let next = 0;
    for (let i = 0; i < parts; i++) {
      const { from, to } = partRange(i, parts, count, alignment);
      expect(from).toBe(next);
      expect(to).toBeGreaterThanOrEqual(from);
      if (i > 0 && from < count) expect(from % alignment).toBe(0);
      next = to;
    }
    expect(next).toBe(count);
  });
});

describe("the thread pool", () => {
  const pooled = twoThreadPool();

  it("reconstructs bit for bit what the calling thread alone does, the workers taking their parts", () => {
    const { kernels, pool } = pooled;
    const simulation = simulate(resolveParams({ preset: "small", seed: 3, layers: 16 }));
    // As the file reader makes it: the counts in shared memory, which reconstruct consumes.
    const input = (): InputModel => ({
      source: "sample.h5",
      ...simulation.input,
      sims: { ...simulation.input.sims, counts: sharedCopy(simulation.input.sims.counts), total: sharedCopy(simulation.input.sims.total!) },
    });
    const alone = reconstruct(input(), {}, kernels);
    const before = pool.partsOnWorkers;
    const threaded = reconstruct(input(), {}, { ...kernels, pool });
    // Dead time, the drift's second pass, two drift removals, the classification's refinement and
    // final pass, and the voxels of every channel (the small preset's volume is one band), one
    // part each on the one worker.
    expect(pool.partsOnWorkers - before).toBe(7);
    expect(bytes(threaded.volume.data).equals(bytes(alone.volume.data))).toBe(true);
    expect(bytes(threaded.volume.layerDepth).equals(bytes(alone.volume.layerDepth))).toBe(true);
    expect(Array.from(threaded.volume.drift)).toEqual(Array.from(alone.volume.drift));
    expect(threaded.report.depth).toEqual(alone.report.depth);
  });

  it("runs a task whose output is not shared on the calling thread, with the same result", () => {
    const { kernels, pool } = pooled;
    const [rows, cols, layers] = [16, 20, 3];
    const stack = Float32Array.from({ length: layers * rows * cols }, (_, i) => Math.sin(i / 7) + 2);
    const drift = Float64Array.from([0, 0, 0.4, -1.3, 2.2, 0.7]);
    const expected = stack.slice();
    kernels.kernels.translatePlanes(expected.subarray(rows * cols, 2 * rows * cols), rows, cols, 0.4, -1.3);
    kernels.kernels.translatePlanes(expected.subarray(2 * rows * cols), rows, cols, 2.2, 0.7);
    const before = pool.partsOnWorkers;
    pool.run(kernels, "shiftLayersBack", { stack, layers, planesPerLayer: 1, rows, cols, drift }, layers);
    expect(pool.partsOnWorkers).toBe(before);
    expect(bytes(stack).equals(bytes(expected))).toBe(true);
  });

  it("rethrows a part's error as its own class once every part has stopped, and runs the next task", () => {
    const { kernels, pool } = pooled;
    const [layers, rows, cols] = [2, 8, 8];
    const grid = { zTop: 0, dz: 1e-9, nz: 3 };
    const input = {
      surface: sharedFloat32Array(rows * cols),
      layerDepth: sharedCopy(Array.from({ length: (layers + 1) * rows * cols }, (_, i) => Math.floor(i / (rows * cols)) * 1e-9)),
      counts: sharedCopy(Array.from({ length: layers * rows * cols }, (_, i) => i % 5)),
      pixels: rows * cols,
      layers,
      channels: 1,
    };
    const wholeProfile = { from: 0, to: rows * cols };
    const tooShort = sharedFloat32Array(grid.nz * rows * cols - 1);
    expect(() => pool.run(kernels, "voxelizeBand", { input, grid, band: wholeProfile, out: tooShort }, rows * cols, 64)).toThrow(RangeError);
    const out = sharedFloat32Array(grid.nz * rows * cols);
    const before = pool.partsOnWorkers;
    pool.run(kernels, "voxelizeBand", { input, grid, band: wholeProfile, out }, rows * cols, 32);
    expect(pool.partsOnWorkers).toBe(before + 1);
    // Each column's voxels hold its two layers' counts (float32 sums).
    for (let p = 0; p < rows * cols; p++) {
      const sum = [0, 1, 2].reduce((total, z) => total + (Number.isNaN(out[z * rows * cols + p]!) ? 0 : out[z * rows * cols + p]!), 0);
      expect(sum).toBeCloseTo((p % 5) + ((rows * cols + p) % 5), 5);
    }
  });
});
