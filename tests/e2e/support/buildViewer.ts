import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { build } from "vite";

export const REPO_ROOT = resolve(import.meta.dirname, "../../..");

/** Production build of the viewer page into a fresh temporary folder; returns the folder. */
export async function buildViewer(): Promise<string> {
  const outDir = mkdtempSync(join(tmpdir(), "afmsims-viewer-"));
  await build({ root: REPO_ROOT, logLevel: "warn", build: { outDir, emptyOutDir: true } });
  return outDir;
}
