/**
 * Region profiles for the page: the exact profile of every region is computed in a worker
 * (profile.worker.ts), which gets its own copy of the volume once; until it answers, and while a
 * region is dragged, the page shows the draft that roiProfiles.ts computes at once from a sample
 * of the region's pixels (small regions are exact already).
 */
import type { VolumeModel } from "../../model/types.js";
import { profiledRegion } from "../../profile/region.js";
import { volumeMessages, type ProfileAnswer, type ProfileRequest } from "./profileProtocol.js";
import { createRoiProfiler, type RoiProfile } from "./roiProfiles.js";

export interface RegionRequest {
  shape: string;
  /** Being drawn or moved: shown as a draft, no exact profile wanted. */
  dragged: boolean;
}

/** The part of a Worker the profiler uses (a fake one in unit tests). */
export interface ProfileWorker {
  postMessage(message: ProfileRequest, transfer: Transferable[]): void;
  onmessage: ((event: MessageEvent<ProfileAnswer>) => void) | null;
  onerror: ((event: ErrorEvent) => void) | null;
  terminate(): void;
}

export interface LiveProfiler {
  /** Starts the worker and hands it the volume now, so that the first exact profile need not wait for it. */
  start(): void;
  /** What to show for each region now: exact where the worker has answered, else a draft. */
  profiles(regions: readonly RegionRequest[]): RoiProfile[];
  /** Asks the worker for the exact profiles still missing, dropping requests no longer wanted. */
  want(regions: readonly RegionRequest[]): void;
  /** Called whenever an exact profile arrives; returns the unsubscriber. */
  subscribe(listener: () => void): () => void;
  /** Stops the worker; a later `start` or `want` starts another. */
  dispose(): void;
}

/** Exact profiles kept: the regions on show and the last few positions of moved ones. */
const CACHE_SIZE = 64;

export function startProfileWorker(): ProfileWorker {
  return new Worker(new URL("../profile.worker.ts", import.meta.url), { type: "module" }) as ProfileWorker;
}

export function createLiveProfiler(volume: VolumeModel, startWorker: () => ProfileWorker = startProfileWorker): LiveProfiler {
  const local = createRoiProfiler(volume);
  const exact = new Map<string, RoiProfile>();
  const listeners = new Set<() => void>();
  let worker: ProfileWorker | null = null;
  let asked: string | null = null;
  // A worker that failed (e.g. out of memory for its copy) leaves the exact profiles to this thread: slow, but right.
  let workerFailed = false;

  const connect = (): ProfileWorker => {
    if (worker) return worker;
    const started = startWorker();
    started.onmessage = ({ data: answer }) => {
      if (worker !== started) return;
      if (exact.size >= CACHE_SIZE) exact.delete(exact.keys().next().value!);
      const { shape } = answer;
      exact.set(shape, answer.type === "profile" ? { shape, region: profiledRegion(answer.profile, answer.context) } : { shape, problem: answer.problem });
      listeners.forEach((listener) => listener());
    };
    started.onerror = () => {
      if (worker !== started) return;
      workerFailed = true;
      listeners.forEach((listener) => listener());
    };
    worker = started;
    void handOver(started, () => worker === started);
    return started;
  };

  // The volume goes over in slices, one per task, so the page keeps drawing meanwhile.
  const handOver = async (to: ProfileWorker, stillWanted: () => boolean) => {
    for (const message of volumeMessages(volume)) {
      if (!stillWanted()) return;
      to.postMessage(message, message.type === "data" ? [message.values.buffer] : []);
      await new Promise((resolve) => setTimeout(resolve, 0));
    }
  };

  return {
    start: () => void connect(),
    profiles: (regions) =>
      regions.map(({ shape, dragged }) => (dragged ? local.draft(shape) : (exact.get(shape) ?? (workerFailed ? local.exact(shape) : local.draft(shape))))),
    want(regions) {
      if (workerFailed) return;
      const shapes = regions.filter(({ shape, dragged }) => !dragged && !exact.has(shape)).map(({ shape }) => shape);
      const key = shapes.join("\n");
      if (key === asked || (shapes.length === 0 && !worker)) return;
      asked = key;
      connect().postMessage({ type: "want", shapes }, []);
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    dispose() {
      worker?.terminate();
      worker = null;
      asked = null;
    },
  };
}
