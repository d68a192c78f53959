import { fileError } from "../errors.js";
import type { VolumeModel } from "../model/types.js";
import { profileCsv, profileJson, type ProfileContext } from "./format.js";
import { roiMask } from "./mask.js";
import { regionProfile, type ProfileAxis, type RegionProfile } from "./profile.js";
import { parseRoi } from "./roi.js";

/**
 * `afmsims profile` without the file handling: the region spec as typed on the command line
 * in, the profile and its CSV and JSON forms out.
 */
export interface ProfiledRegion {
  profile: RegionProfile;
  context: ProfileContext;
  csv(): string;
  json(): string;
}

export function profileRegion(
  volume: VolumeModel,
  roiText: string,
  axis: ProfileAxis = "depth",
  valueUnits: string | undefined = volumeValueUnits(volume),
): ProfiledRegion {
  const roi = parseRoi(roiText);
  const { mask, pixels } = roiMask(roi, {
    rows: volume.rows,
    cols: volume.cols,
    pixelSize: [volume.voxelSize[1], volume.voxelSize[2]],
    source: volume.source,
  });
  const profile = regionProfile(volume, mask, axis);
  if (profile.positions.length === 0) {
    throw fileError(volume.source, `ROI "${roiText}" covers ${pixels} pixels, none of which has voxel data`);
  }
  const context: ProfileContext = { source: volume.source, roi: roiText, pixels, labels: volume.labels, dz: volume.voxelSize[0], valueUnits };
  return profiledRegion(profile, context);
}

/** A profile and its context with their text forms (e.g. for a profile computed in a worker). */
export function profiledRegion(profile: RegionProfile, context: ProfileContext): ProfiledRegion {
  return { profile, context, csv: () => profileCsv(profile, context), json: () => profileJson(profile, context) };
}

/** What the volume's values mean when its writer said so (root attribute `value_units`). */
export function volumeValueUnits(volume: VolumeModel): string | undefined {
  const units = volume.attributes?.value_units;
  return typeof units === "string" ? units : undefined;
}
