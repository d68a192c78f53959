import { describe, expect, it } from "vitest";
import { DEFAULT_MAX_TEXELS, planTexture } from "../../src/viewer/lib/texturePlan.js";

const NO_BUDGET = Number.MAX_SAFE_INTEGER;

describe("planTexture", () => {
  it("keeps a volume that fits at full resolution", () => {
    const plan = planTexture([512, 512, 200], 3, { max3dTextureSize: 2048, maxTexels: NO_BUDGET });
    expect(plan).toEqual({ source: [512, 512, 200], dims: [512, 512, 200], factors: [1, 1, 1], downsampled: false });
  });

  it("keeps an axis exactly at the limit", () => {
    const plan = planTexture([256, 256, 256], 1, { max3dTextureSize: 256, maxTexels: NO_BUDGET });
    expect(plan.downsampled).toBe(false);
  });

  it("halves only the axes over MAX_3D_TEXTURE_SIZE", () => {
    const plan = planTexture([3000, 128, 40], 1, { max3dTextureSize: 2048, maxTexels: NO_BUDGET });
    expect(plan.factors).toEqual([2, 1, 1]);
    expect(plan.dims).toEqual([1500, 128, 40]);
    expect(plan.downsampled).toBe(true);
  });

  it("meets the WebGL2 minimum of 256 with partial edge blocks", () => {
    const plan = planTexture([512, 513, 200], 1, { max3dTextureSize: 256, maxTexels: NO_BUDGET });
    expect(plan.factors).toEqual([2, 3, 1]);
    expect(plan.dims).toEqual([256, 171, 200]);
  });

  it("coarsens laterally, not in depth, to meet the texel budget", () => {
    // 3 textures of 512 x 512 x 100 are 78.6 M texels; the budget allows a quarter of that.
    const plan = planTexture([512, 512, 100], 3, { max3dTextureSize: 2048, maxTexels: 3 * 256 * 256 * 100 });
    expect(plan.factors).toEqual([2, 2, 1]);
    expect(plan.dims).toEqual([256, 256, 100]);
  });

  it("coarsens in depth only when one lateral pixel is left", () => {
    const plan = planTexture([2, 2, 100], 1, { max3dTextureSize: 2048, maxTexels: 25 });
    expect(plan.factors).toEqual([2, 2, 4]);
    expect(plan.dims).toEqual([1, 1, 25]);
  });
});

describe("the default texel budget", () => {
  it("shows ten channels of 512 x 512 x 200 at half the lateral resolution, full depth", () => {
    const plan = planTexture([512, 512, 200], 3, { max3dTextureSize: 2048, maxTexels: DEFAULT_MAX_TEXELS });
    expect(plan.dims).toEqual([256, 256, 200]);
  });

  it("keeps four channels of 512 x 512 x 200 whole", () => {
    expect(planTexture([512, 512, 200], 1, { max3dTextureSize: 2048, maxTexels: DEFAULT_MAX_TEXELS }).downsampled).toBe(false);
  });
});
