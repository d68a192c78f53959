import * as THREE from "three";
import type { WorldBox } from "./sceneGeometry.js";
import type { CameraView } from "./viewState.js";

/** Room left around the box for the axis labels. */
const FRAME_MARGIN = 1.2;

/**
 * An oblique view from the front left, looking at the middle of the box, from just far enough
 * that the box's bounding sphere fits both the vertical and the horizontal field of view.
 */
export function homeCamera(box: WorldBox, verticalFovDegrees: number, aspect: number): CameraView {
  const target: [number, number, number] = [
    box.min[0] + box.size[0] / 2,
    box.min[1] + box.size[1] / 2,
    box.min[2] + box.size[2] / 2,
  ];
  const halfVertical = THREE.MathUtils.degToRad(verticalFovDegrees) / 2;
  const halfHorizontal = Math.atan(Math.tan(halfVertical) * aspect);
  const radius = Math.hypot(...box.size) / 2;
  const distance = (FRAME_MARGIN * radius) / Math.sin(Math.min(halfVertical, halfHorizontal));
  const direction = new THREE.Vector3(-0.6, -1.3, 0.55).normalize();
  return {
    position: [target[0] + direction.x * distance, target[1] + direction.y * distance, target[2] + direction.z * distance],
    target,
  };
}
