import { defineConfig } from "vitest/config";

export default defineConfig({
  worker: { format: "es" },
  // The viewer page (index.html). Not Vite's default dist/, which holds the CLI's tsc output.
  // three.js and React make a 1.2 MB page chunk; h5wasm's 4.8 MB worker loads only when a file opens.
  build: { outDir: "build/web", chunkSizeWarningLimit: 5000 },
  test: {
    include: ["tests/**/*.test.ts"],
    reporters: ["default", "./tests/support/summary-reporter.ts"],
    testTimeout: 120_000,
    hookTimeout: 300_000,
    // h5wasm and the kernels are large wasm modules; separate processes keep each test file's memory apart.
    pool: "forks",
  },
});
