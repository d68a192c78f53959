/**
 * The viewer's one entry for a file the user opens or drops: afmsims volumes go to the volume
 * provider, AFM image files to the height-map view, SurfaceLab depth profiles to the reference
 * profiles. The importers load on first use, so the page itself stays small.
 */
import { AfmsimsError } from "../../errors.js";
import type { DepthProfile } from "../../importers/surfacelab.js";
import { fetchFile, fileVolumeProvider, urlFileName } from "./fileProviders.js";
import type { HeightMapProvider } from "./heightMapProvider.js";
import type { VolumeProvider } from "./provider.js";

export type OpenedFile =
  | { kind: "volume"; provider: VolumeProvider }
  | { kind: "height-map"; provider: HeightMapProvider }
  | { kind: "reference-profile"; title: string; read(): Promise<DepthProfile> };

/** Instrument files are small; a larger file that is not HDF5 is left to the volume reader to reject. */
const LARGEST_INSTRUMENT_FILE = 1 << 30;

async function bytesOf(blob: Blob): Promise<Uint8Array> {
  return new Uint8Array(await blob.arrayBuffer());
}

export async function openByKind(file: File): Promise<OpenedFile> {
  const volume: OpenedFile = { kind: "volume", provider: fileVolumeProvider(file) };
  const { hasHdf5SignatureAt, instrumentFileKind, readHeightMapImages, readReferenceProfile } = await import("./fileKind.js");
  const { ByteReader } = await import("../../importers/binary.js");
  if (file.size > LARGEST_INSTRUMENT_FILE || hasHdf5SignatureAt(await bytesOf(file.slice(0, 8)), 0)) return volume;
  const reader = new ByteReader(file.name, await bytesOf(file));
  const kind = instrumentFileKind(reader);
  if (kind === "height-map") return { kind, provider: { title: file.name, load: async () => readHeightMapImages(reader) } };
  if (kind === "reference-profile") return { kind, title: file.name, read: async () => readReferenceProfile(reader) };
  return volume;
}

/**
 * `?src=URL`: a volume provider that fetches the file and, when it is not a volume, hands it to
 * `show` (which replaces the page with the view for its kind) instead of resolving.
 */
export function urlProviderByKind(url: string, show: (opened: OpenedFile) => void): VolumeProvider {
  return {
    title: urlFileName(url),
    load: async (signal, context) => {
      const opened = await openByKind(await fetchFile(url, signal));
      if (opened.kind === "volume") return opened.provider.load(signal, context);
      if (opened.kind === "reference-profile") {
        throw new AfmsimsError(`${opened.title}: a SurfaceLab depth profile is a reference for a volume's profile chart: open a volume, then drop the profile on it`);
      }
      show(opened);
      // The page for the file's kind has replaced the volume view, so this load never finishes.
      return new Promise<never>(() => {});
    },
  };
}
