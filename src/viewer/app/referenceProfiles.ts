/**
 * The reference depth profiles (SurfaceLab exports) the user dropped on the viewer, to overlay on
 * the ROI profile chart. One store per viewer instance, like the view stores; it outlives the
 * volume shown, so a reference stays loaded while the user opens another volume.
 */
import { createContext, useContext, useMemo } from "react";
import { createStore, useStore, type StoreApi } from "zustand";
import type { DepthProfile } from "../../importers/surfacelab.js";
import { referenceSeries, type ReferenceAxis, type ReferenceSeries, type ReferenceSeriesOptions } from "./referenceSeries.js";

export interface ReferenceProfile {
  id: number;
  /** The file name. */
  title: string;
  profile: DepthProfile;
  visible: boolean;
}

export interface ReferenceProfileStore {
  profiles: ReferenceProfile[];
  /** Why the last dropped profile could not be read, or null. */
  problem: string | null;
  add(title: string, profile: DepthProfile): void;
  remove(id: number): void;
  toggle(id: number): void;
  fail(problem: string): void;
}

export function createReferenceProfileStore(): StoreApi<ReferenceProfileStore> {
  let nextId = 1;
  return createStore<ReferenceProfileStore>((set) => ({
    profiles: [],
    problem: null,
    add: (title, profile) => set(({ profiles }) => ({ profiles: [...profiles, { id: nextId++, title, profile, visible: true }], problem: null })),
    remove: (id) => set(({ profiles }) => ({ profiles: profiles.filter((p) => p.id !== id) })),
    toggle: (id) => set(({ profiles }) => ({ profiles: profiles.map((p) => (p.id === id ? { ...p, visible: !p.visible } : p)) })),
    fail: (problem) => set({ problem }),
  }));
}

export const ReferenceProfilesContext = createContext<StoreApi<ReferenceProfileStore> | null>(null);

export function useReferenceProfiles<T>(select: (state: ReferenceProfileStore) => T): T {
  const store = useContext(ReferenceProfilesContext);
  if (!store) throw new Error("the viewer was mounted without a reference-profile store");
  return useStore(store, select);
}

/** A reference series for the profile chart, named after its file and ion. */
export interface ChartReferenceSeries extends ReferenceSeries {
  /** Legend text, e.g. "pos.txt: Na_2F+". */
  name: string;
  unit: ReferenceAxis["unit"];
}

/** The chartable series of every visible reference profile: the matched ions, in profile and ion order. */
export function chartReferenceSeries(profiles: readonly ReferenceProfile[], channelLabels: readonly string[], options: ReferenceSeriesOptions = {}): ChartReferenceSeries[] {
  return profiles
    .filter((reference) => reference.visible)
    .flatMap((reference) => {
      const { unit, series } = referenceSeries(reference.profile, channelLabels, options);
      return series.map((s) => ({ ...s, name: `${reference.title}: ${s.ion}`, unit }));
    });
}

/** `chartReferenceSeries` of the viewer's reference-profile store, recomputed when the profiles change. */
export function useReferenceSeries(channelLabels: readonly string[], options: ReferenceSeriesOptions = {}): ChartReferenceSeries[] {
  const profiles = useReferenceProfiles((s) => s.profiles);
  const { sputterRate, includeUnmatched } = options;
  return useMemo(() => chartReferenceSeries(profiles, channelLabels, { sputterRate, includeUnmatched }), [profiles, channelLabels, sputterRate, includeUnmatched]);
}
