/**
 * Vite plugin for the embed build: h5wasm's browser build carries its 3.5 MB WebAssembly binary
 * as a string literal inside the worker's JavaScript (4.8 MB). Static hosts serve files as they
 * are, so nothing compresses it in transit. This plugin takes the binary out, ships it gzipped
 * (0.9 MB) beside the worker, and makes h5wasm fetch and inflate it with the browser's
 * DecompressionStream. Emscripten awaits whatever `findWasmBinary()` returns before
 * `WebAssembly.instantiate`, so returning a promise of the bytes needs no other change.
 */
import { gzipSync } from "node:zlib";
import type { Plugin } from "vite";

const H5WASM_GLUE = /node_modules\/h5wasm\/dist\/esm\/hdf5_util\.js$/;
const EMBEDDED_BINARY = /findWasmBinary\(\)\{return binaryDecode\('((?:[^'\\]|\\.)*)'\)\}/s;
const STRING_ESCAPES: Record<string, string> = { n: "\n", r: "\r", t: "\t", "'": "'", "\\": "\\", '"': '"', "0": "\0" };

/** The characters of a single-quoted JavaScript string literal's body (the escapes Emscripten writes). */
function unescapeLiteral(body: string): string {
  return body.replace(/\\(.)/gs, (_, escape: string) => {
    const character = STRING_ESCAPES[escape];
    if (character === undefined) throw new Error(`h5wasm glue: unexpected escape \\${escape} in the embedded binary`);
    return character;
  });
}

function embeddedBinary(glue: string): RegExpExecArray {
  const match = EMBEDDED_BINARY.exec(glue);
  if (!match) throw new Error("h5wasm glue: no embedded WebAssembly binary found (h5wasm's build changed?)");
  return match;
}

/** The WebAssembly binary embedded in h5wasm's glue, as Emscripten's binaryDecode produces it. */
export function embeddedWasm(glue: string): Uint8Array<ArrayBuffer> {
  const text = unescapeLiteral(embeddedBinary(glue)[1]);
  const wasm = new Uint8Array(text.length);
  // binaryDecode's mapping: characters above 0xff stand for bytes 0..0xff shifted into UTF-16.
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    wasm[i] = (~c >> 8) & c;
  }
  return wasm;
}

/** The glue fetching its binary from `urlExpression` (JavaScript) instead of carrying it. */
export function glueFetchingWasm(glue: string, urlExpression: string): string {
  return glue.replace(embeddedBinary(glue)[0], () => `findWasmBinary(){return ${LOADER_NAME}(${urlExpression})}`) + LOADER_SOURCE;
}

const LOADER_NAME = "afmsimsFetchWasm";
/** Inflates gzip data; a body that a server already decoded (Content-Encoding) is taken as it is. */
const LOADER_SOURCE = `
async function ${LOADER_NAME}(url) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(url + ": HTTP " + response.status);
  const bytes = new Uint8Array(await response.arrayBuffer());
  if (bytes[0] !== 0x1f || bytes[1] !== 0x8b) return bytes;
  const inflated = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
  return new Uint8Array(await new Response(inflated).arrayBuffer());
}
`;

/** For `worker.plugins` of the embed build. */
export function h5wasmGzipPlugin(): Plugin {
  return {
    name: "afmsims-h5wasm-gzip",
    transform(code, id) {
      if (!H5WASM_GLUE.test(id)) return null;
      // The extension is not .gz: some servers would then add Content-Encoding and some would not.
      const referenceId = this.emitFile({ type: "asset", name: "h5wasm.wasm.gzip", source: gzipSync(embeddedWasm(code), { level: 9 }) });
      return { code: glueFetchingWasm(code, `import.meta.ROLLUP_FILE_URL_${referenceId}`), map: null };
    },
  };
}
