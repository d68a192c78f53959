/**
 * Shader materials of the ray marcher and the slice planes for a given number of packed
 * textures. Sampler arrays cannot be indexed by a loop variable in GLSL ES 3.00, so the code that
 * reads every channel from its texture and component is generated here.
 */
import * as THREE from "three";
import channelsSource from "../../../shaders/channels.glsl?raw";
import sliceFragment from "../../../shaders/slice.frag.glsl?raw";
import sliceVertex from "../../../shaders/slice.vert.glsl?raw";
import volumeFragment from "../../../shaders/volume.frag.glsl?raw";
import volumeVertex from "../../../shaders/volume.vert.glsl?raw";
import { CHANNELS_PER_TEXTURE } from "./packChannels.js";

const COMPONENTS = ["r", "g", "b", "a"];

function channelSamplingSource(textureCount: number): string {
  const samplers = Array.from({ length: textureCount }, (_, k) => `uniform sampler3D uVolume${k};`);
  const reads = Array.from({ length: textureCount }, (_, k) =>
    [
      `  texel = uTextureActive[${k}] > 0.5 ? texture(uVolume${k}, tex) : vec4(-1.0);`,
      ...COMPONENTS.map((component, i) => `  values[${k * CHANNELS_PER_TEXTURE + i}] = texel.${component};`),
    ].join("\n"),
  );
  const single = Array.from(
    { length: textureCount },
    (_, k) => `  if (textureIndex == ${k}) return texture(uVolume${k}, tex)[channel - ${k * CHANNELS_PER_TEXTURE}];`,
  );
  return [
    `#define MAX_CHANNELS ${textureCount * CHANNELS_PER_TEXTURE}`,
    `#define TEXTURE_COUNT ${textureCount}`,
    ...samplers,
    "uniform float uTextureActive[TEXTURE_COUNT];",
    channelsSource,
    "void sampleChannels(vec3 tex, out float values[MAX_CHANNELS]) {",
    "  vec4 texel;",
    ...reads,
    "}",
    "float sampleChannel(vec3 tex, int channel) {",
    `  int textureIndex = channel / ${CHANNELS_PER_TEXTURE};`,
    ...single,
    "  return -1.0;",
    "}",
  ].join("\n");
}

/** Uniforms shared by both materials; one object, so one update reaches both. */
export function createChannelUniforms(textures: THREE.Data3DTexture[]): Record<string, THREE.IUniform> {
  const maxChannels = textures.length * CHANNELS_PER_TEXTURE;
  const uniforms: Record<string, THREE.IUniform> = {
    uTextureActive: { value: new Array<number>(textures.length).fill(1) },
    uChannelCount: { value: 0 },
    uVisible: { value: new Array<number>(maxChannels).fill(0) },
    uColor: { value: Array.from({ length: maxChannels }, () => new THREE.Color()) },
    uWindowMin: { value: new Array<number>(maxChannels).fill(0) },
    uWindowMax: { value: new Array<number>(maxChannels).fill(1) },
    uGamma: { value: new Array<number>(maxChannels).fill(1) },
    uOpacity: { value: new Array<number>(maxChannels).fill(1) },
    uIsoLevel: { value: new Array<number>(maxChannels).fill(0.5) },
    uClipMin: { value: new THREE.Vector3(0, 0, 0) },
    uClipMax: { value: new THREE.Vector3(1, 1, 1) },
  };
  textures.forEach((texture, k) => (uniforms[`uVolume${k}`] = { value: texture }));
  return uniforms;
}

export function createVolumeMaterial(textureCount: number, channelUniforms: Record<string, THREE.IUniform>): THREE.ShaderMaterial {
  return new THREE.ShaderMaterial({
    vertexShader: volumeVertex,
    fragmentShader: channelSamplingSource(textureCount) + "\n" + volumeFragment,
    uniforms: {
      ...channelUniforms,
      uMode: { value: 1 },
      uVolumeDims: { value: new THREE.Vector3(1, 1, 1) },
      uBoxSize: { value: new THREE.Vector3(1, 1, 1) },
      uStepVoxels: { value: 1 },
      uOccluderDepth: { value: null },
      uViewportSize: { value: new THREE.Vector2(1, 1) },
      uClipToLocal: { value: new THREE.Matrix4() },
    },
    side: THREE.BackSide,
    transparent: true,
    premultipliedAlpha: true,
    depthTest: false,
    depthWrite: false,
  });
}

export function createSliceMaterial(textureCount: number, channelUniforms: Record<string, THREE.IUniform>): THREE.ShaderMaterial {
  return new THREE.ShaderMaterial({
    vertexShader: sliceVertex,
    fragmentShader: channelSamplingSource(textureCount) + "\n" + sliceFragment,
    uniforms: channelUniforms,
    side: THREE.DoubleSide,
  });
}
