import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { REPO_ROOT } from "./buildViewer.js";

/** The viewer's background, #0d1117. */
export const VIEWER_BACKGROUND: [number, number, number] = [0x0d, 0x11, 0x17];

/** Where the browser tests leave their screenshots, for a person to look at after a run. */
const SCREENSHOTS = join(REPO_ROOT, "test-output", "viewer");

/** A PNG of the viewer's canvas on `page`, also saved as test-output/viewer/`name`.png. */
export async function viewerCanvasShot(page: Page, name: string): Promise<Buffer> {
  const png = await page.locator("[data-testid=viewer-canvas] canvas").screenshot();
  mkdirSync(SCREENSHOTS, { recursive: true });
  writeFileSync(join(SCREENSHOTS, `${name}.png`), png);
  return png;
}
