import type { AddressInfo } from "node:net";
import { serveStatic as serveFolder, type Routes } from "../../../src/cli/staticServer.js";

export interface StaticServer {
  url: string;
  close(): Promise<void>;
}

/** Serves `root` (plus any named `files`) on 127.0.0.1 at a free port, as `afmsims view` does. */
export async function serveStatic(root: string, files: Routes = {}): Promise<StaticServer> {
  const server = await serveFolder(root, files, 0);
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () => new Promise<void>((done) => server.close(() => done())),
  };
}
