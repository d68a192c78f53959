/**
 * Depth profiles of the viewer's regions, by the same code as `afmsims profile`
 * (src/profile/region.ts), so the chart, the table and the CSV carry the CLI's numbers.
 *
 * A region being drawn or moved is profiled as a draft: from at most DRAFT_PIXELS of its pixels
 * (every k-th in raster order), so a drag across a 512 x 512 x 150 volume stays interactive; the
 * exact profile follows on release, from the profile worker (workerProfiles.ts).
 */
import type { VolumeModel } from "../../model/types.js";
import { roiMask } from "../../profile/mask.js";
import { regionProfile, type RegionProfile } from "../../profile/profile.js";
import { profileRegion, type ProfiledRegion } from "../../profile/region.js";
import { parseRoi } from "../../profile/roi.js";

export type RoiProfile =
  | { shape: string; problem: string; region?: undefined; draft?: undefined }
  | { shape: string; region: ProfiledRegion; problem?: undefined; draft?: undefined }
  | { shape: string; draft: { profile: RegionProfile; pixels: number; used: number }; problem?: undefined; region?: undefined };

export interface RoiProfiler {
  exact(shape: string): RoiProfile;
  /** A profile from a sample of the region's pixels when it has more than DRAFT_PIXELS. */
  draft(shape: string): RoiProfile;
}

export const DRAFT_PIXELS = 1024;

/** Profiles kept for this many distinct shapes: the regions on show and the last few drag positions. */
const CACHE_SIZE = 64;

/** The profile a chart draws: exact or draft. */
export function chartedProfile(result: RoiProfile): RegionProfile | null {
  return result.region?.profile ?? result.draft?.profile ?? null;
}

/**
 * A profiler for one volume that remembers recent shapes, so moving one region does not
 * recompute the others.
 */
export function createRoiProfiler(volume: VolumeModel): RoiProfiler {
  const exactCache = new Map<string, RoiProfile>();
  const exact = (shape: string) =>
    cached(exactCache, shape, () => {
      try {
        return { shape, region: profileRegion(volume, shape) };
      } catch (error) {
        return { shape, problem: message(error) };
      }
    });
  const draft = (shape: string): RoiProfile => {
    if (exactCache.has(shape)) return exactCache.get(shape)!;
    let mask: Uint8Array;
    let pixels: number;
    try {
      ({ mask, pixels } = roiMask(parseRoi(shape), {
        rows: volume.rows,
        cols: volume.cols,
        pixelSize: [volume.voxelSize[1], volume.voxelSize[2]],
        source: volume.source,
      }));
    } catch (error) {
      return { shape, problem: message(error) };
    }
    if (pixels <= DRAFT_PIXELS) return exact(shape);
    const { sample, used } = thinMask(mask, Math.ceil(pixels / DRAFT_PIXELS));
    return { shape, draft: { profile: regionProfile(volume, sample), pixels, used } };
  };
  return { exact, draft };
}

/** Every `stride`-th pixel of `mask`, in raster order. */
export function thinMask(mask: Uint8Array, stride: number): { sample: Uint8Array; used: number } {
  const sample = new Uint8Array(mask.length);
  let seen = 0;
  let used = 0;
  for (let p = 0; p < mask.length; p++) {
    if (!mask[p]) continue;
    if (seen++ % stride === 0) {
      sample[p] = 1;
      used++;
    }
  }
  return { sample, used };
}

function cached(cache: Map<string, RoiProfile>, shape: string, compute: () => RoiProfile): RoiProfile {
  const known = cache.get(shape);
  if (known) return known;
  const result = compute();
  if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value!);
  cache.set(shape, result);
  return result;
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
