import { DEFAULT_MAX_TEXELS, type TextureLimits } from "../lib/texturePlan.js";

/**
 * The 3D texture limits of this browser's WebGL2, read from a throwaway context before the scene
 * exists, so the volume can be packed (and a downsampling notice shown) up front.
 * Null when the browser has no WebGL2.
 */
export function queryTextureLimits(): TextureLimits | null {
  const canvas = document.createElement("canvas");
  const gl = canvas.getContext("webgl2");
  if (!gl) return null;
  const max3dTextureSize = gl.getParameter(gl.MAX_3D_TEXTURE_SIZE) as number;
  gl.getExtension("WEBGL_lose_context")?.loseContext();
  return { max3dTextureSize, maxTexels: DEFAULT_MAX_TEXELS };
}
