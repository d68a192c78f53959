import { readFileSync } from "node:fs";
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
