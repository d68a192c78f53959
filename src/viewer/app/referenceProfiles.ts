/**
 * The reference depth profiles (SurfaceLab exports) the user dropped on the viewer, to overlay on
 * the ROI profile chart. One store per viewer instance, like the view stores; it outlives the
 * volume shown, so a reference stays loaded while the user opens another volume.
 */
import { createContext, useContext, useMemo } from "react";
import { createStore, useStore, type StoreApi } from "zustand";
import type { DepthProfile } from "../../importers/surfacelab.js";
import type { LoadedVolume } from "./loadedVolume.js";
import { binOntoVoxelDepths, referenceSeries, sputteredDepth, stretchedRate } from "./referenceSeries.js";

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
  /** Depth of the volume's voxel-layer centres, nm, where the reference has samples. */
  x: Float64Array;
  /** Mean reference intensity over each voxel layer. */
  intensity: Float64Array;
  /** The volume channel the ion matches. */
  channel: number;
}

/** The volume's depth extent the references are placed on: how deep it sputtered and its voxel height, metres. */
export interface DepthGrid {
  depth: number;
  dz: number;
}

/**
 * The chartable series of every visible reference profile (the ions that match a channel), over
 * depth: at the rate the user entered, else with its sputter time stretched over the volume's
 * sputtered depth; averaged into the volume's voxel layers.
 */
export function chartReferences(profiles: readonly ReferenceProfile[], channelLabels: readonly string[], grid: DepthGrid): ChartReference[] {
  return profiles
    .filter((reference) => reference.visible)
    .flatMap((reference) => {
      const sputterRate = reference.sputterRate ?? stretchedRate(reference.profile, grid.depth);
      if (sputterRate === undefined) return [];
      return referenceSeries(reference.profile, channelLabels, sputterRate).map((s) => {
        const binned = binOntoVoxelDepths(s.x, s.y, grid.dz);
        return { label: `${reference.title}: ${s.ion}`, x: binned.x, intensity: binned.y, channel: s.channel };
      });
    });
}

/** The depth grid of the volume shown. */
export function volumeDepthGrid({ volume }: LoadedVolume): DepthGrid {
  return { depth: sputteredDepth(volume.layerDepth, volume.layers, volume.rows * volume.cols), dz: volume.voxelSize[0] };
}

/** `chartReferences` of the viewer's reference-profile store for the volume shown. */
export function useReferenceSeries(loaded: LoadedVolume): ChartReference[] {
  const profiles = useReferenceProfiles((s) => s.profiles);
  return useMemo(() => chartReferences(profiles, loaded.labels, volumeDepthGrid(loaded)), [profiles, loaded]);
}
