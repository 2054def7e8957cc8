// The gate for the pages issue 15 added: every minutes page
// (<committee>/<date>/minutes/**/index.html), member page
// (members/<id>/index.html) and committee page (<committee>/index.html)
// of the example site, built fresh by the real command, is read whole
//
//   - on a phone, at 320 and 390 px: the page does not scroll sideways,
//     and nothing is cut off: no element or line of text reaches past
//     the viewport's edges, unless it is inside a box the reader can
//     scroll (a table's, which the tables gate checks);
//   - in print, on A4: nothing reaches past the printable width, and
//     every page has "Page n of m" in its bottom margin; a minutes page
//     also has, as a pack does, the committee and the meeting's date in
//     its top margin, and what version it is ("Draft minutes",
//     "Approved minutes", "Draft minutes (superseded)", "Unfinished
//     minutes"), as the page's own status note says.
//
// axe-core (WCAG 2.2 AA) and the Nu HTML Checker already run over every
// page of the example site, these among them, in pages.test.mjs: they are
// not run again here. The canary testdata/gates/minutes-attendance-cut-off.html
// is a minutes page whose attendance list runs off a phone's screen
// without making the page scroll (its body hides the overflow): the
// phone check must catch it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { out, canaries, htmlFiles, name, exampleSite, launch, open } from './lib.mjs';
import { printPDF, margins } from './printfill.mjs';

const site = exampleSite('gate-minutes');
const pdfs = path.join(out, 'minutes-print');

// The kinds of page, by their path in the site.
const kinds = [
  ['minutes', /^[^/]+\/\d{4}-\d{2}-\d{2}\/minutes\/(.+\/)?index\.html$/],
  ['member', /^members\/[^/]+\/index\.html$/],
  ['committee', /^(?!members\/)[^/]+\/index\.html$/],
];
const kindOf = (label) => kinds.find(([, re]) => re.test(label))?.[0];
const pages = htmlFiles(site).map((f) => ({ file: f, label: name(f, site) }))
  .map((p) => ({ ...p, kind: kindOf(p.label) }))
  .filter((p) => p.kind);

// A4 in PDF points, and its printable width in CSS pixels (16 mm margins
// each side, as static/briefing.css has them).
const pageWidth = 595;
const pageHeight = 842;
const pt = (mm) => Math.round(mm * 72 / 25.4);
const printWidth = Math.floor((210 - 32) * 96 / 25.4);

let browser;

before(async () => {
  browser = await launch();
});

after(async () => {
  await browser?.close();
});

// cutOff lists what the open page shows past its viewport's left or right
// edge: elements and lines of text, each named once by its nearest
// element, unless a box the reader can scroll sideways holds it.
function cutOff(page) {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const problems = [];
    const seen = new Set();
    const describe = (el) => {
      const text = (el.innerText ?? el.textContent ?? '').replace(/\s+/g, ' ').trim().slice(0, 40);
      return `<${el.localName}${el.className && typeof el.className === 'string' ? ` class="${el.className}"` : ''}> "${text}"`;
    };
    // scrolled: a box between el and the page that scrolls sideways and
    // is itself in view holds el.
    const scrolled = (el) => {
      for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
        const o = getComputedStyle(a).overflowX;
        if (o === 'auto' || o === 'scroll') {
          const r = a.getBoundingClientRect();
          return r.left >= -0.5 && r.right <= width + 0.5;
        }
      }
      return false;
    };
    const hidden = (el) => el.closest('.visually-hidden') !== null;
    const report = (el, rect, what) => {
      if (seen.has(el)) return;
      seen.add(el);
      problems.push(`${what} ${describe(el)} reaches ${rect.right > width ? `${Math.round(rect.right)} px, past the right edge at ${width} px` : `${Math.round(rect.left)} px, past the left edge`}`);
    };
    const out = (r) => r.width > 0 && r.height > 0 && (r.right > width + 0.5 || r.left < -0.5);
    for (const el of document.body.querySelectorAll('*')) {
      if (hidden(el) || scrolled(el)) continue;
      const r = el.getBoundingClientRect();
      if (out(r)) report(el, r, 'element');
    }
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    const range = document.createRange();
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const el = n.parentElement;
      if (!n.textContent.trim() || !el || hidden(el) || scrolled(n)) continue;
      range.selectNodeContents(n);
      for (const r of range.getClientRects()) {
        if (out(r)) { report(el, r, 'text in'); break; }
      }
    }
    if (document.documentElement.scrollWidth > width) problems.unshift(`the page scrolls sideways (${document.documentElement.scrollWidth} px wide)`);
    return problems;
  });
}

// phone opens file at width px and returns what it cuts off.
async function phone(file, width) {
  const { context, page } = await open(browser, file, { width, height: 800 });
  try {
    return (await cutOff(page)).map((p) => `at ${width} px: ${p}`);
  } finally {
    await context.close();
  }
}

