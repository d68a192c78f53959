/**
 * The view state as a URL hash and back, so a view can be bookmarked and shared:
 * `#m=mip&zx=120&clip=0,0,0,1,1,1&sl=-,-,0.5&srf=after&ch=1,cc79a7,0,12,1,0.8,3;...&cam=...&roi=...`
 * Numbers are written in full (String), so decoding what was encoded is exact. Decoding is
 * forgiving: a missing or malformed field keeps the value from `base`.
 */
import { parseRoi } from "../../profile/roi.js";
import {
  RENDER_MODES,
  SURFACE_CHOICES,
  type CameraView,
  type ChannelView,
  type ClipBox,
  type RegionOfInterest,
  type RenderMode,
  type SlicePositions,
  type SurfaceChoice,
  type Vec3,
  type ViewState,
} from "./viewState.js";

export function encodeViewState(state: ViewState): string {
  const { scene } = state;
  const fields: [string, string][] = [
    ["m", scene.mode],
    ["zx", String(scene.zExaggeration)],
    ["clip", [...scene.clip.min, ...scene.clip.max].map(String).join(",")],
    ["sl", scene.slices.map((s) => (s === null ? "-" : String(s))).join(",")],
    ["srf", scene.surface],
    ["ch", state.channels.map(encodeChannel).join(";")],
  ];
  if (state.camera) fields.push(["cam", [...state.camera.position, ...state.camera.target].map(String).join(",")]);
  if (state.rois.length > 0) fields.push(["roi", state.rois.map(encodeRoi).join(";")]);
  return "#" + fields.map(([key, value]) => `${key}=${value}`).join("&");
}

export function decodeViewState(hash: string, base: ViewState): ViewState {
  const fields = new Map<string, string>();
  for (const part of hash.replace(/^#/, "").split("&")) {
    const equals = part.indexOf("=");
    if (equals > 0) fields.set(part.slice(0, equals), part.slice(equals + 1));
  }
  const field = <T>(key: string, parse: (text: string) => T | null, fallback: T): T => {
    const text = fields.get(key);
    return text === undefined ? fallback : (parse(text) ?? fallback);
  };

  return {
    scene: {
      mode: field("m", (t) => oneOf<RenderMode>(t, RENDER_MODES), base.scene.mode),
      zExaggeration: field("zx", parsePositive, base.scene.zExaggeration),
      clip: field("clip", parseClip, base.scene.clip),
      slices: field("sl", parseSlices, base.scene.slices),
      surface: field("srf", (t) => oneOf<SurfaceChoice>(t, SURFACE_CHOICES), base.scene.surface),
    },
    channels: field("ch", (t) => parseChannels(t, base.channels), base.channels),
    camera: field("cam", parseCamera, base.camera),
    rois: field("roi", parseRois, base.rois),
  };
}

function encodeChannel(c: ChannelView): string {
  return [c.visible ? "1" : "0", c.color.replace(/^#/, ""), c.windowMin, c.windowMax, c.gamma, c.opacity, c.isoLevel]
    .map(String)
    .join(",");
}

function encodeRoi(r: RegionOfInterest): string {
  return `${encodeURIComponent(r.name)},${encodeURIComponent(r.shape)}`;
}

function oneOf<T extends string>(text: string, allowed: readonly T[]): T | null {
  return (allowed as readonly string[]).includes(text) ? (text as T) : null;
}

function parseNumber(text: string): number | null {
  if (text.trim() === "") return null;
  const value = Number(text);
  return Number.isFinite(value) ? value : null;
}

function parsePositive(text: string): number | null {
  const value = parseNumber(text);
  return value !== null && value > 0 ? value : null;
}

function parseNumbers(text: string, count: number): number[] | null {
  const parts = text.split(",");
  if (parts.length !== count) return null;
  const values = parts.map(parseNumber);
  return values.every((v) => v !== null) ? (values as number[]) : null;
}

function parseFraction(text: string): number | null {
  const value = parseNumber(text);
  return value !== null && value >= 0 && value <= 1 ? value : null;
}

function parseClip(text: string): ClipBox | null {
  const values = parseNumbers(text, 6);
  if (!values || values.some((v) => v < 0 || v > 1)) return null;
  const [c0, r0, l0, c1, r1, l1] = values;
  if (c0 >= c1 || r0 >= r1 || l0 >= l1) return null;
  return { min: [c0, r0, l0], max: [c1, r1, l1] };
}

function parseSlices(text: string): SlicePositions | null {
  const parts = text.split(",");
  if (parts.length !== 3) return null;
  const values = parts.map((p) => (p === "-" ? null : parseFraction(p)));
  if (values.some((v, i) => v === null && parts[i] !== "-")) return null;
  return [values[0], values[1], values[2]];
}

function parseChannels(text: string, base: ChannelView[]): ChannelView[] {
  const entries = text.split(";");
  return base.map((fallback, index) => (index < entries.length ? parseChannel(entries[index]) : null) ?? fallback);
}

function parseChannel(text: string): ChannelView | null {
  const parts = text.split(",");
  if (parts.length !== 7 || (parts[0] !== "0" && parts[0] !== "1") || !/^[0-9a-fA-F]{6}$/.test(parts[1])) return null;
  const numbers = parts.slice(2).map(parseNumber);
  if (numbers.some((v) => v === null)) return null;
  const [windowMin, windowMax, gamma, opacity, isoLevel] = numbers as number[];
  if (!(gamma > 0) || opacity < 0 || opacity > 1) return null;
  return { visible: parts[0] === "1", color: `#${parts[1].toLowerCase()}`, windowMin, windowMax, gamma, opacity, isoLevel };
}

function parseCamera(text: string): CameraView | null {
  const values = parseNumbers(text, 6);
  if (!values) return null;
  const position: Vec3 = [values[0], values[1], values[2]];
  const target: Vec3 = [values[3], values[4], values[5]];
  return { position, target };
}

function parseRois(text: string): RegionOfInterest[] | null {
  const rois: RegionOfInterest[] = [];
  for (const entry of text.split(";")) {
    const parts = entry.split(",");
    if (parts.length !== 2) return null;
    try {
      const roi = { name: decodeURIComponent(parts[0]), shape: decodeURIComponent(parts[1]) };
      parseRoi(roi.shape);
      rois.push(roi);
    } catch {
      return null;
    }
  }
  return rois;
}
