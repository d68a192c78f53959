/**
 * Choosing how much an embed folder's copy is binned so that the folder fits a size budget.
 * The copy's size is estimated by compressing a sample of its planes exactly as the writer does
 * (each plane is one deflate chunk), so no candidate file is written.
 */
import { deflateSync } from "node:zlib";
import { AfmsimsError } from "../errors.js";
import { binLateral, binZ, COMPACT_GZIP_LEVEL, encodeCompact, type CompactDtype, type VolumeContent } from "./compactVolume.js";

/** Planes compressed per dataset for an estimate: enough to average out depth-dependent content. */
const SAMPLED_PLANES = 48;
/**
 * What a compact file holds beyond the deflated planes, measured on files h5wasm wrote: about
 * 23 kB of fixed structures (superblock, groups, heaps, attributes), 48 bytes of chunk index per
 * plane, and h5wasm's zlib deflates these planes about 3 % larger than Node's.
 */
const FIXED_BYTES = 23_000;
const BYTES_PER_CHUNK = 48;
const H5WASM_DEFLATE_RATIO = 1.03;
/** Binning stops before the copy gets fewer pixels than this along its shorter side, or fewer z-layers. */
const MIN_PIXELS = 32;
const MIN_LAYERS = 16;

export interface Binning {
  bin: number;
  zBin: number;
}

/** Deflated bytes of `codes` (planes of `plane` values), from evenly spaced sample planes. */
function sampledDeflateBytes(codes: Uint8Array | Uint16Array | Float32Array, plane: number): number {
  const planes = codes.length / plane;
  const samples = Math.min(planes, SAMPLED_PLANES);
  let bytes = 0;
  for (let k = 0; k < samples; k++) {
    const p = Math.floor(((k + 0.5) * planes) / samples);
    const values = codes.subarray(p * plane, (p + 1) * plane);
    bytes += deflateSync(new Uint8Array(values.buffer, values.byteOffset, values.byteLength), { level: COMPACT_GZIP_LEVEL }).length;
  }
  return (bytes * planes) / samples;
}

/** Estimated size in bytes of the compact copy of `model` (voxels, layer depths, surfaces). */
export function estimateCompactBytes(model: VolumeContent, dtype: CompactDtype): number {
  const { voxels, layerDepth } = encodeCompact(model, dtype);
  const plane = model.rows * model.cols;
  const surfaces = [model.surfaceBefore, model.surfaceAfter].map((surface) => sampledDeflateBytes(surface, plane));
  const deflated = sampledDeflateBytes(voxels.codes, plane) + sampledDeflateBytes(layerDepth.codes, plane) + surfaces[0] + surfaces[1];
  const chunks = model.channels * model.nz + model.layers + 1 + surfaces.length;
  return FIXED_BYTES + chunks * BYTES_PER_CHUNK + deflated * H5WASM_DEFLATE_RATIO;
}

/**
 * Binnings from finest to coarsest. Each step coarsens the axis that keeps more samples (pixels
 * along the longer side, or z-layers), so neither is starved while the other stays fine.
 */
export function binningCandidates(rows: number, cols: number, nz: number): Binning[] {
  const candidates: Binning[] = [{ bin: 1, zBin: 1 }];
  let { bin, zBin } = candidates[0];
  for (;;) {
    const canBin = Math.min(rows, cols) / (bin + 1) >= MIN_PIXELS;
    const canZBin = nz / (zBin + 1) >= MIN_LAYERS;
    if (!canBin && !canZBin) return candidates;
    if (canBin && (!canZBin || Math.max(rows, cols) / bin >= nz / zBin)) bin++;
    else zBin++;
    candidates.push({ bin, zBin });
  }
}

export interface BudgetChoice extends Binning {
  estimatedBytes: number;
}

/** The finest binning whose copy is estimated to fit in `budgetBytes`. */
export function chooseBinning(model: VolumeContent, dtype: CompactDtype, budgetBytes: number): BudgetChoice {
  let coarsest: BudgetChoice | undefined;
  for (const { bin, zBin } of binningCandidates(model.rows, model.cols, model.nz)) {
    const estimatedBytes = estimateCompactBytes(binLateral(binZ(model, zBin), bin), dtype);
    coarsest = { bin, zBin, estimatedBytes };
    if (estimatedBytes <= budgetBytes) return coarsest;
  }
  throw new AfmsimsError(
    `--max-mb: the volume does not fit in ${(budgetBytes / 1e6).toFixed(1)} MB even binned ${coarsest!.bin} x ${coarsest!.bin} ` +
      `with --z-bin ${coarsest!.zBin} (about ${(coarsest!.estimatedBytes / 1e6).toFixed(1)} MB); raise --max-mb or keep fewer --channels`,
  );
}
