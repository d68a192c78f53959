/// <reference lib="webworker" />
/**
 * Exact depth profiles of the viewer's regions, off the main thread (a whole-field region of a
 * 512 x 512 x 150 x 4 volume takes most of a second). One region per task, so that requests
 * arriving meanwhile can drop the regions that are no longer wanted.
 */
import { ProfileService } from "./app/profileService.js";
import { answerTransferables, type ProfileRequest } from "./app/profileProtocol.js";

declare const self: DedicatedWorkerGlobalScope;

const service = new ProfileService();
let scheduled = false;

function schedule(): void {
  if (scheduled || !service.busy) return;
  scheduled = true;
  setTimeout(() => {
    scheduled = false;
    const answer = service.next();
    if (answer) self.postMessage(answer, answerTransferables(answer));
    schedule();
  }, 0);
}

self.onmessage = (event: MessageEvent<ProfileRequest>) => {
  service.receive(event.data);
  schedule();
};
