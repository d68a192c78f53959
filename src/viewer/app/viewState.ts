/**
 * Everything a user can set in the viewer, as plain data: what the stores hold and what the URL
 * hash carries. World coordinates are micrometres (see sceneGeometry.ts).
 */

export type RenderMode = "mip" | "composite" | "iso";
export const RENDER_MODES: readonly RenderMode[] = ["mip", "composite", "iso"];

export type SurfaceChoice = "none" | "before" | "after" | "both";
export const SURFACE_CHOICES: readonly SurfaceChoice[] = ["none", "before", "after", "both"];

export type Vec3 = readonly [number, number, number];

export interface ChannelView {
  visible: boolean;
  /** `#rrggbb`. */
  color: string;
  /** Window in data units (corrected counts per voxel). */
  windowMin: number;
  windowMax: number;
  gamma: number;
  /**
   * Opacity at the top of the window, per voxel in composite mode. In MIP and iso modes, the
   * strength relative to the most opaque visible channel (brightness, surface opacity).
   */
  opacity: number;
  /** Isosurface threshold, data units. */
  isoLevel: number;
}

export interface CameraView {
  position: Vec3;
  target: Vec3;
}

/** An axis-aligned box as fractions of the data extent, in index order `[col, row, layer]`. */
export interface ClipBox {
  min: Vec3;
  max: Vec3;
}

/** Slice plane positions as fractions along `[col, row, layer]`; null hides that plane. */
export type SlicePositions = readonly [number | null, number | null, number | null];

/** A rectangular region of interest in SIMS pixels, inclusive corners. */
export interface RegionOfInterest {
  name: string;
  row0: number;
  col0: number;
  row1: number;
  col1: number;
}

export interface SceneView {
  mode: RenderMode;
  /** Vertical over lateral scale factor of the display. */
  zExaggeration: number;
  clip: ClipBox;
  slices: SlicePositions;
  surface: SurfaceChoice;
}

export interface ViewState {
  scene: SceneView;
  channels: ChannelView[];
  /** Null until the user moves the camera: the viewer then frames the data itself. */
  camera: CameraView | null;
  rois: RegionOfInterest[];
}

export const FULL_CLIP: ClipBox = { min: [0, 0, 0], max: [1, 1, 1] };
