/**
 * Where the viewer's data comes from. The viewer only ever sees a `VolumeProvider`; the synthetic
 * one serves development and tests, and a file-backed one (HDF5 reader in a worker) plugs in the
 * same way.
 */
import { createContext, useContext } from "react";
import type { VolumeModel } from "../../model/types.js";
import { syntheticVolume, type SyntheticVolumeOptions } from "./syntheticVolume.js";

export interface VolumeProvider {
  /** Shown while loading and in messages, e.g. a file name. */
  readonly title: string;
  /** Rejects with an Error whose message is fit for the user. */
  load(signal: AbortSignal): Promise<VolumeModel>;
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
