import { rmSync } from "node:fs";
import type { Browser, Page } from "playwright-core";
import { launchChromium } from "./browser.js";
import { buildViewer } from "./buildViewer.js";
import { serveStatic, type StaticServer } from "./staticServer.js";

/** A freshly built viewer page served from a temporary folder, and a chromium page to drive it. */
export interface ViewerSession {
  /** The served folder: files written here are at `url` + their name. */
  dir: string;
  url: string;
  page: Page;
  close(): Promise<void>;
}

/** Builds and serves the viewer, with `prepare` writing the test's files into the folder first. */
export async function startViewerSession(prepare: (dir: string) => void | Promise<void> = () => {}): Promise<ViewerSession> {
  const dir = await buildViewer();
  let server: StaticServer | undefined;
  let browser: Browser | undefined;
  const close = async () => {
    await browser?.close();
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await prepare(dir);
    server = await serveStatic(dir);
    browser = await launchChromium();
    const page = await browser.newPage({ viewport: { width: 760, height: 520 } });
    return { dir, url: server.url, page, close };
  } catch (error) {
    await close();
    throw error;
  }
}
