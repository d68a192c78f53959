/** Regions of interest as outlines on a horizontal plane, each named by a label. */
import { useEffect, useMemo } from "react";
import * as THREE from "three";
import { createTextSprite, disposeTextSprite } from "./textSprite.js";

export interface RegionOutline {
  label: string;
  /** Closed loop of world points. */
  points: readonly (readonly [number, number, number])[];
}

const OUTLINE_COLOR = "#f0e442";

export function RegionOutlines({ outlines }: { outlines: RegionOutline[] }) {
  const group = useMemo(() => {
    const root = new THREE.Group();
    for (const outline of outlines) {
      const geometry = new THREE.BufferGeometry().setFromPoints(outline.points.map((p) => new THREE.Vector3(...p)));
      // Drawn over everything: a region is a selection, not an object in the sample.
      const line = new THREE.LineLoop(geometry, new THREE.LineBasicMaterial({ color: OUTLINE_COLOR, depthTest: false }));
      line.renderOrder = 15;
      root.add(line);
      if (outline.label) {
        const top = outline.points.reduce((best, p) => (p[1] > best[1] ? p : best));
        const label = createTextSprite(outline.label, OUTLINE_COLOR);
        label.center.set(0.5, -0.3);
        label.position.set(...top);
        root.add(label);
      }
    }
    return root;
  }, [outlines]);

  useEffect(
    () => () =>
      group.traverse((object) => {
        if (object instanceof THREE.Sprite) disposeTextSprite(object);
        if (object instanceof THREE.LineLoop) {
          object.geometry.dispose();
          (object.material as THREE.Material).dispose();
        }
      }),
    [group],
  );
  return <primitive object={group} />;
}
