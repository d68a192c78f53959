import { describe, expect, it } from "vitest";
import { type RefineImages, type RefineState, loadKernels } from "../../src/kernels/index.js";
import { referenceKernels } from "../../src/kernels/reference/index.js";
import { relativeDifference, uniform } from "./random.js";

const FIXED = 48;
const MOVING = 30;

/** A smooth image with its exact derivatives along columns and rows. */
function smoothWithDerivatives(seed: number): { values: Float32Array; dx: Float32Array; dy: Float32Array } {
  const next = uniform(seed);
  const waves = Array.from({ length: 5 }, () => ({
    kx: (next() * 2 - 1) * 0.4, ky: (next() * 2 - 1) * 0.4, phase: next() * 6.28, amplitude: 0.5 + next(),
  }));
  const values = new Float32Array(FIXED * FIXED);
  const dx = new Float32Array(FIXED * FIXED);
  const dy = new Float32Array(FIXED * FIXED);
  for (let r = 0; r < FIXED; r++) {
    for (let c = 0; c < FIXED; c++) {
      let v = 2;
      let gx = 0;
      let gy = 0;
      for (const w of waves) {
        const phase = w.kx * c + w.ky * r + w.phase;
        v += w.amplitude * Math.sin(phase);
        gx += w.amplitude * w.kx * Math.cos(phase);
        gy += w.amplitude * w.ky * Math.cos(phase);
      }
      values[r * FIXED + c] = v;
      dx[r * FIXED + c] = gx;
      dy[r * FIXED + c] = gy;
    }
  }
  return { values, dx, dy };
}

/** A plane with its derivatives: bilinear sampling reproduces it, and its derivatives, exactly. */
function planeWithDerivatives(): { values: Float32Array; dx: Float32Array; dy: Float32Array } {
  const values = Float32Array.from({ length: FIXED * FIXED }, (_, i) => 1.5 + 0.07 * (i % FIXED) - 0.04 * Math.floor(i / FIXED));
  return { values, dx: new Float32Array(FIXED * FIXED).fill(0.07), dy: new Float32Array(FIXED * FIXED).fill(-0.04) };
}

function problem(withNormals: boolean, fixed = smoothWithDerivatives(5)): RefineImages {
  const next = uniform(9);
  const moving = Float32Array.from({ length: MOVING * MOVING }, () => 1 + next());
  moving[17] = NaN;
  const normals: [Float32Array, Float32Array] = [
    Float32Array.from({ length: MOVING * MOVING }, () => next() * 2 - 1),
    Float32Array.from({ length: MOVING * MOVING }, () => next() * 2 - 1),
  ];
  return {
    fixed: fixed.values, fixedDx: fixed.dx, fixedDy: fixed.dy, fixedRows: FIXED, fixedCols: FIXED,
    moving, normals: withNormals ? normals : undefined, movingRows: MOVING, movingCols: MOVING,
  };
}

/** Moving pixel (col, row) to fixed: a small rotation and scale, placed inside the fixed field. */
const MOVING_TO_FIXED = Float64Array.from([1.04, -0.05, 9.3, 0.05, 1.04, 7.8, 0, 0, 1]);

function state(model: RefineState["model"], movingToFixed = MOVING_TO_FIXED, shift = 0.2): RefineState {
  return { model, movingToFixed, centre: [(MOVING - 1) / 2, (MOVING - 1) / 2], gain: 0.8, offset: 0.3, shift };
}

/** sum over the moving pixels of (target - model)^2, with the fixed image sampled bilinearly in float64. */
function cost(images: RefineImages, s: RefineState): number {
  const [a, b, c, d, e, f] = s.movingToFixed as unknown as number[];
  const sample = (image: Float32Array, x: number, y: number) => {
    const ix = Math.floor(x);
    const iy = Math.floor(y);
    const tx = x - ix;
    const ty = y - iy;
    const at = (r: number, col: number) => image[r * FIXED + col]!;
    return (at(iy, ix) * (1 - tx) + at(iy, ix + 1) * tx) * (1 - ty) + (at(iy + 1, ix) * (1 - tx) + at(iy + 1, ix + 1) * tx) * ty;
  };
  let sum = 0;
  for (let r = 0; r < MOVING; r++) {
    for (let col = 0; col < MOVING; col++) {
      const i = r * MOVING + col;
      if (Number.isNaN(images.moving[i]!)) continue;
      const x = a! * col + b! * r + c!;
      const y = d! * col + e! * r + f!;
      const wx = sample(images.fixedDx, x, y);
      const wy = sample(images.fixedDy, x, y);
      const slope = images.normals
        ? wx * (a! * images.normals[0][i]! + b! * images.normals[1][i]!) + wy * (d! * images.normals[0][i]! + e! * images.normals[1][i]!)
        : 0;
      const modelled = sample(images.fixed, x, y) + s.shift * slope;
      sum += (images.moving[i]! - (s.gain * modelled + s.offset)) ** 2;
    }
  }
  return sum;
}

