// Tables on a phone: on every page of the example site and of every
// golden site, at 320 px and at 390 px,
//
//   - the page itself never scrolls sideways;
//   - every table's last column can be reached: its box (the nearest
//     ancestor that scrolls sideways) is scrolled to its end, and then each
//     cell of the last column, the heading too, lies inside the screen and
//     inside the box, and the browser finds that very cell at its left and
//     right edges (elementFromPoint), so nothing covers it, such as the
//     row labels that stay in view;
//   - where a table's box scrolls, a cue says there is more: the box's
//     right edge, looked at with the table itself hidden (so that only
//     what the box draws is seen), is darker at the start than at the end.
//     Whatever draws the cue (a shadow in the box's background, a
//     pseudo-element), it is the pixels that count, and a cue that stays
//     once the last column is reached tells nothing, so it fails too;
//   - a box that scrolls can be scrolled from the keyboard and says what
//     it holds: it takes focus (tabindex="0") and is a region with a name
//     (aria-label, or aria-labelledby naming elements with text), as the
//     layouts' boxes and the boxes of tables written in markdown are.
//
// A chart's data table is behind a <details>: every <details> is opened
// first, so those tables are held to the same, and so is each version's
// whole SHA-256, which wraps with any stylesheet: a golden site that
// brings its own (overrides) is checked too. The canaries in
// testdata/gates/table-*.html are a table clipped by its box, one that
// scrolls with no cue, one whose last column is under its row labels, and
// one whose box scrolls with no name.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { inflateSync } from 'node:zlib';
import path from 'node:path';
import { canaries, htmlFiles, name, exampleSite, goldenSites, launch, open } from './lib.mjs';

const widths = [320, 390];
const site = exampleSite('gate-tables');
const pages = [
  ...htmlFiles(site).map((f) => ({ file: f, label: `example/${name(f, site)}` })),
  ...goldenSites().flatMap((s) => s.pages.map((f) => ({ file: f, label: `${s.name}/${name(f, s.dir)}` }))),
];

let browser;
const totals = { tables: 0, scrolling: 0, markdown: 0 };

before(async () => {
  browser = await launch();
});

after(async () => {
  await browser?.close();
  console.log(`tables: ${totals.tables} tables looked at on ${pages.length} pages at ${widths.join(' and ')} px; ${totals.scrolling} scrolled (${totals.markdown} of them written in markdown), each with its cue`);
});

