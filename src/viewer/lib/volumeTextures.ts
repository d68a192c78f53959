import * as THREE from "three";
import type { PackedVolume } from "./packChannels.js";

const FORMATS = { 1: THREE.RedFormat, 2: THREE.RGFormat, 4: THREE.RGBAFormat } as const;

/** GPU textures (R16F, RG16F or RGBA16F, linearly filtered) of a packed volume. */
export function createVolumeTextures(packed: PackedVolume): THREE.Data3DTexture[] {
  const [width, height, depth] = packed.dims;
  return packed.textures.map((packedTexture) => {
    const texture = new THREE.Data3DTexture(packedTexture.texels, width, height, depth);
    texture.format = FORMATS[packedTexture.components];
    texture.type = THREE.HalfFloatType;
    texture.minFilter = THREE.LinearFilter;
    texture.magFilter = THREE.LinearFilter;
    texture.wrapS = texture.wrapT = texture.wrapR = THREE.ClampToEdgeWrapping;
    // Rows of a one- or two-component half-float texture need not be 4-byte aligned.
    texture.unpackAlignment = 1;
    texture.needsUpdate = true;
    return texture;
  });
}
