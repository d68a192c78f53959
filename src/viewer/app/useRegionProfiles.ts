import { useEffect, useMemo, useState } from "react";
import type { VolumeModel } from "../../model/types.js";
import type { RoiProfile } from "./roiProfiles.js";
import { createLiveProfiler, type RegionRequest } from "./workerProfiles.js";

/**
 * The profiles to show for `regions` (which must keep their identity while unchanged): drafts at
 * once, each replaced by its exact profile when the worker sends it.
 */
export function useRegionProfiles(volume: VolumeModel, regions: readonly RegionRequest[]): RoiProfile[] {
  const profiler = useMemo(() => createLiveProfiler(volume), [volume]);
  const [answers, setAnswers] = useState(0);
  useEffect(() => {
    const unsubscribe = profiler.subscribe(() => setAnswers((count) => count + 1));
    profiler.start();
    return () => {
      unsubscribe();
      profiler.dispose();
    };
  }, [profiler]);
  useEffect(() => profiler.want(regions), [profiler, regions, answers]);
  return useMemo(() => profiler.profiles(regions), [profiler, regions, answers]);
}
