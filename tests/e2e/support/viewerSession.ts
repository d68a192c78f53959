import { rmSync } from "node:fs";
import type { Browser, Page } from "playwright-core";
import { launchChromium } from "./browser.js";
import { buildViewer } from "./buildViewer.js";
import { serveStatic, type StaticServer } from "./staticServer.js";

/** A fresh build of the viewer page, served locally, and one chromium page to open it in. */
export interface ViewerSession {
  url: string;
  page: Page;
  close(): Promise<void>;
}

export interface ViewerSessionOptions {
  viewport: { width: number; height: number };
  acceptDownloads?: boolean;
  /** Puts files beside the page before it is served (e.g. a volume for `?src=`). */
  serveAlso?: (buildDir: string) => Promise<void>;
}

export async function startViewerSession({ viewport, acceptDownloads = false, serveAlso }: ViewerSessionOptions): Promise<ViewerSession> {
  const buildDir = await buildViewer();
  let server: StaticServer | undefined;
  let browser: Browser | undefined;
  const close = async () => {
    await browser?.close();
    await server?.close();
    rmSync(buildDir, { recursive: true, force: true });
  };
  try {
    await serveAlso?.(buildDir);
    server = await serveStatic(buildDir);
    browser = await launchChromium();
    const page = await browser.newPage({ viewport, acceptDownloads });
    return { url: server.url, page, close };
  } catch (error) {
    await close();
    throw error;
  }
}
