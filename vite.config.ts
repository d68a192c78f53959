import { defineConfig } from "vitest/config";
import { h5wasmGzipPlugin } from "./scripts/h5wasmGzipPlugin.js";

export default defineConfig(({ command }) => ({
  // In a build, h5wasm's WebAssembly travels gzipped beside the file-opening worker (0.9 MB instead
  // of 4.8 MB of JavaScript; scripts/h5wasmGzipPlugin.ts); the dev server serves h5wasm as it is.
  worker: { format: "es", plugins: () => (command === "build" ? [h5wasmGzipPlugin()] : []) },
  // The viewer page (index.html). Not Vite's default dist/, which holds the CLI's tsc output.
  // three.js and React make a 1.2 MB page chunk; the worker loads only when a file opens.
  build: { outDir: "build/web", chunkSizeWarningLimit: 5000 },
  test: {
    include: ["tests/**/*.test.ts"],
    reporters: ["default", "./tests/support/summary-reporter.ts"],
    testTimeout: 120_000,
    hookTimeout: 300_000,
    // h5wasm and the kernels are large wasm modules; separate processes keep each test file's memory apart.
    pool: "forks",
  },
}));
