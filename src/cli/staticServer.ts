import fs from "node:fs";
import http from "node:http";
import path from "node:path";

const CONTENT_TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json",
  ".wasm": "application/wasm",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".h5": "application/x-hdf5",
};

/** URL path -> file; anything that escapes its folder is refused. */
export type Routes = Record<string, string>;

/** The path with its %-escapes decoded; null for a malformed escape, which names no file. */
function decodePath(urlPath: string): string | null {
  try {
    return decodeURIComponent(urlPath);
  } catch {
    return null;
  }
}

function resolveFile(roots: readonly string[], files: Routes, urlPath: string): string | null {
  const decoded = decodePath(urlPath);
  if (decoded === null) return null;
  if (files[decoded]) return files[decoded];
  for (const root of roots) {
    const candidate = path.resolve(root, `.${path.posix.normalize(decoded)}`);
    if (candidate !== root && !candidate.startsWith(root + path.sep)) return null;
    if (fs.existsSync(candidate) && fs.statSync(candidate).isFile()) return candidate;
  }
  if (decoded === "/" || decoded === "") return path.join(roots[0], "index.html");
  return null;
}

/**
 * A static file server on the loopback interface only: build folders (the first that holds a path
 * answers it) plus a few named files (the dataset), with HTTP range requests so the browser can
 * read large files in parts.
 */
export function serveStatic(root: string | readonly string[], files: Routes, port: number): Promise<http.Server> {
  const rootPaths = (typeof root === "string" ? [root] : root).map((folder) => path.resolve(folder));
  const server = http.createServer((request, response) => {
    const urlPath = new URL(request.url ?? "/", "http://localhost").pathname;
    const file = resolveFile(rootPaths, files, urlPath);
    if (!file || (request.method !== "GET" && request.method !== "HEAD")) {
      response.writeHead(file ? 405 : 404, { "content-type": "text/plain" });
      response.end(file ? "method not allowed" : "not found");
      return;
    }
    const size = fs.statSync(file).size;
    const headers: http.OutgoingHttpHeaders = {
      "content-type": CONTENT_TYPES[path.extname(file)] ?? "application/octet-stream",
      "accept-ranges": "bytes",
      "cache-control": "no-cache",
    };
    const range = /^bytes=(\d+)-(\d*)$/.exec(request.headers.range ?? "");
    let start = 0;
    let end = size - 1;
    if (range) {
      start = Number(range[1]);
      end = range[2] ? Math.min(Number(range[2]), size - 1) : size - 1;
      if (start > end) {
        response.writeHead(416, { "content-range": `bytes */${size}` });
        response.end();
        return;
      }
      headers["content-range"] = `bytes ${start}-${end}/${size}`;
    }
    headers["content-length"] = end - start + 1;
    response.writeHead(range ? 206 : 200, headers);
    if (request.method === "HEAD") {
      response.end();
      return;
    }
    fs.createReadStream(file, { start, end }).pipe(response);
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => {
      server.removeListener("error", reject);
      resolve(server);
    });
  });
}