/** The state moved by `step` along parameter p (the ordering of NormalEquations). */
function perturbed(s: RefineState, p: number, step: number, withNormals: boolean): RefineState {
  const [cx, cy] = s.centre;
  const m = Float64Array.from(s.movingToFixed);
  const geometry = s.model === "similarity" ? 4 : 6;
  const moved = { ...s, movingToFixed: m };
  // The map is linearised about the centre: x' = A (m - centre) + t, so a change of A moves t by -dA centre.
  const linear = (entry: number, dA: number, centreCoordinate: number) => {
    m[entry]! += dA;
    m[entry < 3 ? 2 : 5]! -= dA * centreCoordinate;
  };
  if (p < geometry) {
    if (s.model === "similarity") {
      if (p === 0) {
        linear(0, step, cx);
        linear(4, step, cy);
      }
      if (p === 1) {
        linear(3, step, cx);
        linear(1, -step, cy);
      }
      if (p === 2) m[2]! += step;
      if (p === 3) m[5]! += step;
    } else {
      const entry = [0, 1, 2, 3, 4, 5][p]!;
      if (entry === 2 || entry === 5) m[entry]! += step;
      else linear(entry, step, entry % 3 === 0 ? cx : cy);
    }
  } else if (withNormals && p === geometry) {
    moved.shift += step;
  } else if (p === geometry + (withNormals ? 1 : 0)) {
    moved.gain += step;
  } else {
    moved.offset += step;
  }
  return moved;
}

describe("refinement normal equations", () => {
  for (const model of ["similarity", "affine"] as const) {
    for (const withNormals of [false, true]) {
      it(`J^T r is minus half the cost's gradient (${model}${withNormals ? ", edge shift" : ""})`, () => {
        // On a plane the Jacobian is exact; at zero edge shift the slope along the normals, which
        // the step holds fixed, does not enter the cost's derivatives.
        const images = problem(withNormals, planeWithDerivatives());
        const s = state(model, MOVING_TO_FIXED, 0);
        const { rhs, parameters } = referenceKernels.refineNormalEquations(images, s);
        expect(parameters).toBe((model === "similarity" ? 4 : 6) + (withNormals ? 1 : 0) + 2);
        for (let p = 0; p < parameters; p++) {
          const h = 1e-4;
          const gradient = (cost(images, perturbed(s, p, h, withNormals)) - cost(images, perturbed(s, p, -h, withNormals))) / (2 * h);
          expect(Math.abs(-gradient / 2 - rhs[p]!)).toBeLessThan(1e-6 * Math.max(...rhs.map(Math.abs)));
        }
      });
    }
  }

  it("J^T J is symmetric and positive definite", () => {
    const { normal, parameters: n } = referenceKernels.refineNormalEquations(problem(true), state("affine"));
    for (let p = 0; p < n; p++) for (let q = 0; q < n; q++) expect(normal[p * n + q]).toBe(normal[q * n + p]);
    // Cholesky succeeds only for a positive definite matrix.
    const l = new Float64Array(n * n);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j <= i; j++) {
        let sum = normal[i * n + j]!;
        for (let k = 0; k < j; k++) sum -= l[i * n + k]! * l[j * n + k]!;
        if (i === j) {
          expect(sum).toBeGreaterThan(0);
          l[i * n + i] = Math.sqrt(sum);
        } else {
          l[i * n + j] = sum / l[j * n + j]!;
        }
      }
    }
  });

  it("skips moving pixels that map outside the fixed image or are NaN", () => {
    const images = problem(false);
    // Shifted so that the moving image's right third lands beyond the fixed field.
    const outside = Float64Array.from([1, 0, 30, 0, 1, 5, 0, 0, 1]);
    const { normal, parameters: n } = referenceKernels.refineNormalEquations(images, state("similarity", outside, 0));
    // The offset's diagonal entry counts the pixels used: x + 30 <= 47.5 for x <= 17, less the NaN at (0, 17).
    expect(normal[n * n - 1]).toBe(18 * MOVING - 1);
  });

  it("a pixel of weight w counts as w copies of it, and weight 0 drops it", () => {
    const images = problem(true);
    const weights = new Float32Array(images.moving.length);
    for (let i = 0; i < weights.length; i++) weights[i] = i % 3;
    const weighted = referenceKernels.refineNormalEquations({ ...images, weights }, state("affine"));
    // The same sums from unweighted runs over the pixels of weight 1 and (twice) of weight 2.
    const only = (w: number) => {
      const moving = images.moving.map((v, i) => (weights[i] === w ? v : NaN));
      return referenceKernels.refineNormalEquations({ ...images, moving }, state("affine"));
    };
    const one = only(1);
    const two = only(2);
    expect(relativeDifference(weighted.normal, one.normal.map((v, i) => v + 2 * two.normal[i]!))).toBeLessThan(1e-12);
    expect(relativeDifference(weighted.rhs, one.rhs.map((v, i) => v + 2 * two.rhs[i]!))).toBeLessThan(1e-12);
  });

  for (const build of ["simd", "scalar"] as const) {
    it(`the ${build} build matches the reference with pixel weights`, async () => {
      const kernels = await loadKernels(build);
      const images = problem(true);
      const weights = new Float32Array(images.moving.length);
      for (let i = 0; i < weights.length; i++) weights[i] = (i * 0.37) % 1.5;
      for (const model of ["similarity", "affine"] as const) {
        const expected = referenceKernels.refineNormalEquations({ ...images, weights }, state(model));
        const got = kernels.refineNormalEquations({ ...images, weights }, state(model));
        expect(relativeDifference(got.normal, expected.normal)).toBeLessThan(1e-5);
        expect(relativeDifference(got.rhs, expected.rhs)).toBeLessThan(1e-5);
      }
    });

    it(`the ${build} build matches the reference`, async () => {
      const kernels = await loadKernels(build);
      for (const model of ["similarity", "affine"] as const) {
        for (const withNormals of [false, true]) {
          const images = problem(withNormals);
          const expected = referenceKernels.refineNormalEquations(images, state(model));
          const got = kernels.refineNormalEquations(images, state(model));
          expect(got.parameters).toBe(expected.parameters);
          expect(relativeDifference(got.normal, expected.normal)).toBeLessThan(1e-5);
          expect(relativeDifference(got.rhs, expected.rhs)).toBeLessThan(1e-5);
        }
      }
    });
  }
});
