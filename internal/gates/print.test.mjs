// The print gate: every pack of the example site and of the golden sites,
// printed to A4 as the gates print it (printfill.mjs), has
//
//   - a running header naming the committee and the meeting date in the
//     top margin of every page, and "Page n of m" in the bottom margin
//     (pdftotext of each page's margin bands);
//   - no figure or table split across pages: each one's first line (its
//     caption) and last line (its source or notes, as print shows them)
//     are on the same page, in that order. A table taller than a page may
//     break between rows (its header row repeats); it is named in the
//     output, not failed. A list (no figures) may run on over a page.
//
// It reports how full the printed pages are (printfill.mjs), for the
// reference pack in particular. Its canaries in testdata/gates: a pack
// without the running header, and a figure split across two pages.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { out, canaries, htmlFiles, name, exampleSite, goldenSites, launch, open } from './lib.mjs';
import { printPDF, pageFill, summary, margins } from './printfill.mjs';

const reference = 'scrutiny-co-ordination/2018-03-12/index.html';
const pdfs = path.join(out, 'print');

// A4 in PDF points, and the @page margins (printfill.mjs) in points.
const pageWidth = 595;
const pageHeight = 842;
const pt = (mm) => Math.round(mm * 72 / 25.4);
// The printable box of an A4 page in CSS pixels: 210 mm less 16 mm
// margins each side, 297 mm less the top and bottom margins.
const printWidth = Math.floor((210 - 32) * 96 / 25.4);
const printHeight = Math.floor((297 - margins.top - margins.bottom) * 96 / 25.4);

const isPack = (file) => /<body class="pack"/.test(fs.readFileSync(file, 'utf8'));

const sites = [{ name: 'example', dir: exampleSite('gate-print') }, ...goldenSites()];

let browser;
const fills = [];

before(async () => {
  browser = await launch();
});

after(async () => {
  await browser?.close();
  for (const line of fills) console.log(`print: ${line}`);
});

// band is the text of each page of pdf inside the horizontal band from y
// to y + h points.
function band(pdf, y, h) {
  const text = execFileSync('pdftotext', ['-enc', 'UTF-8', '-x', '0', '-y', String(y), '-W', String(pageWidth), '-H', String(h), pdf, '-'], { encoding: 'utf8' });
  return text.split('\f').map((t) => t.replace(/\s+/g, ' ').trim());
}

// blocks lists, in print, each figure and table of the page: its label,
// the first and last lines print shows, and its height laid out at the
// printed width.
async function blocks(page) {
  await page.setViewportSize({ width: printWidth, height: printHeight });
  await page.emulateMedia({ media: 'print' });
  return page.evaluate(() => {
    const shown = (el) => getComputedStyle(el).display !== 'none' && el.innerText.trim() !== '';
    // A list (no figures, no number) may run on over a page.
    return [...document.querySelectorAll('.figure, .dataset:not(:has(> .list-items))')].map((el, i) => {
      const parts = [...el.children].filter((c) => c.localName !== 'div' && shown(c));
      const first = parts[0]?.innerText ?? '';
      const last = parts.at(-1)?.innerText ?? '';
      const label = (/^(Figure|Table) \d+/.exec(first.trim()) ?? [`block ${i + 1} (${first.trim().slice(0, 30)})`])[0];
      return { label, first, last, height: el.getBoundingClientRect().height };
    });
  });
}

const squash = (s) => s.replace(/\s+/g, '');

// printCheck prints file and returns { problems, notes, fill }.
async function printCheck(file, label) {
  const { context, page } = await open(browser, file, { width: 794, height: 1123 });
  const meeting = await page.evaluate(() => ({
    committee: document.querySelector('.pack-title h1')?.innerText.replace(/\s+/g, ' ').trim() ?? '',
    date: document.querySelector('.pack-title .when time')?.innerText.replace(/\s+/g, ' ').trim() ?? '',
  }));
  const found = await blocks(page);
  const pdf = await printPDF(page, path.join(pdfs, label.replaceAll('/', '_').replace(/\.html$/, '.pdf')));
  await context.close();

  const problems = [];
  const notes = [];
  if (!meeting.committee || !meeting.date) problems.push('the pack has no committee name (.pack-title h1) or date (.pack-title .when time) to look for');
  const tops = band(pdf, 0, pt(margins.top));
  const foots = band(pdf, pageHeight - pt(margins.bottom), pt(margins.bottom));
  const bodies = execFileSync('pdftotext', ['-enc', 'UTF-8', pdf, '-'], { encoding: 'utf8' }).split('\f').map(squash);
  const count = bodies.at(-1) === '' ? bodies.length - 1 : bodies.length;
  for (let i = 0; i < count; i++) {
    const top = tops[i] ?? '';
    if (!top.includes(meeting.committee) || !top.includes(meeting.date)) {
      problems.push(`page ${i + 1} has no running header naming "${meeting.committee}" and "${meeting.date}" (its top margin reads "${top}")`);
    }
    if (!(foots[i] ?? '').includes(`Page ${i + 1} of ${count}`)) {
      problems.push(`page ${i + 1} has no "Page ${i + 1} of ${count}" in its bottom margin (it reads "${foots[i] ?? ''}")`);
    }
  }
  for (const b of found) {
    const head = squash(b.first).slice(0, 60);
    const tail = squash(b.last).slice(-60);
    let p = -1;
    bodies.forEach((t, i) => { if (t.includes(head)) p = i; });
    if (p < 0 || !head) {
      problems.push(`${b.label}: its first line "${b.first.trim().slice(0, 60)}" is on no printed page`);
      continue;
    }
    const at = bodies[p].lastIndexOf(head);
    if (bodies[p].indexOf(tail, at) >= 0) continue;
    if (b.height > printHeight) {
      notes.push(`${b.label} is taller than a page (${Math.round(b.height)} px of ${printHeight}), so it breaks between rows`);
      continue;
    }
    problems.push(`${b.label} is split across pages: it begins on page ${p + 1} but its last line ("${b.last.trim().slice(-50)}") is not on that page`);
  }
  return { problems, notes, fill: pageFill(pdf), pages: count };
}

test('there are packs to print', () => {
  const packs = sites.flatMap((s) => htmlFiles(s.dir).filter(isPack));
  assert.ok(packs.length >= 4, `only ${packs.length} packs`);
  assert.ok(fs.existsSync(path.join(sites[0].dir, reference)), `no reference pack ${reference}`);
});

for (const site of sites) {
  for (const file of htmlFiles(site.dir).filter(isPack)) {
    const label = `${site.name}/${name(file, site.dir)}`;
    test(`pack ${label} prints with its running header and whole figures`, async () => {
      const r = await printCheck(file, label);
      const line = `${label}: ${summary(r.fill)}${r.notes.length ? '; ' + r.notes.join('; ') : ''}`;
      if (label === `example/${reference}`) fills.unshift(`reference pack ${line}`);
      else fills.push(line);
      assert.deepEqual(r.problems, [], `${label}:\n  ${r.problems.join('\n  ')}`);
    });
  }
}

// Each canary must be caught, and by the check named here.
const canaryWants = {
  'print-no-running-header.html': /page 1 has no running header naming "Canary Committee" and "Monday 12 March 2018"/,
  'print-split-figure.html': /Figure 1 is split across pages: it begins on page 1/,
};

for (const [canary, want] of Object.entries(canaryWants)) {
  test(`canary ${canary} is caught`, async () => {
    const { problems } = await printCheck(path.join(canaries, canary), `canary/${canary}`);
    assert.match(problems.join('\n'), want);
  });
}
