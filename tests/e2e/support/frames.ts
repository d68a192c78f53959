import type { Page } from "playwright-core";

const FRAME_COUNTER = "[data-testid=viewer-canvas]";

async function frameCount(page: Page): Promise<number> {
  return Number(await page.getAttribute(FRAME_COUNTER, "data-frames"));
}

/**
 * Runs `action`, then waits until the viewer has drawn a frame after it and has been idle for
 * `quietMs` (the viewer renders on demand, so idle means the image is final). Without an action,
 * waits for the first frame of a freshly shown volume (its counter starts at 0).
 */
export async function settledAfter(page: Page, action?: () => Promise<void>, quietMs = 400): Promise<void> {
  const before = action ? await frameCount(page) : 0;
  await action?.();
  await page.waitForFunction(
    ({ selector, before }) => Number(document.querySelector(selector)?.getAttribute("data-frames") ?? 0) > before,
    { selector: FRAME_COUNTER, before },
    { timeout: 60_000 },
  );
  let seen = await frameCount(page);
  for (;;) {
    await page.waitForTimeout(quietMs);
    const now = await frameCount(page);
    if (now === seen) return;
    seen = now;
  }
}
