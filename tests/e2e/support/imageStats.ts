import type { Page } from "playwright-core";

/** Summary of a screenshot, computed in the page (the browser decodes the PNG). */
export interface ImageStats {
  width: number;
  height: number;
  /** Fraction of pixels that differ from the background colour by more than a few levels. */
  nonBackground: number;
  /** Fraction of pixels that are clearly pink (red and blue well above green): the Na2Cl+ colour. */
  pink: number;
  /** Fraction of pixels that are clearly yellow (red and green well above blue): region outlines. */
  yellow: number;
  /** Fraction of pixels in the AFM surface's brown-to-gold ramp (red over green over blue, red well above blue). */
  surface: number;
  /** Distinct colours among those surface pixels (at 4 levels per step): shading and relief give many. */
  surfaceColours: number;
}

export async function imageStats(page: Page, png: Buffer, background: [number, number, number]): Promise<ImageStats> {
  return page.evaluate(
    async ({ base64, background }) => {
      const pixels = await decode(base64);
      let nonBackground = 0;
      let pink = 0;
      let yellow = 0;
      let surface = 0;
      const surfaceColours = new Set<number>();
      const { data } = pixels;
      for (let i = 0; i < data.length; i += 4) {
        const [r, g, b] = [data[i], data[i + 1], data[i + 2]];
        if (Math.abs(r - background[0]) + Math.abs(g - background[1]) + Math.abs(b - background[2]) > 12) nonBackground++;
        if (r - g > 60 && b - g > 25) pink++;
        if (r > 110 && g > 100 && b < 0.6 * g) yellow++;
        if (r - b > 40 && r >= g && g >= b) {
          surface++;
          surfaceColours.add(((r >> 2) << 12) | ((g >> 2) << 6) | (b >> 2));
        }
      }
      const count = data.length / 4;
      return {
        width: pixels.width,
        height: pixels.height,
        nonBackground: nonBackground / count,
        pink: pink / count,
        yellow: yellow / count,
        surface: surface / count,
        surfaceColours: surfaceColours.size,
      };

      async function decode(png: string): Promise<ImageData> {
        const bitmap = await createImageBitmap(await (await fetch(`data:image/png;base64,${png}`)).blob());
        const context = new OffscreenCanvas(bitmap.width, bitmap.height).getContext("2d")!;
        context.drawImage(bitmap, 0, 0);
        return context.getImageData(0, 0, bitmap.width, bitmap.height);
      }
    },
    { base64: png.toString("base64"), background },
  );
}

/** Mean absolute difference per colour channel between two screenshots of the same size, 0..255. */
export async function meanAbsoluteDifference(page: Page, a: Buffer, b: Buffer): Promise<number> {
  return page.evaluate(
    async ({ first, second }) => {
      const [x, y] = await Promise.all([decode(first), decode(second)]);
      if (x.width !== y.width || x.height !== y.height) throw new Error("screenshots differ in size");
      let sum = 0;
      for (let i = 0; i < x.data.length; i += 4) {
        sum += Math.abs(x.data[i] - y.data[i]) + Math.abs(x.data[i + 1] - y.data[i + 1]) + Math.abs(x.data[i + 2] - y.data[i + 2]);
      }
      return sum / ((x.data.length / 4) * 3);

      async function decode(png: string): Promise<ImageData> {
        const bitmap = await createImageBitmap(await (await fetch(`data:image/png;base64,${png}`)).blob());
        const context = new OffscreenCanvas(bitmap.width, bitmap.height).getContext("2d")!;
        context.drawImage(bitmap, 0, 0);
        return context.getImageData(0, 0, bitmap.width, bitmap.height);
      }
    },
    { first: a.toString("base64"), second: b.toString("base64") },
  );
}
