import type { H5File, WriteOptions } from "./h5/node.js";
import { writeH5Atomically } from "./h5/node.js";
import type { FloatArray, HeightMap, InputModel } from "../model/types.js";

type Group = ReturnType<H5File["create_group"]>;

export interface WriteInputOptions extends WriteOptions {
  /**
   * Storage type of `/sims/counts` and `/sims/total`: "<H" (u16) or "<I" (u32) for integer counts (a
   * fraction of the size of floats, and what instruments write), "<f" (f32) otherwise.
   */
  countsDtype?: "<H" | "<I" | "<f";
  /** Extra attributes on the root group, for provenance (instrument header fields, ...). */
  rootAttributes?: Record<string, string | number | Float64Array>;
  /** Called with the open file after the contract datasets, to add more (simulator truth, ...). */
  extend?: (h5: H5File) => void;
}

const GZIP_LEVEL = 4;

function chunkShape(shape: number[]): number[] {
  // One image plane per chunk: readers slice layer by layer.
  return shape.map((extent, axis) => (axis < shape.length - 2 ? 1 : extent));
}

function writeHeightMap(group: Group, name: string, map: HeightMap): void {
  const dataset = group.create_dataset({
    name,
    data: map.heights,
    shape: [map.rows, map.cols],
    dtype: "<d",
    chunks: [map.rows, map.cols],
    compression: GZIP_LEVEL,
  });
  dataset.create_attribute("pixel_size", new Float64Array(map.pixelSize));
  dataset.create_attribute("units", "m");
  if (map.origin) dataset.create_attribute("origin", new Float64Array(map.origin));
  if (map.meanDepth !== undefined) dataset.create_attribute("mean_depth", new Float64Array([map.meanDepth]), []);
}

function toStorage(values: FloatArray, dtype: "<H" | "<I" | "<f"): Uint16Array | Uint32Array | Float32Array {
  if (dtype === "<H") return Uint16Array.from(values);
  if (dtype === "<I") return Uint32Array.from(values);
  return values instanceof Float32Array ? values : Float32Array.from(values);
}

/** Writes an `afmsims-input` file (FORMATS.md), atomically. */
export async function writeInput(file: string, model: Omit<InputModel, "source">, options: WriteInputOptions = {}) {
  const { sims } = model;
  const countsDtype = options.countsDtype ?? "<f";
  await writeH5Atomically(file, options, (h5) => {
    h5.create_attribute("format", "afmsims-input");
    h5.create_attribute("version", new Int32Array([1]), []);
    for (const [key, value] of Object.entries(options.rootAttributes ?? {})) {
      h5.create_attribute(key, typeof value === "number" ? new Float64Array([value]) : value, typeof value === "number" ? [] : null);
    }
    const afm = h5.create_group("afm");
    writeHeightMap(afm, "before", model.afmBefore);
    if (model.afmAfter) writeHeightMap(afm, "after", model.afmAfter);

    const group = h5.create_group("sims");
    const countsShape = [sims.layers, sims.channels, sims.rows, sims.cols];
    const counts = group.create_dataset({
      name: "counts",
      data: toStorage(sims.counts, countsDtype),
      shape: countsShape,
      dtype: countsDtype,
      chunks: chunkShape(countsShape),
      compression: GZIP_LEVEL,
    });
    counts.create_attribute("pixel_size", new Float64Array(sims.pixelSize));
    if (sims.origin) counts.create_attribute("origin", new Float64Array(sims.origin));
    if (sims.scansPerLayer !== undefined) counts.create_attribute("scans_per_layer", new Int32Array([sims.scansPerLayer]), []);
    if (sims.shotsPerPixel !== undefined) counts.create_attribute("shots_per_pixel", new Int32Array([sims.shotsPerPixel]), []);
    if (sims.deadTimeCorrected !== undefined) {
      counts.create_attribute("dead_time_corrected", new Uint8Array([sims.deadTimeCorrected ? 1 : 0]), []);
    }
    group.create_dataset({ name: "labels", data: sims.labels, shape: [sims.channels] });
    if (sims.masses) group.create_dataset({ name: "masses", data: sims.masses, shape: [sims.channels], dtype: "<d" });
    if (sims.total) {
      const totalShape = [sims.layers, sims.rows, sims.cols];
      group.create_dataset({
        name: "total",
        data: toStorage(sims.total, countsDtype),
        shape: totalShape,
        dtype: countsDtype,
        chunks: chunkShape(totalShape),
        compression: GZIP_LEVEL,
      });
    }
    if (sims.sputterDose) {
      group.create_dataset({ name: "sputter_dose", data: sims.sputterDose, shape: [sims.layers], dtype: "<d" });
    }
    options.extend?.(h5);
  });
}
