import type { FloatArray, SimsStack } from "../model/types.js";
import { locate, nonFinite } from "./checks.js";
import type { Dataset } from "./h5/api.js";
import type { ContractReader } from "./h5/contractReader.js";

const COUNT_AXES = ["layer", "channel", "row", "col"] as const;
const TOTAL_AXES = ["layer", "row", "col"] as const;

/** The SIMS datasets with shapes and attributes checked; bulk values not read yet. */
export interface SimsPlan {
  counts: Dataset;
  shape: [number, number, number, number];
  labels: string[];
  masses?: Dataset;
  total?: Dataset;
  sputterDose?: Dataset;
  attributes: Pick<SimsStack, "pixelSize" | "origin" | "scansPerLayer" | "shotsPerPixel" | "deadTimeCorrected">;
}

export function planSims(reader: ContractReader): SimsPlan {
  const counts = reader.dataset("/sims/counts");
  const [layers, channels, rows, cols] = reader.shape(counts, COUNT_AXES);
  reader.numericStorage(counts);
  const countsShape = `/sims/counts [layers, channels, rows, cols] ${JSON.stringify([layers, channels, rows, cols])}`;

  const labelsDataset = reader.dataset("/sims/labels");
  reader.expectShape(labelsDataset, reader.shape(labelsDataset, ["channel"]), [channels], countsShape);
  const labels = reader.readStrings(labelsDataset);

  const masses = reader.optionalDataset("/sims/masses");
  if (masses) reader.expectShape(masses, reader.shape(masses, ["channel"]), [channels], countsShape);
  const total = reader.optionalDataset("/sims/total");
  if (total) reader.expectShape(total, reader.shape(total, TOTAL_AXES), [layers, rows, cols], countsShape);
  const sputterDose = reader.optionalDataset("/sims/sputter_dose");
  if (sputterDose) reader.expectShape(sputterDose, reader.shape(sputterDose, ["layer"]), [layers], countsShape);

  const [dy, dx] = reader.positiveSizes(counts, "pixel_size", ["dy", "dx"]);
  const attributes: SimsPlan["attributes"] = { pixelSize: [dy, dx] };
  const origin = reader.pair(counts, "origin");
  if (origin) attributes.origin = origin;
  const scansPerLayer = reader.positiveInteger(counts, "scans_per_layer");
  if (scansPerLayer !== undefined) attributes.scansPerLayer = scansPerLayer;
  const shotsPerPixel = reader.positiveInteger(counts, "shots_per_pixel");
  if (shotsPerPixel !== undefined) attributes.shotsPerPixel = shotsPerPixel;
  const deadTimeCorrected = reader.boolean(counts, "dead_time_corrected");
  if (deadTimeCorrected !== undefined) attributes.deadTimeCorrected = deadTimeCorrected;

  return { counts, shape: [layers, channels, rows, cols], labels, masses, total, sputterDose, attributes };
}

/** Size checks of every bulk dataset, so an oversized one is refused before any is read. */
export function checkSimsSizes(reader: ContractReader, plan: SimsPlan): void {
  const [layers, , rows, cols] = plan.shape;
  reader.checkReadSize(plan.counts, plan.shape, true);
  if (plan.total) reader.checkReadSize(plan.total, [layers, rows, cols], true);
}

function readCountsLike(reader: ContractReader, dataset: Dataset, shape: number[], axes: readonly string[]): FloatArray {
  const { values, bad } = reader.readCheckedNumbers(dataset, shape, axes, true, "nonNegative");
  if (bad.count > 0) {
    throw reader.fail(
      dataset.path,
      `${bad.count} negative or non-finite counts (the first, ${values[bad.first]}, at ${locate(bad.first, shape, axes)})`,
    );
  }
  return values;
}

export function readSims(reader: ContractReader, plan: SimsPlan): SimsStack {
  const [layers, channels, rows, cols] = plan.shape;
  const stack: SimsStack = {
    counts: readCountsLike(reader, plan.counts, plan.shape, COUNT_AXES),
    layers,
    channels,
    rows,
    cols,
    labels: plan.labels,
    ...plan.attributes,
  };
  if (plan.total) stack.total = readCountsLike(reader, plan.total, [layers, rows, cols], TOTAL_AXES);
  if (plan.masses) stack.masses = reader.readNumbers(plan.masses, [channels], ["channel"], false) as Float64Array;
  if (plan.sputterDose) stack.sputterDose = readSputterDose(reader, plan.sputterDose, layers);
  return stack;
}

function readSputterDose(reader: ContractReader, dataset: Dataset, layers: number): Float64Array {
  const dose = reader.readNumbers(dataset, [layers], ["layer"], false) as Float64Array;
  const bad = nonFinite(dose);
  if (bad.count > 0) throw reader.fail(dataset.path, `${bad.count} non-finite values (the first at layer ${bad.first})`);
  const decrease = dose.findIndex((value, i) => i > 0 && value < dose[i - 1]);
  if (decrease > 0) {
    throw reader.fail(dataset.path, `must not decrease (it is cumulative), but layer ${decrease} has ${dose[decrease]} after ${dose[decrease - 1]}`);
  }
  return dose;
}
