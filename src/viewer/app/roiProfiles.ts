/**
 * Depth profiles of the viewer's regions, by the same code as `afmsims profile`
 * (src/profile/region.ts), so the chart, the table and the CSV carry the CLI's numbers.
 */
import type { VolumeModel } from "../../model/types.js";
import { profileRegion, type ProfiledRegion } from "../../profile/region.js";

export type RoiProfile = { shape: string; region: ProfiledRegion; problem?: undefined } | { shape: string; region?: undefined; problem: string };

/** Profiles kept for this many distinct shapes: the regions on show and the last few drag positions. */
const CACHE_SIZE = 64;

/**
 * A profiler for one volume that remembers recent shapes, so moving one region does not
 * recompute the others.
 */
export function createRoiProfiler(volume: VolumeModel): (shape: string) => RoiProfile {
  const cache = new Map<string, RoiProfile>();
  return (shape) => {
    const known = cache.get(shape);
    if (known) return known;
    let result: RoiProfile;
    try {
      result = { shape, region: profileRegion(volume, shape) };
    } catch (error) {
      result = { shape, problem: error instanceof Error ? error.message : String(error) };
    }
    if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value!);
    cache.set(shape, result);
    return result;
  };
}
