import { AfmsimsError, fileError } from "../errors.js";
import { summariseImage, type FileDescription, type ImageSummary } from "../model/describe.js";
import type { HeightMap, InputModel } from "../model/types.js";
import type { Group } from "./h5/api.js";
import { ContractReader } from "./h5/contractReader.js";
import { withH5Read } from "./h5/node.js";
import { declaredFormat } from "./formatAttribute.js";
import { nodeMemoryLimit } from "./nodeFiles.js";
import { INPUT_FORMAT, readInputH5 } from "./readInput.js";
import { readVolumeHeaderH5, VOLUME_FORMAT, type VolumeHeader } from "./readVolume.js";

/** The afmsims format an HDF5 file declares, or the one its datasets imply when it declares none. */
function detectFormat(h5: Group, file: string): string {
  const reader = new ContractReader(file, h5, nodeMemoryLimit());
  const declared = declaredFormat(reader);
  if (declared !== undefined) return declared;
  if (reader.optionalDataset("/volume/data")) return VOLUME_FORMAT;
  if (reader.optionalDataset("/sims/counts") || reader.optionalDataset("/afm/before")) return INPUT_FORMAT;
  throw fileError(file, "an HDF5 file, but not an afmsims input or volume (it has no /afm/before, /sims/counts or /volume/data)");
}

function heightImage(title: string, map: HeightMap): ImageSummary {
  return summariseImage(title, map.heights, map.rows, map.cols, map.pixelSize, "m");
}

/** The layer-0 total-ion image: `/sims/total` when present, otherwise the sum of the channels. */
function totalIonLayer0(model: InputModel): Float64Array {
  const { sims } = model;
  const planeSize = sims.rows * sims.cols;
  if (sims.total) return Float64Array.from(sims.total.subarray(0, planeSize));
  const sum = new Float64Array(planeSize);
  for (let channel = 0; channel < sims.channels; channel++) {
    const plane = sims.counts.subarray(channel * planeSize, (channel + 1) * planeSize);
    for (let i = 0; i < planeSize; i++) sum[i] += plane[i];
  }
  return sum;
}

function describeInput(file: string, model: InputModel, hasTruth: boolean): FileDescription {
  const { sims, afmBefore, afmAfter } = model;
  const images = [heightImage("afm/before", afmBefore)];
  if (afmAfter) images.push(heightImage("afm/after", afmAfter));
  images.push(summariseImage("sims/total[0]", totalIonLayer0(model), sims.rows, sims.cols, sims.pixelSize, "counts"));
  const afm = (map: HeightMap) => ({ shape: [map.rows, map.cols], pixel_size: [...map.pixelSize], origin: map.origin, mean_depth: map.meanDepth });
  return {
    file,
    format: INPUT_FORMAT,
    valid: true,
    problems: [],
    images,
    details: {
      afm_before: afm(afmBefore),
      afm_after: afmAfter ? afm(afmAfter) : null,
      sims_shape: [sims.layers, sims.channels, sims.rows, sims.cols],
      layers: sims.layers,
      channels: sims.channels,
      labels: sims.labels,
      masses: sims.masses ? Array.from(sims.masses) : null,
      sims_pixel_size: [...sims.pixelSize],
      sims_origin: sims.origin ?? null,
      scans_per_layer: sims.scansPerLayer ?? null,
      shots_per_pixel: sims.shotsPerPixel ?? null,
      dead_time_corrected: sims.deadTimeCorrected ?? null,
      has_total: sims.total !== undefined,
      has_sputter_dose: sims.sputterDose !== undefined,
      mean_depth: afmAfter?.meanDepth ?? null,
      truth: hasTruth,
    },
  };
}

function describeVolume(file: string, model: VolumeHeader): FileDescription {
  const { rows, cols, voxelSize } = model;
  const pixelSize = [voxelSize[1], voxelSize[2]] as const;
  return {
    file,
    format: VOLUME_FORMAT,
    valid: true,
    problems: [],
    images: [
      summariseImage("surface/before", model.surfaceBefore, rows, cols, pixelSize, "m"),
      summariseImage("surface/after", model.surfaceAfter, rows, cols, pixelSize, "m"),
    ],
    details: {
      data_shape: [model.channels, model.nz, rows, cols],
      channels: model.channels,
      labels: model.labels,
      nz: model.nz,
      layers: model.layers,
      voxel_size: [...voxelSize],
      z_top: model.zTop,
      afm_to_sims: Array.from(model.afmToSims),
      afm_after_to_sims: model.afmAfterToSims ? Array.from(model.afmAfterToSims) : null,
      attributes: model.attributes ?? {},
    },
  };
}

/** The problem of an error worded `FILE: problem`, without the file. */
function problemOf(file: string, err: AfmsimsError): string {
  const prefix = `${file}: `;
  return err.message.startsWith(prefix) ? err.message.slice(prefix.length) : err.message;
}

/**
 * What an afmsims input or volume file holds and whether it is valid (`afmsims info`). A file
 * that is missing, not HDF5 or truncated throws; a contract violation is reported in `problems`.
 */
export async function describeAfmsimsFile(file: string): Promise<FileDescription> {
  return withH5Read(file, (h5) => {
    const format = detectFormat(h5, file);
    try {
      if (format === VOLUME_FORMAT) return describeVolume(file, readVolumeHeaderH5(h5, file, nodeMemoryLimit()));
      if (format === INPUT_FORMAT) return describeInput(file, readInputH5(h5, file, nodeMemoryLimit()), h5.get("/truth") !== null);
      throw fileError(file, `root attribute format "${format}" is not "${INPUT_FORMAT}" or "${VOLUME_FORMAT}"`);
    } catch (err) {
      if (!(err instanceof AfmsimsError)) throw err;
      return { file, format, valid: false, problems: [problemOf(file, err)], images: [], details: {} };
    }
  });
}
