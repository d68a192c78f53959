/**
 * Where an AFM height map sits in the 3D scene, in the viewer's world units (micrometres, x along
 * columns, y against rows so row 0 is at the back, z up): a box from the lowest to the highest
 * height, scaled by the z exaggeration, centred on the map.
 */
import type { AxisLayout } from "../lib/BoxAxes.js";
import { heightAxisLayout, NANOMETRES, type HeightUnit } from "./axisLayout.js";
import { defaultZExaggeration, WORLD_UNITS_PER_METRE, type WorldBox } from "./sceneGeometry.js";

export interface HeightMapExtent {
  rows: number;
  cols: number;
  /** `[dy, dx]`, metres. */
  pixelSize: readonly [number, number];
}

export interface HeightMapLayout {
  box: WorldBox;
  /** SurfaceMesh placement: world x, y of pixel (0, 0), world step per column and row, z = height * zScale + zOffset. */
  origin: readonly [number, number];
  step: readonly [number, number];
  zScale: number;
  zOffset: number;
  axes: AxisLayout[];
}

/** A flat map still gets a box a nanometre high, so the scene never collapses to a plane. */
const MIN_SPAN = 1e-9;

function span([low, high]: readonly [number, number]): number {
  return Math.max(high - low, MIN_SPAN);
}

/** The z exaggeration that makes the relief about a third of the map's width (1, 2 or 5 x 10^n). */
export function defaultHeightExaggeration(map: HeightMapExtent, range: readonly [number, number]): number {
  return defaultZExaggeration({ rows: map.rows, cols: map.cols, nz: 1, voxelSize: [span(range), ...map.pixelSize], zTop: 0 });
}

/** `axisUnit` labels the height axis: nanometres by default. */
export function heightMapLayout(
  map: HeightMapExtent,
  range: readonly [number, number],
  zExaggeration: number,
  axisUnit: HeightUnit = NANOMETRES,
): HeightMapLayout {
  const [dy, dx] = map.pixelSize;
  const width = map.cols * dx * WORLD_UNITS_PER_METRE;
  const depth = map.rows * dy * WORLD_UNITS_PER_METRE;
  const zScale = WORLD_UNITS_PER_METRE * zExaggeration;
  const box: WorldBox = { min: [-width / 2, -depth / 2, 0], size: [width, depth, span(range) * zScale] };
  return {
    box,
    origin: [-width / 2 + (dx * WORLD_UNITS_PER_METRE) / 2, depth / 2 - (dy * WORLD_UNITS_PER_METRE) / 2],
    step: [dx * WORLD_UNITS_PER_METRE, -dy * WORLD_UNITS_PER_METRE],
    zScale,
    zOffset: -range[0] * zScale,
    axes: heightAxisLayout(box, zExaggeration, range[0] * axisUnit.perMetre, axisUnit),
  };
}

export interface ReliefScale {
  /** Metres of drawn relief per unit of the values. */
  metresPerValue: number;
  axisUnit: HeightUnit;
}

/**
 * How values become relief: heights in metres as they are, with a nm axis; other values (a phase
 * in degrees, a unitless export) as a relief a third as tall as the map is wide, with the axis in
 * their own unit, so the surface still shows their shape.
 */
export function reliefScale(map: HeightMapExtent, valueRange: readonly [number, number], units: string): ReliefScale {
  if (units === "m") return { metresPerValue: 1, axisUnit: NANOMETRES };
  const width = Math.max(map.cols * map.pixelSize[1], map.rows * map.pixelSize[0]);
  const metresPerValue = width / (3 * (valueRange[1] - valueRange[0] || 1));
  return { metresPerValue, axisUnit: { unit: units || "(no unit)", perMetre: 1 / metresPerValue } };
}
