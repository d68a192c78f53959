/**
 * An AFM height map as a lit, opaque mesh. It is also drawn in the depth pre-pass, so the ray
 * marcher stops where the surface hides the volume.
 */
import { useEffect, useLayoutEffect, useMemo, useRef } from "react";
import * as THREE from "three";
import { OCCLUDER_LAYER } from "./layers.js";

/** Vertices per side above which the mesh takes every n-th pixel. */
const MAX_MESH_SIDE = 1024;

export interface SurfaceMeshProps {
  heights: Float32Array;
  rows: number;
  cols: number;
  /** World x, y of pixel (0, 0) and the world step per column and per row. */
  origin: readonly [number, number];
  step: readonly [number, number];
  /** World z = height * zScale + zOffset. */
  zScale: number;
  zOffset: number;
  /** Heights at the two ends of the colour ramp. */
  colorRange: readonly [number, number];
  clippingPlanes: THREE.Plane[];
}

// The dark-brown to gold ramp AFM software shows topography in.
const RAMP = [new THREE.Color(0.16, 0.09, 0.05), new THREE.Color(0.7, 0.42, 0.2), new THREE.Color(1.0, 0.9, 0.66)];

/** The surface colour ramp, low to high, as a CSS gradient for a colour bar. */
export function surfaceRampGradient(): string {
  return `linear-gradient(90deg, ${RAMP.map((color) => `#${color.getHexString()}`).join(", ")})`;
}

export function SurfaceMesh(props: SurfaceMeshProps) {
  const { heights, rows, cols, origin, step, zScale, zOffset, colorRange, clippingPlanes } = props;
  const geometry = useMemo(
    () => buildSurfaceGeometry(heights, rows, cols, origin, step, zScale, zOffset, colorRange),
    [heights, rows, cols, origin, step, zScale, zOffset, colorRange],
  );
  useEffect(() => () => geometry.dispose(), [geometry]);
  const material = useMemo(
    () => new THREE.MeshStandardMaterial({ vertexColors: true, roughness: 0.65, metalness: 0.05, side: THREE.DoubleSide }),
    [],
  );
  useEffect(() => () => material.dispose(), [material]);
  useLayoutEffect(() => {
    material.clippingPlanes = clippingPlanes;
    material.needsUpdate = true;
  }, [material, clippingPlanes]);

  const mesh = useRef<THREE.Mesh>(null);
  useLayoutEffect(() => void mesh.current?.layers.enable(OCCLUDER_LAYER), []);
  return <mesh ref={mesh} geometry={geometry} material={material} />;
}

function buildSurfaceGeometry(
  heights: Float32Array,
  rows: number,
  cols: number,
  origin: readonly [number, number],
  step: readonly [number, number],
  zScale: number,
  zOffset: number,
  [low, high]: readonly [number, number],
): THREE.BufferGeometry {
  const stride = Math.max(1, Math.ceil(Math.max(rows, cols) / MAX_MESH_SIDE));
  const meshRows = Math.ceil(rows / stride);
  const meshCols = Math.ceil(cols / stride);
  const positions = new Float32Array(meshRows * meshCols * 3);
  const colors = new Float32Array(meshRows * meshCols * 3);
  const color = new THREE.Color();
  for (let r = 0; r < meshRows; r++) {
    for (let c = 0; c < meshCols; c++) {
      const row = r * stride;
      const col = c * stride;
      const height = heights[row * cols + col];
      const known = Number.isFinite(height);
      const vertex = r * meshCols + c;
      positions[vertex * 3] = origin[0] + col * step[0];
      positions[vertex * 3 + 1] = origin[1] + row * step[1];
      positions[vertex * 3 + 2] = (known ? height : low) * zScale + zOffset;
      rampColor(known ? (height - low) / (high - low || 1) : 0, color);
      color.toArray(colors, vertex * 3);
    }
  }
  const index = new Uint32Array((meshRows - 1) * (meshCols - 1) * 6);
  let i = 0;
  for (let r = 0; r + 1 < meshRows; r++) {
    for (let c = 0; c + 1 < meshCols; c++) {
      const a = r * meshCols + c;
      index.set([a, a + meshCols, a + 1, a + 1, a + meshCols, a + meshCols + 1], i);
      i += 6;
    }
  }
  const geometry = new THREE.BufferGeometry();
  geometry.setAttribute("position", new THREE.BufferAttribute(positions, 3));
  geometry.setAttribute("color", new THREE.BufferAttribute(colors, 3));
  geometry.setIndex(new THREE.BufferAttribute(index, 1));
  geometry.computeVertexNormals();
  return geometry;
}

function rampColor(t: number, target: THREE.Color): void {
  const x = Math.min(1, Math.max(0, t)) * (RAMP.length - 1);
  const k = Math.min(RAMP.length - 2, Math.floor(x));
  target.copy(RAMP[k]).lerp(RAMP[k + 1], x - k);
}
