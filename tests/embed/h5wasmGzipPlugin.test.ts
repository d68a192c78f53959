import { readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { embeddedWasm, glueFetchingWasm } from "../../scripts/h5wasmGzipPlugin.js";

// The browser build's glue, the file the embed build transforms.
const glue = readFileSync(new URL("../../node_modules/h5wasm/dist/esm/hdf5_util.js", import.meta.url), "utf8");

describe("taking h5wasm's WebAssembly out of its glue", () => {
  it("recovers a valid WebAssembly module that exports h5wasm's HDF5 functions", () => {
    const wasm = embeddedWasm(glue);
    expect(WebAssembly.validate(wasm)).toBe(true);
    const exports = WebAssembly.Module.exports(new WebAssembly.Module(wasm)).map((e) => e.name);
    expect(exports).toContain("H5Fopen");
    expect(exports).toContain("malloc");
  });

  it("leaves glue that fetches the binary and carries no copy of it", () => {
    const code = glueFetchingWasm(glue, "WASM_URL");
    expect(code).toContain("findWasmBinary(){return afmsimsFetchWasm(WASM_URL)}");
    expect(code).not.toContain("binaryDecode('");
    expect(code.length).toBeLessThan(glue.length - embeddedWasm(glue).length);
  });

  it("fails loudly when the glue has no embedded binary", () => {
    expect(() => embeddedWasm("function findWasmBinary(){return locateFile('x.wasm')}")).toThrow(/no embedded WebAssembly binary/);
  });
});

describe("the fetching glue", () => {
  /** A stand-in glue with a tiny embedded binary, run with `fetch` answering `response`. */
  function fetchedBinary(response: Response): Promise<Uint8Array> {
    const glue = glueFetchingWasm("function findWasmBinary(){return binaryDecode('\\0asm')}", "WASM_URL");
    const run = new Function("fetch", "WASM_URL", `${glue}\nreturn findWasmBinary();`) as (fetch: () => Promise<Response>, url: string) => Promise<Uint8Array>;
    return run(async () => response, "assets/h5wasm.wasm.gzip");
  }
  const wasm = Uint8Array.from([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0]);

  it("inflates a gzipped body, and takes a body the server already inflated as it is", async () => {
    expect(Array.from(await fetchedBinary(new Response(gzipSync(wasm))))).toEqual(Array.from(wasm));
    expect(Array.from(await fetchedBinary(new Response(wasm)))).toEqual(Array.from(wasm));
  });

  it("fails with the address and the HTTP status when the binary is missing", async () => {
    await expect(fetchedBinary(new Response("not found", { status: 404 }))).rejects.toThrow("assets/h5wasm.wasm.gzip: HTTP 404");
  });
});
