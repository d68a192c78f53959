/**
 * Library build of `<afmsims-viewer>` (src/embed) into build/embed: one entry module,
 * afmsims-viewer.js, with its chunks and the HDF5 worker beside it. `base: "./"` makes every
 * asset URL relative to the module (import.meta.url), so the folder works under any path of a
 * plain static host. The worker is emitted as a file, not a blob, so a CSP of
 * `script-src 'self' 'wasm-unsafe-eval'` allows it. h5wasm's WebAssembly travels gzipped beside the
 * worker (scripts/h5wasmGzipPlugin.ts).
 */
import { defineConfig } from "vite";
import { h5wasmGzipPlugin } from "./scripts/h5wasmGzipPlugin.js";

export default defineConfig({
  base: "./",
  publicDir: false,
  worker: { format: "es", plugins: () => [h5wasmGzipPlugin()] },
  build: {
    outDir: "build/embed",
    emptyOutDir: true,
    chunkSizeWarningLimit: 5000,
    modulePreload: false,
    rollupOptions: {
      input: "src/embed/index.ts",
      preserveEntrySignatures: "exports-only",
      output: { entryFileNames: "afmsims-viewer.js", chunkFileNames: "assets/[name]-[hash].js", assetFileNames: "assets/[name]-[hash][extname]" },
    },
  },
});
