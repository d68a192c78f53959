/**
 * The volume box: ray-marched channels plus optional axis-aligned slice planes, all in one group
 * whose local frame is the unit cube of the data.
 */
import { useThree } from "@react-three/fiber";
import { useEffect, useLayoutEffect, useMemo, useRef } from "react";
import * as THREE from "three";
import { createChannelUniforms, createSliceMaterial, createVolumeMaterial } from "./channelMaterials.js";
import { OCCLUDER_LAYER } from "./layers.js";
import { CHANNELS_PER_TEXTURE, type PackedVolume } from "./packChannels.js";
import { createVolumeTextures } from "./volumeTextures.js";

/** One channel's display settings in texture units (data value divided by the channel scale). */
export interface ChannelUniformValues {
  visible: boolean;
  color: string;
  windowMin: number;
  windowMax: number;
  gamma: number;
  opacity: number;
  isoLevel: number;
}

export type Triple = readonly [number, number, number];

export const MODE_CODES = { mip: 0, composite: 1, iso: 2 } as const;

export interface VolumeViewProps {
  packed: PackedVolume;
  /** World position of the box's minimum corner and its size. */
  boxMin: Triple;
  boxSize: Triple;
  channels: ChannelUniformValues[];
  mode: keyof typeof MODE_CODES;
  /** Clip box in local unit-cube coordinates. */
  clipMin: Triple;
  clipMax: Triple;
  /** Local coordinate of the slice plane normal to x, y and z; null hides it. */
  slices: readonly [number | null, number | null, number | null];
  /** Voxel-space step length; larger while the user interacts. */
  stepVoxels: number;
  /** Depth of the opaque geometry already drawn, sized like the drawing buffer. */
  occluderTarget: THREE.WebGLRenderTarget;
}

export function VolumeView(props: VolumeViewProps) {
  const { packed, boxMin, boxSize, channels, mode, clipMin, clipMax, slices, stepVoxels, occluderTarget } = props;
  const invalidate = useThree((state) => state.invalidate);

  const textures = useMemo(() => createVolumeTextures(packed), [packed]);
  const { channelUniforms, volumeMaterial, sliceMaterial } = useMemo(() => {
    const channelUniforms = createChannelUniforms(textures);
    return {
      channelUniforms,
      volumeMaterial: createVolumeMaterial(textures.length, channelUniforms),
      sliceMaterial: createSliceMaterial(textures.length, channelUniforms),
    };
  }, [textures]);
  useEffect(
    () => () => {
      textures.forEach((t) => t.dispose());
      volumeMaterial.dispose();
      sliceMaterial.dispose();
    },
    [textures, volumeMaterial, sliceMaterial],
  );

  useLayoutEffect(() => {
    const u = channelUniforms;
    u.uChannelCount.value = channels.length;
    channels.forEach((channel, c) => {
      u.uVisible.value[c] = channel.visible ? 1 : 0;
      (u.uColor.value[c] as THREE.Color).set(channel.color);
      u.uWindowMin.value[c] = channel.windowMin;
      u.uWindowMax.value[c] = channel.windowMax;
      u.uGamma.value[c] = channel.gamma;
      u.uOpacity.value[c] = channel.opacity;
      u.uIsoLevel.value[c] = channel.isoLevel;
    });
    // A texture whose channels are all hidden is not sampled at all.
    u.uTextureActive.value = textures.map((_, k) =>
      channels.slice(k * CHANNELS_PER_TEXTURE, (k + 1) * CHANNELS_PER_TEXTURE).some((channel) => channel.visible) ? 1 : 0,
    );
    u.uClipMin.value.set(...clipMin);
    u.uClipMax.value.set(...clipMax);
    const v = volumeMaterial.uniforms;
    v.uMode.value = MODE_CODES[mode];
    v.uVolumeDims.value.set(...packed.dims);
    v.uBoxSize.value.set(...boxSize);
    v.uStepVoxels.value = stepVoxels;
    v.uOccluderDepth.value = occluderTarget.depthTexture;
    invalidate();
  }, [channelUniforms, volumeMaterial, textures, packed, channels, mode, clipMin, clipMax, boxSize, stepVoxels, occluderTarget, invalidate]);

  // Set at draw time, after the depth pre-pass has sized the occluder target for this frame.
  const volumeMesh = useRef<THREE.Mesh>(null);
  useLayoutEffect(() => {
    const mesh = volumeMesh.current;
    if (!mesh) return;
    const clipToLocal = new THREE.Matrix4();
    mesh.onBeforeRender = (_renderer, _scene, camera) => {
      clipToLocal.multiplyMatrices(camera.projectionMatrix, camera.matrixWorldInverse).multiply(mesh.matrixWorld).invert();
      volumeMaterial.uniforms.uClipToLocal.value = clipToLocal;
      volumeMaterial.uniforms.uViewportSize.value.set(occluderTarget.width, occluderTarget.height);
    };
  }, [volumeMaterial, occluderTarget]);

  const unitBox = useMemo(() => new THREE.BoxGeometry(1, 1, 1).translate(0.5, 0.5, 0.5), []);
  useEffect(() => () => unitBox.dispose(), [unitBox]);

  return (
    <group position={boxMin as [number, number, number]} scale={boxSize as [number, number, number]}>
      <mesh ref={volumeMesh} geometry={unitBox} material={volumeMaterial} renderOrder={10} frustumCulled={false} />
      {slices.map((position, axis) =>
        position === null ? null : (
          <SlicePlane key={axis} axis={axis as 0 | 1 | 2} position={position} material={sliceMaterial} />
        ),
      )}
    </group>
  );
}

function SlicePlane({ axis, position, material }: { axis: 0 | 1 | 2; position: number; material: THREE.ShaderMaterial }) {
  const geometry = useMemo(() => {
    const corners = [
      [0, 0],
      [1, 0],
      [1, 1],
      [0, 1],
    ].map(([a, b]) => {
      const point = [0, 0, 0];
      point[axis] = position;
      point[(axis + 1) % 3] = a;
      point[(axis + 2) % 3] = b;
      return point;
    });
    const plane = new THREE.BufferGeometry();
    plane.setAttribute("position", new THREE.Float32BufferAttribute(corners.flat(), 3));
    plane.setIndex([0, 1, 2, 0, 2, 3]);
    return plane;
  }, [axis, position]);
  useEffect(() => () => geometry.dispose(), [geometry]);
  const mesh = useRef<THREE.Mesh>(null);
  useLayoutEffect(() => void mesh.current?.layers.enable(OCCLUDER_LAYER), []);
  return <mesh ref={mesh} geometry={geometry} material={material} />;
}
