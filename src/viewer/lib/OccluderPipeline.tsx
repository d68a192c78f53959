/**
 * Takes over R3F's rendering: first the opaque geometry alone into a depth texture (the stop
 * distance of the ray marcher), then the whole scene to the screen.
 */
import { useFrame } from "@react-three/fiber";
import { useMemo } from "react";
import * as THREE from "three";
import { OCCLUDER_LAYER } from "./layers.js";

export function createOccluderTarget(): THREE.WebGLRenderTarget {
  const target = new THREE.WebGLRenderTarget(1, 1, { depthBuffer: true });
  target.depthTexture = new THREE.DepthTexture(1, 1);
  return target;
}

export function OccluderPipeline({ target, onRendered }: { target: THREE.WebGLRenderTarget; onRendered?: () => void }) {
  const bufferSize = useMemo(() => new THREE.Vector2(), []);
  useFrame(({ gl, scene, camera }) => {
    gl.getDrawingBufferSize(bufferSize);
    if (target.width !== bufferSize.x || target.height !== bufferSize.y) target.setSize(bufferSize.x, bufferSize.y);

    const cameraLayers = camera.layers.mask;
    camera.layers.set(OCCLUDER_LAYER);
    gl.setRenderTarget(target);
    gl.clear();
    gl.render(scene, camera);
    camera.layers.mask = cameraLayers;

    gl.setRenderTarget(null);
    gl.render(scene, camera);
    onRendered?.();
  }, 1);
  return null;
}
