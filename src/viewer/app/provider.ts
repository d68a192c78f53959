/**
 * Where the viewer's data comes from. The viewer only ever sees a `VolumeProvider`; the synthetic
 * one serves development and tests, and a file-backed one (HDF5 reader in a worker) plugs in the
 * same way.
 */
import { createContext, useContext } from "react";
import type { VolumeModel } from "../../model/types.js";
import type { TextureLimits } from "../lib/texturePlan.js";
import type { PreparedVolume } from "./loadedVolume.js";
import type { LoadProgress } from "./loadProgress.js";
import { syntheticVolume, type SyntheticVolumeOptions } from "./syntheticVolume.js";

export interface LoadContext {
  /** The GPU's 3D texture limits, for a provider that packs the volume itself (off the main thread). */
  limits: TextureLimits;
  onProgress?: (progress: LoadProgress) => void;
}

export interface VolumeProvider {
  /** Shown while loading and in messages, e.g. a file name. */
  readonly title: string;
  /**
   * The volume, or the volume already prepared for `context.limits`. Rejects with an Error whose
   * message is fit for the user, or with an AbortError once `signal` aborts.
   */
  load(signal: AbortSignal, context: LoadContext): Promise<VolumeModel | PreparedVolume>;
}

export function isPreparedVolume(value: VolumeModel | PreparedVolume): value is PreparedVolume {
  return "packed" in value;
}

export const VolumeProviderContext = createContext<VolumeProvider | null>(null);

export function useVolumeProvider(): VolumeProvider {
  const provider = useContext(VolumeProviderContext);
  if (!provider) throw new Error("the viewer was mounted without a VolumeProvider");
  return provider;
}

export function syntheticVolumeProvider(options: SyntheticVolumeOptions = {}): VolumeProvider {
  return {
    title: "Synthetic salt-crystal sample",
    load: async () => syntheticVolume(options),
  };
}
