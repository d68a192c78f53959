/**
 * Providers backed by afmsims files: a File the user picked or dropped, or a URL (`?src=`). A
 * volume is shown as it is; an input is reconstructed first. Both happen in a worker
 * (openInWorker.ts), which loads h5wasm and the kernels only when a file is opened.
 */
import { openInWorker } from "./openInWorker.js";
import type { VolumeProvider } from "./provider.js";

export function fileVolumeProvider(file: File): VolumeProvider {
  return {
    title: file.name,
    load: (signal, { limits, onProgress }) => openInWorker(file, { limits, signal, onProgress }),
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
    load: async (signal, context) => fileVolumeProvider(await fetchFile(url, signal)).load(signal, context),
  };
}