// band is the text of each page of pdf inside the horizontal band from y
// to y + h points.
function band(pdf, y, h) {
  const text = execFileSync('pdftotext', ['-enc', 'UTF-8', '-x', '0', '-y', String(y), '-W', String(pageWidth), '-H', String(h), pdf, '-'], { encoding: 'utf8' });
  return text.split('\f').map((t) => t.replace(/\s+/g, ' ').trim());
}

const longDate = (iso) => {
  const d = new Date(`${iso}T00:00:00Z`);
  const day = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'][d.getUTCDay()];
  const month = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'][d.getUTCMonth()];
  return `${day} ${d.getUTCDate()} ${month} ${d.getUTCFullYear()}`;
};

// committeeName is the name a committee's page gives it.
const committeeName = (slug) => {
  const html = fs.readFileSync(path.join(site, slug, 'index.html'), 'utf8');
  return /<h1>([^<]*)<\/h1>/.exec(html)?.[1].replaceAll('&amp;', '&') ?? '';
};

// printed prints file to A4 and returns { cut, footer, header }: what
// print cuts off at the printable width, and the pages without "Page n of
// m" and without the running header (want: texts the top margin names).
async function printed(file, label, want) {
  const { context, page } = await open(browser, file, { width: printWidth, height: 1000 });
  let cut, pdf;
  try {
    await page.emulateMedia({ media: 'print' });
    cut = (await cutOff(page)).map((p) => `in print: ${p}`);
    pdf = await printPDF(page, path.join(pdfs, label.replaceAll('/', '_').replace(/\.html$/, '.pdf')));
  } finally {
    await context.close();
  }
  const tops = band(pdf, 0, pt(margins.top));
  const foots = band(pdf, pageHeight - pt(margins.bottom), pt(margins.bottom));
  const count = execFileSync('pdftotext', ['-enc', 'UTF-8', pdf, '-'], { encoding: 'utf8' }).split('\f').length - 1;
  const footer = [];
  const header = [];
  for (let i = 0; i < count; i++) {
    if (!(foots[i] ?? '').includes(`Page ${i + 1} of ${count}`)) footer.push(`page ${i + 1} has no "Page ${i + 1} of ${count}" in its bottom margin (it reads "${foots[i] ?? ''}")`);
    if (want.length && !want.every((w) => (tops[i] ?? '').includes(w))) header.push(`page ${i + 1} has no running header naming ${want.map((w) => `"${w}"`).join(' and ')} (its top margin reads "${tops[i] ?? ''}")`);
  }
  return { cut, footer, header };
}

test('the example site has minutes, member and committee pages', () => {
  for (const [kind] of kinds) {
    assert.ok(pages.some((p) => p.kind === kind), `no ${kind} page in ${site}`);
  }
});

// statusOf is what a minutes page's running header must call it, read
// from the status note the page itself shows: a reader of page 5 on
// paper must still know whether these are draft, superseded, approved
// or unfinished minutes.
function statusOf(html) {
  if (html.includes('<strong>Unfinished minutes: not published.</strong>')) return 'Unfinished minutes,';
  if (html.includes('<strong>Draft minutes (subject to approval).</strong>')) return 'Draft minutes,';
  if (html.includes('<strong>Superseded: these are the draft minutes as first published.</strong>')) return 'Draft minutes (superseded),';
  if (html.includes('<strong>Approved at the meeting on')) return 'Approved minutes,';
  throw new Error('a minutes page without a status note');
}

for (const { file, label, kind } of pages) {
  test(`${kind} page ${label} reads whole at 320 and 390 px`, async () => {
    const problems = [...await phone(file, 320), ...await phone(file, 390)];
    assert.deepEqual(problems, [], `${label}:\n  ${problems.join('\n  ')}`);
  });

  const want = [];
  if (kind === 'minutes') {
    const [slug, date] = label.split('/');
    want.push(committeeName(slug), longDate(date), statusOf(fs.readFileSync(file, 'utf8')));
  }
  test(`${kind} page ${label} prints whole, its pages numbered`, async () => {
    const { cut, footer } = await printed(file, label, []);
    const problems = [...cut, ...footer];
    assert.deepEqual(problems, [], `${label}:\n  ${problems.join('\n  ')}`);
  });
  if (want.length) {
    // layouts/minutes.html gives its @page running header, as pack.html
    // does.
    test(`minutes page ${label} prints the committee, the date and what version it is in its top margin`, async () => {
      const { header } = await printed(file, `${label}-header`, want);
      assert.deepEqual(header, [], `${label}:\n  ${header.join('\n  ')}`);
    });
  }
}

test('canary minutes-attendance-cut-off.html is caught at 320 px', async () => {
  const problems = await phone(path.join(canaries, 'minutes-attendance-cut-off.html'), 320);
  assert.ok(!problems.some((p) => p.includes('scrolls sideways')), 'the canary should not scroll sideways: its fault is content cut off');
  assert.match(problems.join('\n'), /at 320 px: (element|text in) <li> "Councillor Bartholomew Featherstonehaugh/);
});
