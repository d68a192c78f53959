// Host side of levelling's kernels (assembly/scars.ts, assembly/particles.ts): the maps copied
// into one arena per call, the masks or line levels computed there and copied out. The functions
// of the same names in level.ts are their references.
import { layOut } from "../kernels/arena.js";
import type { RawKernels } from "../kernels/loader.js";
import { PARTICLE_GROW_COLS, PARTICLE_GROW_ROWS } from "./level.js";

/** The signature of findScars (see level.ts). */
export type FindScars = (residual: Float64Array, rows: number, cols: number, raised?: Uint8Array) => Uint8Array;
/** The signature of raisedPixels (see level.ts). */
export type RaisedPixels = (residual: Float64Array, include: Uint8Array, sigmas: number) => Uint8Array;
/** The signature of lineMedians (see level.ts). */
export type LineMedians = (values: Float64Array, rows: number, cols: number, include: Uint8Array) => Float64Array;
/** The signature of substrateOutsideParticles (see level.ts). */
export type SubstrateOutsideParticles = (z: Float64Array, raised: Uint8Array, scars: Uint8Array, rows: number, cols: number) => Uint8Array;

/** Levelling's kernels; each one absent runs its plain-TypeScript reference. */
export interface LevelKernels {
  findScars?: FindScars;
  raisedPixels?: RaisedPixels;
  lineMedians?: LineMedians;
  substrateOutsideParticles?: SubstrateOutsideParticles;
}

/** The raw exports the kernels need, beside those every kernel module has. */
interface LevelKernelExports {
  findScarsScratchBytes(rows: number, cols: number): number;
  findScars(residual: number, rows: number, cols: number, raised: number, hasRaised: number, scars: number, scratch: number): void;
  raisedPixelsScratchBytes(count: number): number;
  raisedPixels(residual: number, include: number, count: number, sigmas: number, raised: number, scratch: number): void;
  lineMediansScratchBytes(cols: number): number;
  lineMedians(values: number, include: number, rows: number, cols: number, medians: number, scratch: number): void;
  substrateOutsideParticles(
    z: number, raised: number, scars: number, rows: number, cols: number, growRows: number, growCols: number, include: number, scratch: number,
  ): void;
}

export function levelKernelsWasm(raw: RawKernels): Required<LevelKernels> {
  const kernel = raw as unknown as LevelKernelExports;
  const f64In = (at: number, values: Float64Array) => new Float64Array(raw.memory.buffer, at, values.length).set(values);
  const u8In = (at: number, values: Uint8Array) => new Uint8Array(raw.memory.buffer, at, values.length).set(values);
  const u8Out = (at: number, length: number) => new Uint8Array(raw.memory.buffer, at, length).slice();
  return {
    findScars(residual, rows, cols, raised) {
      const count = rows * cols;
      const [residualAt, raisedAt, scarsAt, scratchAt] = layOut(raw, [count * 8, count, count, kernel.findScarsScratchBytes(rows, cols)]) as [
        number, number, number, number,
      ];
      f64In(residualAt, residual);
      if (raised) u8In(raisedAt, raised);
      kernel.findScars(residualAt, rows, cols, raisedAt, raised ? 1 : 0, scarsAt, scratchAt);
      return u8Out(scarsAt, count);
    },
    raisedPixels(residual, include, sigmas) {
      const count = residual.length;
      const [residualAt, includeAt, raisedAt, scratchAt] = layOut(raw, [count * 8, count, count, kernel.raisedPixelsScratchBytes(count)]) as [
        number, number, number, number,
      ];
      f64In(residualAt, residual);
      u8In(includeAt, include);
      kernel.raisedPixels(residualAt, includeAt, count, sigmas, raisedAt, scratchAt);
      return u8Out(raisedAt, count);
    },
    lineMedians(values, rows, cols, include) {
      const count = rows * cols;
      const [valuesAt, includeAt, mediansAt, scratchAt] = layOut(raw, [count * 8, count, rows * 8, kernel.lineMediansScratchBytes(cols)]) as [
        number, number, number, number,
      ];
      f64In(valuesAt, values);
      u8In(includeAt, include);
      kernel.lineMedians(valuesAt, includeAt, rows, cols, mediansAt, scratchAt);
      return new Float64Array(raw.memory.buffer, mediansAt, rows).slice();
    },
    substrateOutsideParticles(z, raised, scars, rows, cols) {
      const count = rows * cols;
      const [zAt, raisedAt, scarsAt, includeAt, scratchAt] = layOut(raw, [count * 8, count, count, count, count]) as [
        number, number, number, number, number,
      ];
      f64In(zAt, z);
      u8In(raisedAt, raised);
      u8In(scarsAt, scars);
      kernel.substrateOutsideParticles(zAt, raisedAt, scarsAt, rows, cols, PARTICLE_GROW_ROWS, PARTICLE_GROW_COLS, includeAt, scratchAt);
      return u8Out(includeAt, count);
    },
  };
}
