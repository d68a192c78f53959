// Finds, fetches and instantiates the kernel WebAssembly, in Node and in the browser alike.

/** Which build of the one AssemblyScript source runs: 128-bit SIMD, or plain scalar code. */
export type KernelBuild = "simd" | "scalar";

/** The raw exports: scalars and byte offsets into `memory` only. */
export interface RawKernels {
  memory: WebAssembly.Memory;
  arenaBase(): number;
  ensureMemory(bytes: number): number;
  deadTimeCorrect(ptr: number, count: number, pulses: number): void;
  deadTimeCorrectHarmonic(ptr: number, count: number, pulses: number): void;
  deadTimePooledScratchBytes(rows: number, cols: number): number;
  deadTimePooledLayer(
    planes: number, count: number, total: number, hasTotal: number, rows: number, cols: number, radius: number, pulses: number,
    scratch: number,
  ): void;
  resampleAffine(
    src: number, srcRows: number, srcCols: number, dst: number, dstRows: number, dstCols: number,
    affine: number, method: number, subCols: number, subRows: number,
  ): void;
  translatePlanes(src: number, dst: number, planes: number, rows: number, cols: number, dy: number, dx: number): void;
  fft2d(data: number, rows: number, cols: number, inverse: number, scratch: number): void;
  fft2dScratchBytes(rows: number, cols: number): number;
  refineScratchBytes(fixedPixels: number, movingCols: number, parameters: number): number;
  refineNormalEquations(
    fixed: number, fixedDx: number, fixedDy: number, fixedRows: number, fixedCols: number,
    moving: number, normalX: number, normalY: number, hasNormals: number, weights: number, hasWeights: number,
    movingRows: number, movingCols: number, model: number, params: number, out: number, scratch: number,
  ): void;
  featureScratchBytes(cols: number): number;
  signalFeaturesLayer(
    counts: number, total: number, hasTotal: number, channels: number, rows: number, cols: number,
    out: number, scratch: number, sums: number,
  ): void;
  unmixModelDoubles(materials: number, features: number): number;
  accumulateNeighbourPure(
    above: number, below: number, values: number, pixels: number, cols: number, rowStride: number, materials: number,
    features: number, purity: number, sums: number, counts: number, list: number,
  ): void;
  unmixSamples(
    values: number, stride: number, count: number, model: number, materials: number, features: number,
    fractions: number, lastSupport: number,
  ): number;
}

// The smallest module with a v128 instruction: (func (result v128) (v128.const i32x4 0 0 0 0)).
const SIMD_PROBE = new Uint8Array([
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x05, 0x01, 0x60, 0x00, 0x01, 0x7b,
  0x03, 0x02, 0x01, 0x00, 0x0a, 0x16, 0x01, 0x14, 0x00, 0xfd, 0x0c, 0x00, 0x00, 0x00, 0x00,
  0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x0b,
]);

/** True when this engine runs WebAssembly SIMD. */
export function simdSupported(): boolean {
  return WebAssembly.validate(SIMD_PROBE);
}

// Literal URLs so that Vite finds the files and emits them as assets for the browser build.
function kernelUrl(build: KernelBuild): URL {
  return build === "simd"
    ? new URL("../../build/kernels/afmsims-simd.wasm", import.meta.url)
    : new URL("../../build/kernels/afmsims-scalar.wasm", import.meta.url);
}

async function kernelBytes(url: URL): Promise<BufferSource> {
  if (url.protocol === "file:") {
    // Node only; getBuiltinModule rather than an import keeps node:fs out of the browser bundle.
    const fs = process.getBuiltinModule("node:fs");
    try {
      return await fs.promises.readFile(url);
    } catch {
      throw new Error(`kernel file ${url.pathname} is missing: run \`npm run build:kernels\``);
    }
  }
  const response = await fetch(url);
  if (!response.ok) throw new Error(`kernel file ${url.href}: HTTP ${response.status}`);
  return response.arrayBuffer();
}

const instances = new Map<KernelBuild, Promise<RawKernels>>();

/** The raw kernels of one build, instantiated once per build and process. */
export function loadRawKernels(build: KernelBuild): Promise<RawKernels> {
  let instance = instances.get(build);
  if (!instance) {
    instance = kernelBytes(kernelUrl(build)).then(async (bytes) => {
      const { instance: wasm } = await WebAssembly.instantiate(bytes, {});
      return wasm.exports as unknown as RawKernels;
    });
    instances.set(build, instance);
  }
  return instance;
}