// reach opens every <details>, then checks the page's width and each
// table's last column, scrolled to its end. It marks each box that
// scrolls with data-gate-box, for the cue check, and returns the boxes'
// names with the problems.
function reach(page) {
  return page.evaluate(() => {
    const problems = [];
    const boxes = [];
    for (const d of document.querySelectorAll('details')) d.open = true;
    const doc = document.documentElement;
    if (doc.scrollWidth > doc.clientWidth) problems.push(`the page scrolls sideways (${doc.scrollWidth} px wide)`);
    const scroller = (el) => {
      for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
        if (['auto', 'scroll', 'hidden', 'clip'].includes(getComputedStyle(p).overflowX)) return p;
      }
      return null;
    };
    const describe = (el) => el ? `<${el.localName}${el.className ? ` class="${el.className}"` : ''}> "${el.textContent.trim().slice(0, 30)}"` : 'nothing';
    let n = 0;
    let markdown = 0; // boxes that scroll holding a table written in markdown
    for (const table of document.querySelectorAll('table')) {
      if (table.getClientRects().length === 0) continue; // not drawn at this width
      const title = `table "${(table.caption?.textContent ?? `number ${n + 1}`).trim().replace(/\s+/g, ' ').slice(0, 60)}"`;
      n++;
      const box = scroller(table);
      // A reader can scroll a box of overflow auto or scroll; one that
      // hides or clips its overflow stays where it is.
      if (box && ['auto', 'scroll'].includes(getComputedStyle(box).overflowX)) {
        box.scrollLeft = box.scrollWidth;
        if (box.scrollWidth > box.clientWidth) {
          box.dataset.gateBox = String(boxes.length);
          boxes.push(title);
          if (table.classList.contains('prose-table')) markdown++;
          const named = box.getAttribute('aria-label')?.trim() ||
            (box.getAttribute('aria-labelledby') ?? '').split(/\s+/).map((id) => document.getElementById(id)?.textContent.trim() ?? '').join('');
          if (box.tabIndex < 0 || box.getAttribute('role') !== 'region' || !named) {
            problems.push(`${title} scrolls sideways in a box that is not a named region a keyboard can reach: tabindex ${box.getAttribute('tabindex')}, role ${box.getAttribute('role')}, name "${named ?? ''}"`);
          }
        }
      }
      for (const row of table.rows) {
        const cells = [...row.cells];
        if (cells.length === 0 || cells.some((c) => c.colSpan > 1)) continue;
        const cell = cells.at(-1);
        window.scrollTo(window.scrollX, window.scrollY + cell.getBoundingClientRect().top - window.innerHeight / 2);
        const r = cell.getBoundingClientRect();
        let left = 0;
        let right = doc.clientWidth;
        if (box) {
          const b = box.getBoundingClientRect();
          left = Math.max(left, b.left + box.clientLeft);
          right = Math.min(right, b.left + box.clientLeft + box.clientWidth);
        }
        const where = `${title}, its last column's cell "${cell.textContent.trim().slice(0, 20)}"`;
        if (r.left < left - 0.5 || r.right > right + 0.5) {
          problems.push(`${where} cannot be reached: it spans ${Math.round(r.left)} to ${Math.round(r.right)} px, and only ${Math.round(left)} to ${Math.round(right)} px are seen`);
          break;
        }
        const y = r.top + r.height / 2;
        const over = [r.left + 1, r.right - 1].map((x) => document.elementFromPoint(x, y)).find((el) => !cell.contains(el));
        if (over !== undefined) {
          problems.push(`${where} is covered by ${describe(over)}`);
          break;
        }
      }
    }
    return { problems, boxes, tables: n, markdown };
  });
}

// edge is how dark the right edge of a box is, with its content hidden:
// the darkest column of the last few pixels inside its borders and above
// its scrollbar, as a mean luminance (0 black, 255 white).
async function edge(handle, at) {
  const inner = await handle.evaluate((box, at) => {
    box.scrollLeft = at === 'start' ? 0 : box.scrollWidth;
    for (const c of box.children) c.style.visibility = 'hidden';
    box.scrollIntoView({ block: 'center' });
    const r = box.getBoundingClientRect();
    return { width: r.width, left: box.clientLeft, top: box.clientTop, clientWidth: box.clientWidth, clientHeight: box.clientHeight };
  }, at);
  const png = decodePNG(await handle.screenshot());
  const scale = png.width / inner.width;
  const x1 = Math.round((inner.left + inner.clientWidth) * scale);
  const x0 = x1 - Math.round(6 * scale);
  const y0 = Math.round(inner.top * scale);
  const y1 = Math.min(png.height, Math.round((inner.top + inner.clientHeight) * scale));
  let darkest = 255;
  for (let x = x0; x < x1; x++) {
    let sum = 0;
    for (let y = y0; y < y1; y++) sum += png.luminance(x, y);
    darkest = Math.min(darkest, sum / Math.max(1, y1 - y0));
  }
  return darkest;
}

// cues returns the boxes that scroll with no cue: a right edge not
// darker at the start than at the end.
async function cues(page, boxes) {
  const problems = [];
  for (const [i, title] of boxes.entries()) {
    const handle = await page.$(`[data-gate-box="${i}"]`);
    const start = await edge(handle, 'start');
    const end = await edge(handle, 'end');
    if (start > end - 8) {
      problems.push(`${title} scrolls sideways with no cue that there is more: its right edge is ${start.toFixed(0)} at the start, ${end.toFixed(0)} at the end (luminance; the start must be darker)`);
    }
  }
  return problems;
}

// audit checks one page at one width.
async function audit(file, width) {
  const { context, page } = await open(browser, file, { width, height: 800 });
  try {
    const r = await reach(page);
    totals.tables += r.tables;
    totals.scrolling += r.boxes.length;
    totals.markdown += r.markdown;
    return [...r.problems, ...await cues(page, r.boxes)];
  } finally {
    await context.close();
  }
}

test('there are pages with tables to check', () => {
  assert.ok(pages.length >= 10, `only ${pages.length} pages`);
});

