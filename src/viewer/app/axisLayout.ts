/**
 * Axes of the data box: x and y in micrometres along the front and left bottom edges, and a
 * vertical axis in nanometres along the front-right vertical edge (so no corner carries the
 * labels of two axes): depth below the top of the voxel grid for a volume, height for an AFM map.
 */
import type { AxisLayout, Point } from "../lib/BoxAxes.js";
import { niceTicks } from "../lib/ticks.js";
import { WORLD_UNITS_PER_METRE, type WorldBox } from "./sceneGeometry.js";

const NM_PER_WORLD_UNIT = 1000;

// The unit goes on the last tick only, as on a scale bar: titles in 3D collide with tick labels.
function labelled(values: number[], decimals: number, unit: string): string[] {
  return values.map((v, i) => (i === values.length - 1 ? `${v.toFixed(decimals)} ${unit}` : v.toFixed(decimals)));
}

/** The volume's axes: x and y in µm, depth in nm below the top of the box. */
export function axisLayout(box: WorldBox, zExaggeration: number): AxisLayout[] {
  const height = box.size[2];
  const depthNm = (height / zExaggeration) * NM_PER_WORLD_UNIT;
  const zTicks = niceTicks(0, depthNm, 4);
  const top = box.min[2] + height;
  return [
    ...lateralAxes(box),
    verticalAxis(box, zTicks.values.map((v) => top - (v / NM_PER_WORLD_UNIT) * zExaggeration), labelled(zTicks.values, zTicks.decimals, "nm")),
  ];
}

/** The unit a height axis is labelled in: its name and how many of it make a metre of height. */
export interface HeightUnit {
  unit: string;
  perMetre: number;
}

export const NANOMETRES: HeightUnit = { unit: "nm", perMetre: 1e9 };

/**
 * A height map's axes: x and y in µm, height in `unit` from `lowest` (in that unit) at the bottom
 * of the box to the top of the box.
 */
export function heightAxisLayout(box: WorldBox, zExaggeration: number, lowest: number, { unit, perMetre }: HeightUnit): AxisLayout[] {
  const worldPerUnit = (WORLD_UNITS_PER_METRE * zExaggeration) / perMetre;
  const zTicks = niceTicks(lowest, lowest + box.size[2] / worldPerUnit, 5);
  return [
    ...lateralAxes(box),
    verticalAxis(box, zTicks.values.map((v) => box.min[2] + (v - lowest) * worldPerUnit), labelled(zTicks.values, zTicks.decimals, unit)),
  ];
}

function lateralAxes(box: WorldBox): AxisLayout[] {
  const [x0, y0, z0] = box.min;
  const [width, depth] = box.size;
  const tickLength = 0.015 * Math.max(width, depth);
  const xTicks = niceTicks(0, width, 5);
  const yTicks = niceTicks(0, depth, 5);
  return [
    {
      outward: [0, -tickLength, 0],
      labelAnchor: 0.5,
      // The last label ends at its tick: the vertical axis's labels start at that corner.
      ticks: zip(
        xTicks.values.map((v) => [x0 + v, y0, z0] as Point),
        labelled(xTicks.values, xTicks.decimals, "µm"),
      ).map((tick, i, all) => (i === all.length - 1 && xTicks.values[i] >= width * 0.95 ? { ...tick, anchor: 1 } : tick)),
    },
    {
      outward: [-tickLength, 0, 0],
      // Right-aligned, so the front label ends before the corner where the x axis starts.
      labelAnchor: 1,
      // Row 0 is at the back, so y counts from there, as in the 2-D image.
      ticks: zip(
        yTicks.values.map((v) => [x0, y0 + depth - v, z0] as Point),
        labelled(yTicks.values, yTicks.decimals, "µm"),
      ),
    },
  ];
}

/** Ticks at world heights `zs` on the front-right vertical edge. */
function verticalAxis(box: WorldBox, zs: number[], labels: string[]): AxisLayout {
  const tickLength = 0.015 * Math.max(box.size[0], box.size[1]);
  const right = box.min[0] + box.size[0];
  return {
    outward: [tickLength, 0, 0],
    labelAnchor: 0,
    ticks: zip(zs.map((z) => [right, box.min[1], z] as Point), labels),
  };
}

function zip(points: Point[], labels: string[]): { at: Point; label: string }[] {
  return points.map((at, i) => ({ at, label: labels[i] }));
}
