/**
 * Exact profiles off the main thread, without a browser: the worker's logic (ProfileService) fed
 * the messages the page sends, and the page's profiler talking to it through a stand-in worker.
 * The numbers must be those of `afmsims profile` (profileRegion, the CLI's code).
 */
import { describe, expect, it } from "vitest";
import { profileRegion } from "../../src/profile/region.js";
import { volumeMessages, type ProfileAnswer, type ProfileRequest } from "../../src/viewer/app/profileProtocol.js";
import { ProfileService } from "../../src/viewer/app/profileService.js";
import { syntheticVolume } from "../../src/viewer/app/syntheticVolume.js";
import { createLiveProfiler, type ProfileWorker } from "../../src/viewer/app/workerProfiles.js";

// 80 x 80 pixels of 0.5 um: a whole-field region has more pixels than a draft uses.
const volume = syntheticVolume({ rows: 80, cols: 80, nz: 16, field: 40e-6 });
const whole = "rect:0,0,39.5,39.5";
const left = "rect:0,0,19.5,39.5";
const crystal = "circle:20,20,12";

/** A worker that runs the service in this thread when told to, copying messages as postMessage does. */
class StandInWorker implements ProfileWorker {
  readonly service = new ProfileService();
  readonly requests: ProfileRequest[] = [];
  onmessage: ((event: MessageEvent<ProfileAnswer>) => void) | null = null;
  onerror: ((event: ErrorEvent) => void) | null = null;
  terminated = false;

  postMessage(message: ProfileRequest): void {
    this.requests.push(message);
    this.service.receive(structuredClone(message));
  }

  /** Runs every task the worker has queued, answering each. */
  work(): void {
    for (let answer = this.service.next(); answer; answer = this.service.next()) {
      this.onmessage?.({ data: structuredClone(answer) } as MessageEvent<ProfileAnswer>);
    }
  }

  terminate(): void {
    this.terminated = true;
  }
}

async function until(condition: () => boolean): Promise<void> {
  for (let tries = 0; !condition(); tries++) {
    if (tries > 1000) throw new Error("timed out");
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
}

function feed(service: ProfileService, slice: number): void {
  for (const message of volumeMessages(volume, slice)) service.receive(structuredClone(message));
}

describe("the profile worker's service", () => {
  it("assembles the volume from slices and answers with the CLI's profile", () => {
    const service = new ProfileService();
    const messages = [...volumeMessages(volume, 10_000)];
    expect(messages.length).toBe(1 + Math.ceil(volume.data.length / 10_000));
    service.receive({ type: "want", shapes: [whole] });
    for (const message of messages.slice(0, -1)) service.receive(structuredClone(message));
    // Not before the last slice is in.
    expect(service.next()).toBeNull();
    service.receive(structuredClone(messages.at(-1)!));
    const answer = service.next();
    expect(answer?.type).toBe("profile");
    if (answer?.type !== "profile") return;
    const cli = profileRegion(volume, whole);
    expect(Array.from(answer.profile.means)).toEqual(Array.from(cli.profile.means));
    expect(Array.from(answer.profile.positions)).toEqual(Array.from(cli.profile.positions));
    expect(answer.context).toEqual(cli.context);
    expect(service.next()).toBeNull();
  });

  it("skips regions no longer wanted and reports a bad region as a problem", () => {
    const service = new ProfileService();
    feed(service, 50_000);
    service.receive({ type: "want", shapes: [whole, left] });
    expect(service.next()?.shape).toBe(whole);
    service.receive({ type: "want", shapes: [crystal, "circle:-30,-30,2"] });
    expect(service.next()?.shape).toBe(crystal);
    const problem = service.next();
    expect(problem).toMatchObject({ type: "problem", shape: "circle:-30,-30,2" });
    expect(problem?.type === "problem" && problem.problem).toMatch(/lies outside the SIMS field/);
    expect(service.next()).toBeNull();
  });
});

/** A profiler on a stand-in worker, counting the times it says profiles arrived. */
function standInProfiler() {
  const worker = new StandInWorker();
  const profiler = createLiveProfiler(volume, () => worker);
  const arrivals = { count: 0 };
  profiler.subscribe(() => arrivals.count++);
  return { worker, profiler, arrivals };
}

describe("the page's profiler", () => {
  it("shows a draft until the worker's exact profile arrives, then the CLI's CSV", async () => {
    const { worker, profiler, arrivals } = standInProfiler();
    const regions = [{ shape: whole, dragged: false }];

    const [before] = profiler.profiles(regions);
    expect(before.draft?.pixels).toBe(6400);
    profiler.want(regions);
    await until(() => worker.service.busy);
    worker.work();
    expect(arrivals.count).toBe(1);
    const [after] = profiler.profiles(regions);
    expect(after.region?.csv()).toBe(profileRegion(volume, whole).csv());
    // The volume went over whole, once, in slices.
    const slices = worker.requests.filter((r) => r.type === "data");
    expect(slices.reduce((sum, r) => sum + (r.type === "data" ? r.values.length : 0), 0)).toBe(volume.data.length);
  });

  it("asks nothing for a dragged region and drops what a moved region no longer needs", async () => {
    const { worker, profiler } = standInProfiler();
    profiler.want([{ shape: left, dragged: true }]);
    // No exact profile wanted, no worker started.
    expect(worker.requests).toEqual([]);
    expect(profiler.profiles([{ shape: left, dragged: true }])[0].draft).toBeDefined();

    profiler.want([{ shape: whole, dragged: false }]);
    profiler.want([{ shape: crystal, dragged: false }]);
    await until(() => worker.service.busy);
    worker.work();
    expect(profiler.profiles([{ shape: crystal, dragged: false }])[0].region?.csv()).toBe(profileRegion(volume, crystal).csv());
    // The whole field was replaced before the worker came to it: still a draft.
    expect(profiler.profiles([{ shape: whole, dragged: false }])[0].draft).toBeDefined();

    profiler.dispose();
    expect(worker.terminated).toBe(true);
  });

  it("computes exact profiles on the page when the worker fails", async () => {
    const { worker, profiler, arrivals } = standInProfiler();
    const regions = [{ shape: whole, dragged: false }];
    profiler.want(regions);
    expect(profiler.profiles(regions)[0].draft).toBeDefined();
    worker.onerror?.({ message: "out of memory" } as ErrorEvent);
    expect(arrivals.count).toBe(1);
    expect(profiler.profiles(regions)[0].region?.csv()).toBe(profileRegion(volume, whole).csv());
  });
});
