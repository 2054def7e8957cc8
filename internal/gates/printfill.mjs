// How full each printed page is: the measurement behind issue 13's "many
// half-empty pages", kept so that the same method gives every number.
//
// A page is printed as the gates print it (print media, A4, the page's own
// @page size, backgrounds), the PDF is rasterised at 40 dpi in grey with
// pdftoppm, and for each page the fill is the share of the printable
// height, the @page box between the top and bottom margins (so the running
// header and footer bands do not count), down to the lowest row that has a
// non-white pixel. A page less than a third full is "sparse".
//
// As a command: node printfill.mjs page.html [out.pdf]
// prints the page's numbers; the gates import printPDF and pageFill.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';

// The @page margins of static/briefing.css, in millimetres. The method
// measures between them; if the stylesheet's margins change, change these
// with them (and say so beside any number compared across the change).
export const margins = { top: 18, bottom: 20 };
const a4Height = 297;
const dpi = 40;
// A pixel at least this light (0 black, 255 white) counts as paper.
const paper = 250;

// printPDF prints an open playwright page to an A4 PDF at pdfFile, as the
// gates do, and returns the file.
export async function printPDF(page, pdfFile) {
  await page.emulateMedia({ media: 'print' });
  const pdf = await page.pdf({ format: 'A4', preferCSSPageSize: true, printBackground: true });
  fs.mkdirSync(path.dirname(pdfFile), { recursive: true });
  fs.writeFileSync(pdfFile, pdf);
  return pdfFile;
}

// pageFill rasterises pdfFile and returns { pages, sparse, fills }: the
// number of pages, how many are less than a third full, and each page's
// fill (0 to 1) in order.
export function pageFill(pdfFile) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'printfill-'));
  try {
    execFileSync('pdftoppm', ['-r', String(dpi), '-gray', pdfFile, path.join(dir, 'p')]);
    const files = fs.readdirSync(dir).filter((f) => f.endsWith('.pgm')).sort((a, b) => pageNumber(a) - pageNumber(b));
    const fills = files.map((f) => fill(readPGM(path.join(dir, f))));
    return { pages: fills.length, sparse: fills.filter((f) => f < 1 / 3).length, fills };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function pageNumber(file) {
  return Number(/-(\d+)\.pgm$/.exec(file)[1]);
}

// fill is the share of the printable band of img down to its lowest inked
// row.
function fill(img) {
  const mm = img.height / a4Height;
  const top = Math.ceil(margins.top * mm);
  const bottom = Math.floor(img.height - margins.bottom * mm);
  let lowest = top;
  for (let y = top; y < bottom; y++) {
    const row = img.data.subarray(y * img.width, (y + 1) * img.width);
    if (row.some((v) => v < paper)) lowest = y + 1;
  }
  return (lowest - top) / (bottom - top);
}

// readPGM reads a binary 8-bit greymap (P5), as pdftoppm -gray writes it.
function readPGM(file) {
  const buf = fs.readFileSync(file);
  const fields = [];
  let i = 0;
  while (fields.length < 4) {
    while (/\s/.test(String.fromCharCode(buf[i]))) i++;
    if (buf[i] === 0x23) { while (buf[i] !== 0x0a) i++; continue; }
    let s = '';
    while (!/\s/.test(String.fromCharCode(buf[i]))) s += String.fromCharCode(buf[i++]);
    fields.push(s);
  }
  i++;
  const [magic, width, height, max] = fields;
  if (magic !== 'P5' || Number(max) > 255) throw new Error(`${file}: not an 8-bit P5 greymap`);
  return { width: Number(width), height: Number(height), data: buf.subarray(i, i + Number(width) * Number(height)) };
}

// summary is one line for people: the pages, how many are less than a
// third, a half and two thirds full, and each page's fill.
export function summary({ pages, sparse, fills }) {
  const under = (share) => fills.filter((f) => f < share).length;
  return `${pages} pages, ${sparse} less than a third full, ${under(1 / 2)} less than half, ${under(2 / 3)} less than two thirds ` +
    `(fills ${fills.map((f) => Math.round(f * 100) + '%').join(' ')})`;
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const [file, pdfFile = path.join(os.tmpdir(), 'printfill.pdf')] = process.argv.slice(2);
  if (!file) {
    console.error('usage: node printfill.mjs page.html [out.pdf]');
    process.exit(2);
  }
  const { launch, open } = await import('./lib.mjs');
  const browser = await launch();
  try {
    const { context, page } = await open(browser, path.resolve(file), { width: 794, height: 1123 });
    await printPDF(page, pdfFile);
    await context.close();
  } finally {
    await browser.close();
  }
  console.log(`${file}: ${summary(pageFill(pdfFile))}`);
}
