import type { Page } from "playwright-core";

/** How far a screenshot is from its baseline. */
export interface ImageDifference {
  /** Mean absolute difference per colour channel, 0..255. */
  meanAbsolute: number;
  /** Fraction of pixels where some colour channel differs by more than STRONG_DIFFERENCE. */
  strongly: number;
}

/** A colour-channel difference no rendering jitter reaches: a different colour, not a shade. */
export const STRONG_DIFFERENCE = 48;

/**
 * `png` at half its size (so baselines stay small and single-pixel jitter averages out), decoded,
 * scaled and encoded again by the page.
 */
export async function halfSize(page: Page, png: Buffer): Promise<Buffer> {
  const base64 = await page.evaluate(async (source) => {
    const bitmap = await createImageBitmap(await (await fetch(`data:image/png;base64,${source}`)).blob());
    const canvas = new OffscreenCanvas(Math.round(bitmap.width / 2), Math.round(bitmap.height / 2));
    const context = canvas.getContext("2d")!;
    context.imageSmoothingQuality = "high";
    context.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
    const bytes = new Uint8Array(await (await canvas.convertToBlob({ type: "image/png" })).arrayBuffer());
    let binary = "";
    for (const byte of bytes) binary += String.fromCharCode(byte);
    return btoa(binary);
  }, png.toString("base64"));
  return Buffer.from(base64, "base64");
}

/** Compares two PNGs of the same size in the page; throws when the sizes differ. */
export async function imageDifference(page: Page, actual: Buffer, baseline: Buffer): Promise<ImageDifference> {
  return page.evaluate(
    async ({ first, second, strong }) => {
      const decode = async (png: string) => {
        const bitmap = await createImageBitmap(await (await fetch(`data:image/png;base64,${png}`)).blob());
        const context = new OffscreenCanvas(bitmap.width, bitmap.height).getContext("2d")!;
        context.drawImage(bitmap, 0, 0);
        return context.getImageData(0, 0, bitmap.width, bitmap.height);
      };
      const [x, y] = await Promise.all([decode(first), decode(second)]);
      if (x.width !== y.width || x.height !== y.height) throw new Error(`size ${x.width}x${x.height}, baseline ${y.width}x${y.height}`);
      let sum = 0;
      let strongly = 0;
      for (let i = 0; i < x.data.length; i += 4) {
        let largest = 0;
        for (let c = 0; c < 3; c++) {
          const difference = Math.abs(x.data[i + c] - y.data[i + c]);
          sum += difference;
          largest = Math.max(largest, difference);
        }
        if (largest > strong) strongly++;
      }
      const pixels = x.data.length / 4;
      return { meanAbsolute: sum / (pixels * 3), strongly: strongly / pixels };
    },
    { first: actual.toString("base64"), second: baseline.toString("base64"), strong: STRONG_DIFFERENCE },
  );
}
