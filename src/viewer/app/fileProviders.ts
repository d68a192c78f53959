/**
 * Providers backed by afmsims-volume files: a File the user picked or dropped, or a URL (`?src=`).
 * The HDF5 reader (h5wasm in a worker) is imported on first use, so the page loads without it.
 */
import type { VolumeProvider } from "./provider.js";

export function fileVolumeProvider(file: File): VolumeProvider {
  return {
    title: file.name,
    load: async () => {
      const { openVolumeFile } = await import("../../io/h5/browser.js");
      return openVolumeFile(file);
    },
  };
}

/** The file name at the end of a URL's path. */
export function urlFileName(url: string): string {
  return decodeURIComponent(new URL(url, window.location.href).pathname.split("/").pop() || "volume.h5");
}

/** Downloads a URL as a File; rejects with an Error worded for the user. */
export async function fetchFile(url: string, signal?: AbortSignal): Promise<File> {
  let response: Response;
  try {
    response = await fetch(url, { signal });
  } catch {
    // fetch says only "Failed to fetch"; the usual causes are a wrong address or missing CORS headers.
    throw new Error(`${url}: could not be fetched (is the address right, and does its server allow this origin via CORS?)`);
  }
  if (!response.ok) throw new Error(`${url}: the server answered ${response.status} ${response.statusText}`.trim());
  return new File([await response.blob()], urlFileName(url));
}

export function urlVolumeProvider(url: string): VolumeProvider {
  return {
    title: urlFileName(url),
    load: async (signal) => fileVolumeProvider(await fetchFile(url, signal)).load(signal),
  };
}
