/** The index.html of an embed folder: no inline script, so a strict CSP holds. */

export const VIEWER_MODULE = "afmsims-viewer.js";
export const VOLUME_FILE = "volume.h5";
/** What the page itself declares; a host may send a stricter policy as a header. */
export const EMBED_CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self' 'unsafe-inline'; img-src 'self' data:";

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export interface EmbedPageOptions {
  title: string;
  /** Channel labels shown at first. */
  channels: readonly string[];
}

export function embedPage({ title, channels }: EmbedPageOptions): string {
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta http-equiv="Content-Security-Policy" content="${EMBED_CSP}" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>${escapeHtml(title)}</title>
    <link rel="icon" href="data:," />
    <style>
      html, body { margin: 0; height: 100%; background: #0d1117; }
      afmsims-viewer { height: 100%; }
    </style>
    <script type="module" src="./${VIEWER_MODULE}"></script>
  </head>
  <body>
    <afmsims-viewer src="${VOLUME_FILE}" channels="${escapeHtml(channels.join(","))}" controls="full"></afmsims-viewer>
  </body>
</html>
`;
}
