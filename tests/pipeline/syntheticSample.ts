// A synthetic correlative measurement with a known geometry: particles in epoxy, seen as height
// by the AFM and as ion yield by SIMS, the SIMS field rotated, scaled and shifted inside the AFM
// field.
import type { GriddedImage } from "../../src/pipeline/register.js";
import { chain, invert, rotationScale, translation, affine } from "../../src/pipeline/affine.js";
import { Random } from "../../src/sim/random.js";
import { normal, uniform } from "../kernels/random.js";

interface Particle {
  x: number;
  y: number;
  radius: number;
  height: number;
  yield: number;
}

export interface SyntheticPair {
  afm: GriddedImage;
  sims: GriddedImage;
  /** True map of AFM pixel (col, row, 1) to SIMS pixel. */
  afmToSims: Float64Array;
}

export interface SyntheticPairOptions {
  afmField?: number;
  afmShape?: [number, number];
  simsField?: number;
  simsShape?: [number, number];
  rotation?: number;
  scale?: number;
  /** Offset of the SIMS field's centre from the AFM field's centre, metres. */
  offset?: [number, number];
  /** Put the SIMS field on a different sample (no overlap with the AFM field). */
  elsewhere?: boolean;
}

function particles(seed: number, extent: number): Particle[] {
  const next = uniform(seed);
  const list: Particle[] = [];
  const count = Math.round((extent / 1e-6) ** 2 / 30);
  for (let i = 0; i < count; i++) {
    list.push({
      x: next() * extent, y: next() * extent, radius: (0.6 + next() * 2.6) * 1e-6,
      height: (40 + next() * 160) * 1e-9, yield: 0.6 + next(),
    });
  }
  return list;
}

/** Renders f over particles at the points of a grid, each particle only where it reaches. */
function render(
  list: Particle[], rows: number, cols: number, at: (c: number, r: number) => [number, number],
  edge: number, value: (p: Particle) => number, base: number,
): Float64Array {
  const out = new Float64Array(rows * cols).fill(base);
  const points = new Float64Array(rows * cols * 2);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) points.set(at(c, r), 2 * (r * cols + c));
  for (let i = 0; i < rows * cols; i++) {
    const x = points[2 * i]!;
    const y = points[2 * i + 1]!;
    for (const p of list) {
      const dx = x - p.x;
      const dy = y - p.y;
      if (Math.abs(dx) > p.radius + 4 * edge || Math.abs(dy) > p.radius + 4 * edge) continue;
      const inside = 0.5 - 0.5 * Math.tanh((Math.hypot(dx, dy) - p.radius) / edge);
      out[i] = Math.max(out[i]!, base + inside * (value(p) - base));
    }
  }
  return out;
}

export function syntheticPair(seed: number, options: SyntheticPairOptions = {}): SyntheticPair {
  const afmField = options.afmField ?? 50e-6;
  const [afmRows, afmCols] = options.afmShape ?? [128, 2048];
  const simsField = options.simsField ?? 40e-6;
  const [simsRows, simsCols] = options.simsShape ?? [256, 256];
  const next = uniform(seed + 7);
  const gauss = normal(seed + 8);
  const rotation = options.rotation ?? ((next() * 2 - 1) * 10 * Math.PI) / 180;
  const scale = options.scale ?? 1 + (next() * 2 - 1) * 0.08;
  // Where the SIMS field can go: its rotated, scaled square must stay inside the AFM field.
  const half = (simsField * scale * (Math.abs(Math.cos(rotation)) + Math.abs(Math.sin(rotation)))) / 2;
  const room = Math.max(0, afmField / 2 - half);
  const offset = options.offset ?? [(next() * 2 - 1) * room, (next() * 2 - 1) * room];
  const world = particles(seed, afmField);
  const afmPitch: [number, number] = [afmField / afmRows, afmField / afmCols];
  const afmValues = render(world, afmRows, afmCols, (c, r) => [(c + 0.5) * afmPitch[1], (r + 0.5) * afmPitch[0]], 0.1e-6, (p) => p.height, 0);
  for (let i = 0; i < afmValues.length; i++) afmValues[i]! += gauss() * 1e-9;
  const simsPitch: [number, number] = [simsField / simsRows, simsField / simsCols];
  // SIMS pixel (c, r) -> physical point in the AFM frame: about the SIMS field's centre, turned.
  const simsToWorld = chain(
    affine(simsPitch[1], 0, (0.5 - simsCols / 2) * simsPitch[1], 0, simsPitch[0], (0.5 - simsRows / 2) * simsPitch[0]),
    rotationScale(rotation, scale),
    translation(afmField / 2 + offset[1], afmField / 2 + offset[0]),
  );
  const simsWorld = options.elsewhere ? particles(seed + 1000, afmField) : world;
  const expected = render(simsWorld, simsRows, simsCols, (c, r) => [
    simsToWorld[0]! * c + simsToWorld[1]! * r + simsToWorld[2]!,
    simsToWorld[3]! * c + simsToWorld[4]! * r + simsToWorld[5]!,
  ], 0.2e-6, (p) => p.yield, 0.25);
  const counting = new Random(seed, "synthetic pair: SIMS counts");
  const counts = expected.map((v) => counting.poisson(40 * v));
  const afmToWorld = affine(afmPitch[1], 0, 0.5 * afmPitch[1], 0, afmPitch[0], 0.5 * afmPitch[0]);
  return {
    afm: { values: afmValues, rows: afmRows, cols: afmCols, pixelSize: afmPitch },
    sims: { values: counts, rows: simsRows, cols: simsCols, pixelSize: simsPitch },
    afmToSims: chain(afmToWorld, invert(simsToWorld)),
  };
}

