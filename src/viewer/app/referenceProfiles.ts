/**
 * The reference depth profiles (SurfaceLab exports) the user dropped on the viewer, to overlay on
 * the ROI profile chart. One store per viewer instance, like the view stores; it outlives the
 * volume shown, so a reference stays loaded while the user opens another volume.
 */
import { createContext, useContext, useMemo } from "react";
import { createStore, useStore, type StoreApi } from "zustand";
import type { DepthProfile } from "../../importers/surfacelab.js";
import type { LoadedVolume } from "./loadedVolume.js";
import { referenceSeries, sputteredDepth, stretchedRate } from "./referenceSeries.js";

export interface ReferenceProfile {
  id: number;
  /** The file name. */
  title: string;
  profile: DepthProfile;
  visible: boolean;
  /** Metres per second of sputter time, as the user entered it; absent: stretched over the volume's depth. */
  sputterRate?: number;
}

export interface ReferenceProfileStore {
  profiles: ReferenceProfile[];
  /** Why the last dropped profile could not be read, or null. */
  problem: string | null;
  add(title: string, profile: DepthProfile): void;
  remove(id: number): void;
  toggle(id: number): void;
  setSputterRate(id: number, rate: number | undefined): void;
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
    setSputterRate: (id, rate) => set(({ profiles }) => ({ profiles: profiles.map((p) => (p.id === id ? { ...p, sputterRate: rate } : p)) })),
    fail: (problem) => set({ problem }),
  }));
}

export const ReferenceProfilesContext = createContext<StoreApi<ReferenceProfileStore> | null>(null);

export function useReferenceProfiles<T>(select: (state: ReferenceProfileStore) => T): T {
  const store = useContext(ReferenceProfilesContext);
  if (!store) throw new Error("the viewer was mounted without a reference-profile store");
  return useStore(store, select);
}

/** A reference series as the ROI profile chart draws it (lib/ProfileChart's ReferenceSeries): x in nm. */
export interface ChartReference {
  /** Legend text, e.g. "pos.txt: Na_2F+". */
  label: string;
  /** Depth, nm. */
  x: Float64Array;
  intensity: Float64Array;
  /** The volume channel the ion matches. */
  channel: number;
}

/**
 * The chartable series of every visible reference profile (the ions that match a channel), over
 * depth: at the rate the user entered, else with its sputter time stretched over `depth` (metres,
 * the volume's sputtered depth).
 */
export function chartReferences(profiles: readonly ReferenceProfile[], channelLabels: readonly string[], depth: number): ChartReference[] {
  return profiles
    .filter((reference) => reference.visible)
    .flatMap((reference) => {
      const sputterRate = reference.sputterRate ?? stretchedRate(reference.profile, depth);
      if (sputterRate === undefined) return [];
      return referenceSeries(reference.profile, channelLabels, { sputterRate }).series.map((s) => ({
        label: `${reference.title}: ${s.ion}`,
        x: s.x,
        intensity: s.y,
        channel: s.channel!,
      }));
    });
}

/** How deep the volume sputtered, metres. */
export function volumeDepth({ volume }: LoadedVolume): number {
  return sputteredDepth(volume.layerDepth, volume.layers, volume.rows * volume.cols);
}

/** `chartReferences` of the viewer's reference-profile store for the volume shown. */
export function useReferenceSeries(loaded: LoadedVolume): ChartReference[] {
  const profiles = useReferenceProfiles((s) => s.profiles);
  return useMemo(() => chartReferences(profiles, loaded.labels, volumeDepth(loaded)), [profiles, loaded]);
}
