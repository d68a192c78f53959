/**
 * Decides the size of the 3D textures a volume is uploaded as: every axis must fit the GPU's
 * MAX_3D_TEXTURE_SIZE, and the whole upload must fit a texel budget (GPU memory).
 */

/** `[cols, rows, layers]`: texture width, height and depth. */
export type TextureDims = readonly [number, number, number];

export interface TexturePlan {
  source: TextureDims;
  /** Dimensions after downsampling. */
  dims: TextureDims;
  /** Integer block size along each axis; 1 keeps full resolution. */
  factors: TextureDims;
  downsampled: boolean;
}

export interface TextureLimits {
  max3dTextureSize: number;
  /** Upper bound on texels summed over all textures. */
  maxTexels: number;
}

/**
 * 64 M texels: 512 MiB as RGBA16F, within reach of integrated GPUs (1-2 GB shared with everything
 * else). Ten channels of 512 x 512 x 200 (three textures) are shown at 256 x 256 x 200.
 */
export const DEFAULT_MAX_TEXELS = 64 * 1024 * 1024;

export function planTexture(source: TextureDims, textureCount: number, limits: TextureLimits): TexturePlan {
  let factors: [number, number, number] = [
    Math.max(1, Math.ceil(source[0] / limits.max3dTextureSize)),
    Math.max(1, Math.ceil(source[1] / limits.max3dTextureSize)),
    Math.max(1, Math.ceil(source[2] / limits.max3dTextureSize)),
  ];
  const fits = (f: TextureDims) => texelCount(reducedDims(source, f)) * textureCount <= limits.maxTexels;

  // Depth resolution is the scarce one in a SIMS depth profile: coarsen laterally first.
  while (!fits(factors) && (factors[0] < source[0] || factors[1] < source[1])) {
    factors = [Math.min(source[0], factors[0] + 1), Math.min(source[1], factors[1] + 1), factors[2]];
  }
  while (!fits(factors) && factors[2] < source[2]) factors = [factors[0], factors[1], factors[2] + 1];

  return {
    source,
    dims: reducedDims(source, factors),
    factors,
    downsampled: factors.some((f) => f > 1),
  };
}

function reducedDims(source: TextureDims, factors: TextureDims): TextureDims {
  return [
    Math.ceil(source[0] / factors[0]),
    Math.ceil(source[1] / factors[1]),
    Math.ceil(source[2] / factors[2]),
  ];
}

function texelCount(dims: TextureDims): number {
  return dims[0] * dims[1] * dims[2];
}
