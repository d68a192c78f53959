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

export function urlVolumeProvider(url: string): VolumeProvider {
  const name = decodeURIComponent(new URL(url, window.location.href).pathname.split("/").pop() || "volume.h5");
  return {
    title: name,
    load: async (signal) => {
      let response: Response;
      try {
        response = await fetch(url, { signal });
      } catch {
        // fetch says only "Failed to fetch"; the usual causes are a wrong address or missing CORS headers.
        throw new Error(`${url}: could not be fetched (is the address right, and does its server allow this origin via CORS?)`);
      }
      if (!response.ok) throw new Error(`${url}: the server answered ${response.status} ${response.statusText}`.trim());
      const file = new File([await response.blob()], name);
      return fileVolumeProvider(file).load(signal);
    },
  };
}
