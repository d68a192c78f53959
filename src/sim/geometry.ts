import { affine, apply, invert, multiply, type Matrix3 } from "./affine.js";
import type { ScanGeometry, SimulationParams } from "./params.js";

/**
 * World coordinates are metres in the sample plane with the origin at the centre of SIMS pixel
 * (0,0), x along SIMS columns and y along SIMS rows: the SIMS grid maps to the world axis-aligned.
 */
export function simsToWorld(pixelSize: readonly [number, number]): Matrix3 {
  return affine(pixelSize[1], 0, 0, 0, pixelSize[0], 0);
}

export interface FieldGrid {
  rows: number;
  cols: number;
  pixelSize: readonly [number, number];
}

function centreOf(grid: FieldGrid): [number, number] {
  return [((grid.cols - 1) / 2) * grid.pixelSize[1], ((grid.rows - 1) / 2) * grid.pixelSize[0]];
}

/**
 * AFM pixel `(col, row)` to world: the nominal pitch, scaled by the calibration error, rotated,
 * and placed so that the field's centre lies at `centre` (world).
 */
export function afmToWorld(afm: FieldGrid, scale: number, rotationDeg: number, centre: readonly [number, number]): Matrix3 {
  const angle = (rotationDeg * Math.PI) / 180;
  const cos = Math.cos(angle) * scale;
  const sin = Math.sin(angle) * scale;
  const [dy, dx] = afm.pixelSize;
  const [cx, cy] = centreOf(afm);
  // the field's own centre (cx, cy) in nominal metres lands on `centre`
  return affine(cos * dx, -sin * dy, centre[0] - (cos * cx - sin * cy), sin * dx, cos * dy, centre[1] - (sin * cx + cos * cy));
}

/** Corners of a grid's field (outer pixel edges) in its own pixel coordinates. */
export function fieldCorners(grid: FieldGrid): [number, number][] {
  const right = grid.cols - 0.5;
  const bottom = grid.rows - 0.5;
  return [
    [-0.5, -0.5],
    [right, -0.5],
    [-0.5, bottom],
    [right, bottom],
  ];
}

/**
 * The box of admissible SIMS-centre offsets, expressed in the AFM's rotated, scaled frame
 * (nominal metres from the AFM field's centre), for which every SIMS corner stays inside the
 * AFM field shrunk by `margin` (a fraction of the field) on each side.
 */
export function admissibleShiftBox(sims: FieldGrid, afm: FieldGrid, scale: number, rotationDeg: number, margin: number) {
  const angle = (rotationDeg * Math.PI) / 180;
  const cos = Math.cos(angle);
  const sin = Math.sin(angle);
  const halfWidth = (afm.cols * afm.pixelSize[1] * (1 - 2 * margin)) / 2;
  const halfHeight = (afm.rows * afm.pixelSize[0] * (1 - 2 * margin)) / 2;
  const [scx, scy] = centreOf(sims);
  let minX = Infinity;
  let maxX = -Infinity;
  let minY = Infinity;
  let maxY = -Infinity;
  for (const [col, row] of fieldCorners(sims)) {
    const wx = col * sims.pixelSize[1] - scx;
    const wy = row * sims.pixelSize[0] - scy;
    // the corner's offset from the SIMS centre, in the AFM's nominal frame
    const u = (cos * wx + sin * wy) / scale;
    const v = (-sin * wx + cos * wy) / scale;
    minX = Math.min(minX, u);
    maxX = Math.max(maxX, u);
    minY = Math.min(minY, v);
    maxY = Math.max(maxY, v);
  }
  return { uMin: -halfWidth - minX, uMax: halfWidth - maxX, vMin: -halfHeight - minY, vMax: halfHeight - maxY };
}

/** Converts an offset in the AFM's nominal frame to a world offset. */
export function afmFrameToWorld(u: number, v: number, scale: number, rotationDeg: number): [number, number] {
  const angle = (rotationDeg * Math.PI) / 180;
  return [scale * (Math.cos(angle) * u - Math.sin(angle) * v), scale * (Math.sin(angle) * u + Math.cos(angle) * v)];
}

/** Whether every SIMS field corner maps inside the AFM field (pixel edges) through `simsToAfm`. */
export function simsFieldInside(sims: FieldGrid, afm: FieldGrid, simsToAfm: Matrix3): boolean {
  return fieldCorners(sims).every(([col, row]) => {
    const [c, r] = apply(simsToAfm, col, row);
    return c >= -0.5 && c <= afm.cols - 0.5 && r >= -0.5 && r <= afm.rows - 0.5;
  });
}

export interface ScanTransforms {
  simsToWorld: Matrix3;
  afmBeforeToWorld: Matrix3;
  afmAfterToWorld: Matrix3;
  afmToSims: Matrix3;
  afmAfterToSims: Matrix3;
  afmAfterToAfmBefore: Matrix3;
}

export function scanTransforms(params: Pick<SimulationParams, "sims" | "afm">, geometry: ScanGeometry): ScanTransforms {
  const sims = simsToWorld(params.sims.pixelSize);
  const [scx, scy] = centreOf(params.sims);
  const beforeCentre: [number, number] = [scx - geometry.shift[0], scy - geometry.shift[1]];
  const afterCentre: [number, number] = [beforeCentre[0] + geometry.afterShift[0], beforeCentre[1] + geometry.afterShift[1]];
  const before = afmToWorld(params.afm, geometry.scale, geometry.rotationDeg, beforeCentre);
  const after = afmToWorld(params.afm, geometry.scale, geometry.rotationDeg + geometry.afterRotationDeg, afterCentre);
  const worldToSims = invert(sims);
  return {
    simsToWorld: sims,
    afmBeforeToWorld: before,
    afmAfterToWorld: after,
    afmToSims: multiply(worldToSims, before),
    afmAfterToSims: multiply(worldToSims, after),
    afmAfterToAfmBefore: multiply(invert(before), after),
  };
}

/** World bounding box of a set of grids mapped through their pixel-to-world transforms. */
export function worldBounds(fields: { grid: FieldGrid; toWorld: Matrix3 }[]) {
  let xMin = Infinity;
  let xMax = -Infinity;
  let yMin = Infinity;
  let yMax = -Infinity;
  for (const { grid, toWorld } of fields) {
    for (const [col, row] of fieldCorners(grid)) {
      const [x, y] = apply(toWorld, col, row);
      xMin = Math.min(xMin, x);
      xMax = Math.max(xMax, x);
      yMin = Math.min(yMin, y);
      yMax = Math.max(yMax, y);
    }
  }
  return { xMin, xMax, yMin, yMax };
}
