import type { HeightMap } from "../model/types.js";
import { locate, nonFinite } from "./checks.js";
import type { Dataset } from "./h5/api.js";
import type { ContractReader } from "./h5/contractReader.js";

/** Factor from a height dataset's `units` to metres; the product matches numpy's `value * 1e-9`. */
const UNIT_SCALE: Record<string, number> = { m: 1, um: 1e-6, "µm": 1e-6, "μm": 1e-6, nm: 1e-9 };

const AXES = ["row", "col"] as const;

/** A height dataset whose shape and attributes are checked and whose values are not read yet. */
export interface HeightMapPlan {
  dataset: Dataset;
  rows: number;
  cols: number;
  scale: number;
  pixelSize: [number, number];
  origin?: [number, number];
  meanDepth?: number;
}

export function planHeightMap(reader: ContractReader, dataset: Dataset, withMeanDepth: boolean): HeightMapPlan {
  const [rows, cols] = reader.shape(dataset, AXES);
  reader.numericStorage(dataset);
  reader.checkSize(dataset, [rows, cols], 8);
  const [dy, dx] = reader.positiveSizes(dataset, "pixel_size", ["dy", "dx"]);
  const units = reader.string(dataset, "units") ?? "m";
  const scale = UNIT_SCALE[units];
  if (scale === undefined) throw reader.fail(dataset.path, `units "${units}" is not one of "m", "um", "nm"`);
  const plan: HeightMapPlan = { dataset, rows, cols, scale, pixelSize: [dy, dx] };
  const origin = reader.pair(dataset, "origin");
  if (origin) plan.origin = origin;
  if (withMeanDepth) {
    const meanDepth = reader.number(dataset, "mean_depth");
    if (meanDepth !== undefined && !(meanDepth > 0)) {
      // A depth that is not positive would clamp every removed depth to 0: a volume of nothing.
      throw reader.fail(dataset.path, `attribute "mean_depth" must be a positive depth (m), found ${meanDepth}`);
    }
    if (meanDepth !== undefined) plan.meanDepth = meanDepth;
  }
  return plan;
}

/** Reads the heights in metres; any non-finite height is refused, with how many and where the first is. */
export function readHeightMap(reader: ContractReader, plan: HeightMapPlan): HeightMap {
  const { dataset, rows, cols, scale } = plan;
  const heights = reader.readNumbers(dataset, [rows, cols], AXES, false) as Float64Array;
  if (scale !== 1) for (let i = 0; i < heights.length; i++) heights[i] *= scale;
  const bad = nonFinite(heights);
  if (bad.count > 0) {
    throw reader.fail(dataset.path, `${bad.count} non-finite height${bad.count === 1 ? "" : "s"} (the first at ${locate(bad.first, [rows, cols], AXES)})`);
  }
  const map: HeightMap = { heights, rows, cols, pixelSize: plan.pixelSize };
  if (plan.origin) map.origin = plan.origin;
  if (plan.meanDepth !== undefined) map.meanDepth = plan.meanDepth;
  return map;
}