/** Largest distance, in moving-image pixels, between where two maps send the fixed field's corners. */
export function cornerError(estimated: Float64Array, truth: Float64Array, rows: number, cols: number): number {
  return cornerErrorMetres(estimated, truth, rows, cols, [1, 1]);
}

export interface SyntheticAfter {
  after: GriddedImage;
  /** True map of after pixel (col, row, 1) to before pixel. */
  afterToBefore: Float64Array;
}

/**
 * The AFM scan after sputtering, of the same field as `syntheticPair(seed)`'s AFM: its stage
 * offset by up to `shift` metres and turned by up to half a degree, each particle worn down by
 * its own fraction, the whole surface lowered.
 */
export function syntheticAfter(seed: number, shift = 2e-6, afmField = 50e-6, afmShape: [number, number] = [128, 2048]): SyntheticAfter {
  const [rows, cols] = afmShape;
  const next = uniform(seed + 21);
  const gauss = normal(seed + 22);
  const world = particles(seed, afmField).map((p) => ({ ...p, height: p.height * (0.2 + 0.6 * next()) }));
  const pitch: [number, number] = [afmField / rows, afmField / cols];
  const turn = ((next() * 2 - 1) * 0.5 * Math.PI) / 180;
  const afmToWorld = affine(pitch[1], 0, 0.5 * pitch[1], 0, pitch[0], 0.5 * pitch[0]);
  const afterToWorld = chain(
    afmToWorld,
    translation(-afmField / 2, -afmField / 2),
    rotationScale(turn, 1),
    translation(afmField / 2 + (next() * 2 - 1) * shift, afmField / 2 + (next() * 2 - 1) * shift),
  );
  const values = render(world, rows, cols, (c, r) => [
    afterToWorld[0]! * c + afterToWorld[1]! * r + afterToWorld[2]!,
    afterToWorld[3]! * c + afterToWorld[4]! * r + afterToWorld[5]!,
  ], 0.1e-6, (p) => p.height, 0);
  for (let i = 0; i < values.length; i++) values[i] = values[i]! - 80e-9 + gauss() * 1e-9;
  return {
    after: { values, rows, cols, pixelSize: pitch },
    afterToBefore: chain(afterToWorld, invert(afmToWorld)),
  };
}

/** Largest distance, in metres, between where two maps send the field corners, for anisotropic pixels. */
export function cornerErrorMetres(
  estimated: Float64Array, truth: Float64Array, rows: number, cols: number, targetPixel: readonly [number, number],
): number {
  let worst = 0;
  for (const [x, y] of [[-0.5, -0.5], [cols - 0.5, -0.5], [-0.5, rows - 0.5], [cols - 0.5, rows - 0.5]]) {
    const ex = estimated[0]! * x! + estimated[1]! * y! + estimated[2]!;
    const ey = estimated[3]! * x! + estimated[4]! * y! + estimated[5]!;
    const tx = truth[0]! * x! + truth[1]! * y! + truth[2]!;
    const ty = truth[3]! * x! + truth[4]! * y! + truth[5]!;
    worst = Math.max(worst, Math.hypot((ex - tx) * targetPixel[1], (ey - ty) * targetPixel[0]));
  }
  return worst;
}
