import { describe, expect, it } from "vitest";
import { footprintSamples, loadKernels } from "../../src/kernels/index.js";
import { resampleAffineReference } from "../../src/kernels/reference/resample.js";
import { relativeDifference, smoothImage } from "./random.js";

/** dst -> src affine for a rotation by `degrees`, a scale, then a translation (pixels). */
function similarity(degrees: number, scale: number, tx: number, ty: number): Float64Array {
  const t = (degrees * Math.PI) / 180;
  const c = Math.cos(t) * scale;
  const s = Math.sin(t) * scale;
  return Float64Array.from([c, -s, tx, s, c, ty, 0, 0, 1]);
}

function fromFunction(rows: number, cols: number, f: (r: number, c: number) => number): Float32Array {
  const out = new Float32Array(rows * cols);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) out[r * cols + c] = f(r, c);
  return out;
}

describe("resampling reference", () => {
  it("reproduces a plane exactly with bilinear and a quadratic exactly with bicubic", () => {
    const plane = (r: number, c: number) => 2 + 0.3 * r - 0.7 * c;
    const quadratic = (r: number, c: number) => 1 + 0.02 * r * r - 0.03 * c * c + 0.01 * r * c;
    const affine = similarity(7, 0.9, 5.3, 4.1);
    const bilinear = resampleAffineReference(fromFunction(40, 40, plane), 40, 40, 20, 20, affine, "bilinear", 1, 1);
    const bicubic = resampleAffineReference(fromFunction(40, 40, quadratic), 40, 40, 20, 20, affine, "bicubic", 1, 1);
    for (let r = 0; r < 20; r++) {
      for (let c = 0; c < 20; c++) {
        const x = affine[0]! * c + affine[1]! * r + affine[2]!;
        const y = affine[3]! * c + affine[4]! * r + affine[5]!;
        expect(bilinear[r * 20 + c]).toBeCloseTo(plane(y, x), 4);
        expect(bicubic[r * 20 + c]).toBeCloseTo(quadratic(y, x), 3);
      }
    }
  });

  it("marks pixels whose footprint leaves the source as NaN and keeps the rest", () => {
    const src = fromFunction(8, 8, (r, c) => r * 8 + c);
    const shifted = resampleAffineReference(src, 8, 8, 8, 8, similarity(0, 1, 2, 0), "bilinear", 1, 1);
    for (let r = 0; r < 8; r++) {
      for (let c = 0; c < 8; c++) {
        if (c >= 6) expect(shifted[r * 8 + c]).toBeNaN();
        else expect(shifted[r * 8 + c]).toBe(src[r * 8 + c + 2]);
      }
    }
  });
});

describe("area averaging", () => {
  it("samples at most one source pixel apart across an anisotropic footprint", () => {
    // SIMS pixel of 0.156 um seen from an AFM with 24 nm along a line and 390 nm between lines.
    expect(footprintSamples(Float64Array.from([6.4, 0, 0, 0, 0.4, 0, 0, 0, 1]))).toEqual({ subCols: 7, subRows: 1 });
    expect(footprintSamples(similarity(30, 2.5, 0, 0))).toEqual({ subCols: 3, subRows: 3 });
  });

  it("averages away stripes finer than the destination pixel instead of aliasing them", async () => {
    const kernels = await loadKernels();
    const cols = 2048;
    const stripes = fromFunction(4, cols, (_, c) => (c % 2 === 0 ? 1 : -1));
    const shrink = Float64Array.from([8, 0, 11.25, 0, 1, 0, 0, 0, 1]);
    const averaged = kernels.resampleAffine(stripes, 4, cols, 4, cols / 8 - 2, shrink);
    const pointSampled = kernels.resampleAffine(stripes, 4, cols, 4, cols / 8 - 2, shrink, { areaAverage: false });
    expect(Math.max(...averaged.map(Math.abs))).toBeLessThan(1e-6);
    expect(Math.min(...pointSampled.map(Math.abs))).toBeGreaterThan(0.49);
  });
});

describe.each(["simd", "scalar"] as const)("%s resampling kernel", (build) => {
  const cases = [
    { name: "rotated, scaled and shifted", rows: 61, cols: 83, dstRows: 45, dstCols: 71, affine: similarity(-8, 1.07, 9.6, 3.2) },
    { name: "AFM-like anisotropic shrink", rows: 32, cols: 512, dstRows: 50, dstCols: 63, affine: Float64Array.from([6.4, 0.05, 20.3, 0.01, 0.41, 2.2, 0, 0, 1]) },
    { name: "upsampled past the edges", rows: 20, cols: 24, dstRows: 37, dstCols: 53, affine: similarity(3, 0.55, -2.1, -1.4) },
  ];
  for (const { name, rows, cols, dstRows, dstCols, affine } of cases) {
    for (const method of ["bilinear", "bicubic"] as const) {
      it(`${method}, ${name}: agrees with the reference to 1e-5 relative`, async () => {
        const kernels = await loadKernels(build);
        const src = smoothImage(rows, cols, rows + cols, 6);
        const { subCols, subRows } = footprintSamples(affine);
        const kernel = kernels.resampleAffine(src, rows, cols, dstRows, dstCols, affine, { method });
        const reference = resampleAffineReference(src, rows, cols, dstRows, dstCols, affine, method, subCols, subRows);
        expect(reference.some((v) => !Number.isNaN(v))).toBe(true);
        expect(relativeDifference(kernel, reference)).toBeLessThan(1e-5);
      });
    }
  }
});
