/**
 * What profile.worker.ts does, without the worker: assembles the volume from its messages and
 * profiles the wanted regions one at a time, by the code of `afmsims profile`. Regions that are
 * no longer wanted when their turn comes are skipped, so a quick series of edits profiles only
 * the last.
 */
import type { VolumeModel } from "../../model/types.js";
import { profileRegion } from "../../profile/region.js";
import type { ProfileAnswer, ProfileRequest } from "./profileProtocol.js";

export class ProfileService {
  private volume: VolumeModel | null = null;
  private missing = 0;
  private wanted: string[] = [];

  receive(request: ProfileRequest): void {
    if (request.type === "volume") {
      this.volume = { ...request.header, data: new Float32Array(request.length) };
      this.missing = request.length;
    } else if (request.type === "data") {
      this.volume!.data.set(request.values, request.offset);
      this.missing -= request.values.length;
    } else {
      this.wanted = [...new Set(request.shapes)];
    }
  }

  /** Whether `next` has a region to profile. */
  get busy(): boolean {
    return this.volume !== null && this.missing === 0 && this.wanted.length > 0;
  }

  /** The next wanted region's profile, or null while the volume is incomplete or nothing is wanted. */
  next(): ProfileAnswer | null {
    if (!this.busy) return null;
    const shape = this.wanted.shift()!;
    try {
      const { profile, context } = profileRegion(this.volume!, shape);
      return { type: "profile", shape, profile, context };
    } catch (error) {
      return { type: "problem", shape, problem: error instanceof Error ? error.message : String(error) };
    }
  }
}