for (const { file, label } of pages) {
  test(`tables of ${label}`, async () => {
    const problems = [];
    for (const width of widths) problems.push(...(await audit(file, width)).map((p) => `at ${width} px: ${p}`));
    assert.deepEqual(problems, [], `${label}:\n  ${problems.join('\n  ')}`);
  });
}

test('the example reference pack has tables that scroll on a phone, so the cue check runs', async () => {
  const before = totals.scrolling;
  await audit(path.join(site, 'scrutiny-co-ordination', '2018-03-12', 'index.html'), 320);
  assert.ok(totals.scrolling - before >= 8, `only ${totals.scrolling - before} tables scroll at 320 px`);
});

test('the golden site tables has a table written in markdown that scrolls on a phone, so the checks run on one', async () => {
  const tables = goldenSites().find((s) => s.name === 'tables');
  assert.ok(tables, 'no golden site tables');
  const before = totals.markdown;
  const problems = await audit(path.join(tables.dir, 'c', '2019-01-21', 'index.html'), 390);
  assert.deepEqual(problems, []);
  assert.ok(totals.markdown - before >= 1, 'no table written in markdown scrolls at 390 px');
});

// Each canary must be caught, and by the check named here.
const canaryWants = {
  'table-last-column-unreachable.html': /at 320 px: table "Robbery[^"]*", its last column's cell "Change \(%\)" cannot be reached/,
  'table-scroll-no-cue.html': /at 320 px: table "Robbery[^"]*" scrolls sideways with no cue/,
  'table-covered-by-labels.html': /at 320 px: table "Robbery[^"]*", its last column's cell "Change \(%\)" is covered by <th> "Area"/,
  'table-box-unnamed.html': /at 320 px: table "Robbery[^"]*" scrolls sideways in a box that is not a named region a keyboard can reach: tabindex 0, role null/,
};

for (const [canary, want] of Object.entries(canaryWants)) {
  test(`canary ${canary} is caught`, async () => {
    const problems = [];
    for (const width of widths) problems.push(...(await audit(path.join(canaries, canary), width)).map((p) => `at ${width} px: ${p}`));
    assert.match(problems.join('\n'), want);
  });
}

// decodePNG reads an 8-bit, non-interlaced RGB or RGBA PNG, as Chromium's
// screenshots are, into its pixels' luminance.
function decodePNG(buf) {
  let pos = 8;
  let width = 0;
  let height = 0;
  let channels = 0;
  const idat = [];
  while (pos < buf.length) {
    const len = buf.readUInt32BE(pos);
    const type = buf.toString('latin1', pos + 4, pos + 8);
    const body = buf.subarray(pos + 8, pos + 8 + len);
    if (type === 'IHDR') {
      width = body.readUInt32BE(0);
      height = body.readUInt32BE(4);
      const [depth, colour, , , interlace] = body.subarray(8, 13);
      channels = { 2: 3, 6: 4 }[colour];
      if (depth !== 8 || !channels || interlace !== 0) throw new Error(`a PNG of depth ${depth}, colour type ${colour}, interlace ${interlace}`);
    } else if (type === 'IDAT') {
      idat.push(body);
    }
    pos += 12 + len;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * channels;
  const px = Buffer.alloc(stride * height);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)];
    const line = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    for (let i = 0; i < stride; i++) {
      const a = i >= channels ? px[y * stride + i - channels] : 0;
      const b = y > 0 ? px[(y - 1) * stride + i] : 0;
      const c = i >= channels && y > 0 ? px[(y - 1) * stride + i - channels] : 0;
      let v = line[i];
      if (filter === 1) v += a;
      else if (filter === 2) v += b;
      else if (filter === 3) v += (a + b) >> 1;
      else if (filter === 4) {
        const p = a + b - c;
        const pa = Math.abs(p - a);
        const pb = Math.abs(p - b);
        const pc = Math.abs(p - c);
        v += pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
      }
      px[y * stride + i] = v & 0xff;
    }
  }
  return {
    width,
    height,
    luminance: (x, y) => {
      const i = y * stride + x * channels;
      return 0.2126 * px[i] + 0.7152 * px[i + 1] + 0.0722 * px[i + 2];
    },
  };
}
