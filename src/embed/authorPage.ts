/**
 * The author's own page for an embed folder (`afmsims embed --page FILE`), checked to be an HTML
 * page by its name and by its first bytes, so that a volume, a PDF or a Markdown file is never
 * published as the folder's index.html.
 */
import fs from "node:fs";
import path from "node:path";
import { AfmsimsError, fileError } from "../errors.js";

const PAGE_EXTENSIONS = [".html", ".htm"];
/** How much of the file is looked at before all of it is read: room for long comments before the first tag. */
const SNIFF_BYTES = 65536;
/**
 * The tags an HTML page may open with (after a BOM, white space and comments): those of the
 * WHATWG MIME sniffing rules for text/html, an XHTML page's XML declaration, and what a page of
 * viewers may start with.
 */
const FIRST_TAG = /^<(!doctype\s+html|\?xml|html|head|body|script|iframe|h1|div|font|table|a|style|title|b|br|p|meta|link|afmsims-viewer)[\s/>]/i;

function openingTagFollows(text: string): boolean {
  let rest = text.replace(/^\uFEFF/, "");
  for (;;) {
    rest = rest.trimStart();
    if (!rest.startsWith("<!--")) return FIRST_TAG.test(rest);
    const end = rest.indexOf("-->");
    if (end < 0) return false;
    rest = rest.slice(end + 3);
  }
}

function readStart(file: string): Buffer {
  const fd = fs.openSync(file, "r");
  try {
    const start = Buffer.alloc(SNIFF_BYTES);
    return start.subarray(0, fs.readSync(fd, start, 0, SNIFF_BYTES, 0));
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * The page's bytes, to be copied as they are (whatever charset the page declares); an
 * AfmsimsError naming the file when it cannot be read or is not an HTML page.
 */
export function readAuthorPage(file: string): Buffer {
  if (!PAGE_EXTENSIONS.includes(path.extname(file).toLowerCase())) {
    throw fileError(file, `--page takes an HTML page (${PAGE_EXTENSIONS.join(" or ")})`);
  }
  try {
    const start = readStart(file);
    // NUL never occurs in a text page: this is a binary file whatever its name says.
    if (start.includes(0) || !openingTagFollows(start.toString("utf8"))) {
      throw fileError(file, "is not an HTML page (it should open with <!doctype html> or an HTML tag)");
    }
    return fs.readFileSync(file);
  } catch (err) {
    if (err instanceof AfmsimsError) throw err;
    throw fileError(file, `cannot read the page (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
}
