import * as THREE from "three";
import { describe, expect, it } from "vitest";
import { homeCamera } from "../../src/viewer/app/homeCamera.js";

describe("homeCamera", () => {
  const box = { min: [-20, -20, -12] as const, size: [40, 40, 12] as const };

  for (const aspect of [0.6, 1, 1.8]) {
    it(`keeps the whole box in view at aspect ${aspect}, with a margin`, () => {
      const view = homeCamera(box, 35, aspect);
      const camera = new THREE.PerspectiveCamera(35, aspect, 0.1, 1000);
      camera.up.set(0, 0, 1);
      camera.position.set(...view.position);
      camera.lookAt(...view.target);
      camera.updateMatrixWorld();
      let widest = 0;
      for (const corner of [0, 1, 2, 3, 4, 5, 6, 7]) {
        const point = new THREE.Vector3(
          box.min[0] + (corner & 1 ? box.size[0] : 0),
          box.min[1] + (corner & 2 ? box.size[1] : 0),
          box.min[2] + (corner & 4 ? box.size[2] : 0),
        ).project(camera);
        widest = Math.max(widest, Math.abs(point.x), Math.abs(point.y));
      }
      expect(widest).toBeLessThan(0.9);
      // ... yet not lost in the middle of the view.
      expect(widest).toBeGreaterThan(0.5);
    });
  }

  it("looks at the middle of the box from the front left and above", () => {
    const view = homeCamera(box, 35, 1.5);
    expect(view.target).toEqual([0, 0, -6]);
    expect(view.position[0]).toBeLessThan(0);
    expect(view.position[1]).toBeLessThan(0);
    expect(view.position[2]).toBeGreaterThan(0);
  });
});
