/**
 * Messages between the page (workerProfiles.ts) and profile.worker.ts. The volume goes over once,
 * in slices of its data, so that no single copy holds up the page; then the page names the
 * regions whose exact profiles it wants, and the worker answers one region at a time.
 */
import type { VolumeModel } from "../../model/types.js";
import type { ProfileContext } from "../../profile/format.js";
import type { RegionProfile } from "../../profile/profile.js";

export type VolumeHeader = Omit<VolumeModel, "data">;

export type ProfileRequest =
  /** The volume without its data; `length` values of data follow. */
  | { type: "volume"; header: VolumeHeader; length: number }
  | { type: "data"; offset: number; values: Float32Array }
  /** The regions (`afmsims profile --roi` text) to profile, replacing any wanted before. */
  | { type: "want"; shapes: string[] };

export type ProfileAnswer =
  | { type: "profile"; shape: string; profile: RegionProfile; context: ProfileContext }
  | { type: "problem"; shape: string; problem: string };

/** Values per data message: 4 MB, a millisecond or two to copy. */
export const DATA_SLICE = 1024 * 1024;

/** The messages that hand `volume` to the worker, the data sliced by `slice` values. */
export function* volumeMessages(volume: VolumeModel, slice = DATA_SLICE): Generator<ProfileRequest> {
  const { data, ...header } = volume;
  yield { type: "volume", header, length: data.length };
  for (let offset = 0; offset < data.length; offset += slice) {
    yield { type: "data", offset, values: data.slice(offset, offset + slice) };
  }
}

/** The buffers an answer can hand over rather than copy. */
export function answerTransferables(answer: ProfileAnswer): Transferable[] {
  if (answer.type === "problem") return [];
  const { positions, means, pixelsWithData } = answer.profile;
  return [positions.buffer, means.buffer, pixelsWithData.buffer];
}
