/** The data box outline with ticked, labelled axes along three of its edges. */
import { useEffect, useMemo } from "react";
import * as THREE from "three";
import { createTextSprite, disposeTextSprite } from "./textSprite.js";

export type Point = readonly [number, number, number];

export interface AxisLayout {
  /** World points of the tick marks and their labels (units included where wanted), each optionally anchored on its own. */
  ticks: { at: Point; label: string; anchor?: number }[];
  /** The tick mark, from its point outwards, in world units. */
  outward: Point;
  /** Horizontal anchor of the tick labels: 0 starts them at their point, 0.5 centres them, 1 ends them there. */
  labelAnchor: number;
}

export interface BoxAxesProps {
  min: Point;
  max: Point;
  axes: AxisLayout[];
}

const LINE_COLOR = "#5d6773";

export function BoxAxes({ min, max, axes }: BoxAxesProps) {
  const group = useMemo(() => {
    const root = new THREE.Group();
    const size = new THREE.Vector3(max[0] - min[0], max[1] - min[1], max[2] - min[2]);
    const outline = new THREE.LineSegments(
      new THREE.EdgesGeometry(new THREE.BoxGeometry(size.x, size.y, size.z)),
      new THREE.LineBasicMaterial({ color: LINE_COLOR }),
    );
    outline.position.set((min[0] + max[0]) / 2, (min[1] + max[1]) / 2, (min[2] + max[2]) / 2);
    root.add(outline);

    const tickPoints: number[] = [];
    for (const axis of axes) {
      for (const tick of axis.ticks) {
        tickPoints.push(...tick.at, ...tick.at.map((v, i) => v + axis.outward[i]));
        const anchor = tick.anchor ?? axis.labelAnchor;
        const label = createTextSprite(tick.label, undefined, anchor);
        label.position.set(...addScaled(tick.at, axis.outward, anchor === 0.5 ? 3 : 1.8));
        root.add(label);
      }
    }
    const tickGeometry = new THREE.BufferGeometry();
    tickGeometry.setAttribute("position", new THREE.Float32BufferAttribute(tickPoints, 3));
    root.add(new THREE.LineSegments(tickGeometry, new THREE.LineBasicMaterial({ color: LINE_COLOR })));
    return root;
  }, [min, max, axes]);

  useEffect(
    () => () =>
      group.traverse((object) => {
        if (object instanceof THREE.Sprite) disposeTextSprite(object);
        if (object instanceof THREE.LineSegments) {
          object.geometry.dispose();
          (object.material as THREE.Material).dispose();
        }
      }),
    [group],
  );
  return <primitive object={group} />;
}

function addScaled(point: Point, direction: Point, factor: number): [number, number, number] {
  return [point[0] + direction[0] * factor, point[1] + direction[1] * factor, point[2] + direction[2] * factor];
}
