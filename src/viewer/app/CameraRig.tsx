/**
 * Orbit/pan/zoom around the data. Renders only on change; while the user drags, the canvas drops
 * to half resolution and the ray marcher to coarser steps, then both come back when they let go.
 * The resting camera goes to the camera store (and from there to the URL).
 */
import { useThree } from "@react-three/fiber";
import { useEffect, useMemo, useRef } from "react";
import * as THREE from "three";
import { OrbitControls } from "three/examples/jsm/controls/OrbitControls.js";
import { homeCamera } from "./homeCamera.js";
import type { WorldBox } from "./sceneGeometry.js";
import { useViewerStores } from "./stores.js";
import type { CameraView } from "./viewState.js";

/** Camera coordinates are rounded to this many world units (nanometres) in the stored view. */
const CAMERA_PRECISION = 1e-3;

export function CameraRig({ box, onInteracting }: { box: WorldBox; onInteracting: (active: boolean) => void }) {
  const camera = useThree((state) => state.camera);
  const domElement = useThree((state) => state.gl.domElement);
  const invalidate = useThree((state) => state.invalidate);
  const stores = useViewerStores();
  // The home view frames the box as it is when the view is reset, without following later
  // exaggeration changes.
  const currentBox = useRef(box);
  currentBox.current = box;

  const controls = useMemo(() => {
    camera.up.set(0, 0, 1);
    const orbit = new OrbitControls(camera, domElement);
    orbit.enableDamping = false;
    orbit.zoomToCursor = true;
    return orbit;
  }, [camera, domElement]);

  useEffect(() => {
    const apply = (view: CameraView | null) => {
      const perspective = camera as THREE.PerspectiveCamera;
      const { position, target } = view ?? homeCamera(currentBox.current, perspective.fov, perspective.aspect);
      camera.position.set(...position);
      controls.target.set(...target);
      const span = Math.hypot(...currentBox.current.size);
      perspective.near = span / 1000;
      perspective.far = span * 100;
      perspective.updateProjectionMatrix();
      controls.update();
      invalidate();
    };
    apply(stores.camera.getState().camera);
    return stores.camera.subscribe((state, previous) => {
      if (state.camera !== previous.camera && !sameView(state.camera, currentView(camera, controls))) apply(state.camera);
    });
  }, [camera, controls, stores, invalidate]);

  useEffect(() => {
    const onChange = () => invalidate();
    const onStart = () => onInteracting(true);
    const onEnd = () => {
      onInteracting(false);
      stores.camera.getState().setCamera(currentView(camera, controls));
    };
    controls.addEventListener("change", onChange);
    controls.addEventListener("start", onStart);
    controls.addEventListener("end", onEnd);
    return () => {
      controls.removeEventListener("change", onChange);
      controls.removeEventListener("start", onStart);
      controls.removeEventListener("end", onEnd);
    };
  }, [controls, camera, stores, invalidate, onInteracting]);

  useEffect(() => () => controls.dispose(), [controls]);
  return null;
}

function currentView(camera: THREE.Camera, controls: OrbitControls): CameraView {
  const round = (v: number) => Math.round(v / CAMERA_PRECISION) * CAMERA_PRECISION;
  return {
    position: [round(camera.position.x), round(camera.position.y), round(camera.position.z)],
    target: [round(controls.target.x), round(controls.target.y), round(controls.target.z)],
  };
}

function sameView(a: CameraView | null, b: CameraView): boolean {
  return a !== null && a.position.every((v, i) => v === b.position[i]) && a.target.every((v, i) => v === b.target[i]);
}
