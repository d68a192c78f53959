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

export function urlVolumeProvider(url: string): VolumeProvider {
  const name = decodeURIComponent(new URL(url, window.location.href).pathname.split("/").pop() || "volume.h5");
  return {
    title: name,
    load: async (signal, context) => {
      let response: Response;
      try {
        response = await fetch(url, { signal });
      } catch {
        // fetch says only "Failed to fetch"; the usual causes are a wrong address or missing CORS headers.
        throw new Error(`${url}: could not be fetched (is the address right, and does its server allow this origin via CORS?)`);
      }
      if (!response.ok) throw new Error(`${url}: the server answered ${response.status} ${response.statusText}`.trim());
      const file = new File([await response.blob()], name);
      return fileVolumeProvider(file).load(signal, context);
    },
  };
}
