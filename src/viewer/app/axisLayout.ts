/**
 * Axes of the data box: x and y in micrometres along the front and left bottom edges, depth in
 * nanometres below the top of the voxel grid along the front-right vertical edge (so no corner
 * carries the labels of two axes).
 */
import type { AxisLayout, Point } from "../lib/BoxAxes.js";
import { niceTicks } from "../lib/ticks.js";
import type { WorldBox } from "./sceneGeometry.js";

const NM_PER_WORLD_UNIT = 1000;

export function axisLayout(box: WorldBox, zExaggeration: number): AxisLayout[] {
  const [x0, y0, z0] = box.min;
  const [width, depth, height] = box.size;
  const tickLength = 0.015 * Math.max(width, depth);
  const depthNm = (height / zExaggeration) * NM_PER_WORLD_UNIT;

  const xTicks = niceTicks(0, width, 5);
  const yTicks = niceTicks(0, depth, 5);
  const zTicks = niceTicks(0, depthNm, 4);
  // The unit goes on the last tick only, as on a scale bar: titles in 3D collide with tick labels.
  const labelled = (values: number[], decimals: number, unit: string) =>
    values.map((v, i) => (i === values.length - 1 ? `${v.toFixed(decimals)} ${unit}` : v.toFixed(decimals)));
  const top = z0 + height;

  const right = x0 + width;
  return [
    {
      outward: [0, -tickLength, 0],
      labelAnchor: 0.5,
      // The last label ends at its tick: the depth axis's labels start at that corner.
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
    {
      outward: [tickLength, 0, 0],
      labelAnchor: 0,
      ticks: zip(
        zTicks.values.map((v) => [right, y0, top - (v / NM_PER_WORLD_UNIT) * zExaggeration] as Point),
        labelled(zTicks.values, zTicks.decimals, "nm"),
      ),
    },
  ];
}

function zip(points: Point[], labels: string[]): { at: Point; label: string }[] {
  return points.map((at, i) => ({ at, label: labels[i] }));
}
