// The contents and headings gate: on every pack of the example site and
// of the golden sites,
//
//   - every heading h2–h5 of the pack (outside the contents) is reachable
//     from the contents: a link whose fragment is the heading's id, or the
//     id of the section it labels, in the entry of the heading's parent
//     (the last shallower heading before it), on a wide screen and, once
//     opened, on a phone;
//   - on a phone (390 × 664 and 320 × 568, a phone's screen under its
//     browser's bars) the contents are folded: no contents link shows, a
//     summary does, the accessibility tree holds one rendering, and the
//     first section (the letter) begins on the first screen;
//   - no deeper heading renders larger (computed font-size) than a
//     shallower one, at 1280 px, at 390 px and in print;
//   - the pack links to its committee's page and to the archive index, and
//     every relative link of the pack names a file that exists.
//
// Canaries in testdata/gates: contents-missing-heading.html (a heading the
// contents miss), heading-inverted.html (an h5 larger than an h4).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { canaries, htmlFiles, name, exampleSite, goldenSites, launch, open as openIn } from './lib.mjs';

const wide = { width: 1280, height: 900 };
const phones = [{ width: 390, height: 664 }, { width: 320, height: 568 }];

const example = exampleSite('gate-contents');
const sites = [{ name: 'example', dir: example, pages: htmlFiles(example) }, ...goldenSites()];
// The overrides golden site replaces the stylesheet with one line of its
// own, so it has no fold (nor chart widths): a site that writes its own
// stylesheet owns that; the other checks still hold there.
const ownStylesheet = new Set(['overrides']);

let browser;
const totals = { packs: 0, headings: 0 };

before(async () => {
  browser = await launch();
});

after(async () => {
  await browser?.close();
  console.log(`contents: ${totals.packs} packs, ${totals.headings} headings reachable from their contents, nested`);
});

// reachability returns the headings of the page that the visible contents
// links do not reach, or reach outside their parent's entry, and counts
// the headings it checked.
function reachability(page) {
  return page.evaluate(() => {
    const nav = document.querySelector('nav.contents');
    if (!nav) return { problems: ['the page has no <nav class="contents">'], count: 0 };
    const problems = [];
    const visible = (el) => el.checkVisibility();
    const links = [...nav.querySelectorAll('a[href^="#"]')].filter(visible);
    const linkTo = (id) => links.find((a) => decodeURIComponent(a.getAttribute('href').slice(1)) === id);
    const heads = [...document.querySelectorAll('main h2, main h3, main h4, main h5, main h6')]
      .filter((h) => !nav.contains(h) && visible(h));
    const level = (h) => Number(h.localName[1]);
    const label = (h) => `<${h.localName}> "${h.textContent.trim().replace(/\s+/g, ' ')}"`;
    // the link that reaches h: to its id, or to the section it labels
    const found = new Map();
    for (const h of heads) {
      if (level(h) > 5) continue;
      let a = h.id ? linkTo(h.id) : undefined;
      if (!a && h.id) {
        const sec = h.closest(`[aria-labelledby~="${CSS.escape(h.id)}"]`);
        if (sec?.id) a = linkTo(sec.id);
      }
      if (!a) problems.push(`${label(h)} cannot be reached from the contents`);
      else found.set(h, a);
    }
    // the entry holding a link, and the entry that holds that one
    const entry = (a) => a.closest('li');
    const parentEntry = (a) => entry(a)?.parentElement?.closest('li') ?? null;
    const stack = [];
    for (const h of heads) {
      while (stack.length > 0 && level(stack.at(-1)) >= level(h)) stack.pop();
      const parent = stack.at(-1);
      stack.push(h);
      const a = found.get(h);
      if (!a) continue;
      const holder = parentEntry(a);
      if (level(h) === 2 || !parent) {
        if (holder && nav.contains(holder)) problems.push(`${label(h)} is nested in the contents, but is a top-level section`);
      } else if (found.has(parent) && holder !== entry(found.get(parent))) {
        problems.push(`${label(h)} is not in the contents entry of ${label(parent)}`);
      }
    }
    return { problems, count: found.size };
  });
}

// inversions returns each pair of heading levels where a deeper heading
// renders larger than a shallower one.
function inversions(page, where) {
  return page.evaluate((where) => {
    const by = new Map();
    for (const h of document.querySelectorAll('h1, h2, h3, h4, h5, h6')) {
      if (!h.checkVisibility()) continue;
      const size = parseFloat(getComputedStyle(h).fontSize);
      const l = Number(h.localName[1]);
      const text = h.textContent.trim().replace(/\s+/g, ' ').slice(0, 60);
      const s = by.get(l) ?? { min: null, max: null };
      if (!s.min || size < s.min.size) s.min = { size, text };
      if (!s.max || size > s.max.size) s.max = { size, text };
      by.set(l, s);
    }
    const problems = [];
    for (const [a, sa] of by) {
      for (const [b, sb] of by) {
        if (b > a && sb.max.size > sa.min.size) {
          problems.push(`${where}: <h${b}> "${sb.max.text}" (${sb.max.size}px) is larger than <h${a}> "${sa.min.text}" (${sa.min.size}px)`);
        }
      }
    }
    return problems;
  }, where);
}

// fold checks the phone's view of the contents, then opens them.
async function fold(page, viewport) {
  const problems = [];
  const at = `at ${viewport.width} px`;
  const state = await page.evaluate(() => {
    const nav = document.querySelector('nav.contents');
    const shown = (el) => el.checkVisibility();
    const summary = [...nav.querySelectorAll('summary')].find(shown);
    const first = document.querySelector('main > section');
    return {
      links: [...nav.querySelectorAll('a')].filter(shown).length,
      summary: Boolean(summary),
      firstTop: first ? first.getBoundingClientRect().top : 0,
      firstText: first?.querySelector('h2')?.textContent.trim().slice(0, 60),
      height: innerHeight,
    };
  });
  if (state.links > 0) problems.push(`${at}: the contents are not folded (${state.links} links show)`);
  if (!state.summary) problems.push(`${at}: the contents have no summary to open them by`);
  // At least the first line (24 px) of the first section shows.
  if (state.firstTop > state.height - 24) {
    problems.push(`${at}: the first section ("${state.firstText}") begins below the first screen (at ${Math.round(state.firstTop)} of ${state.height} px)`);
  }
  const tree = await page.locator('nav.contents').ariaSnapshot();
  if (/- link/.test(tree)) problems.push(`${at}: folded contents links are in the accessibility tree`);
  if (state.summary) await page.locator('nav.contents summary:visible').first().click();
  return problems;
}

// links checks that the pack at file links to its committee's page and
// to the archive index, and that every relative link names a file.
async function links(page, file, root) {
  const problems = [];
  const hrefs = await page.evaluate(() => [...document.querySelectorAll('a[href]')].map((a) => ({ raw: a.getAttribute('href'), url: a.href })));
  const targets = new Set();
  for (const { raw, url } of hrefs) {
    // The CSV downloads (data: links) are the csv gate's to check.
    if (raw.startsWith('#') || /^(https?|mailto|tel|data):/i.test(raw)) continue;
    const target = fileURLToPath(url.replace(/#.*$/, ''));
    targets.add(target);
    if (!fs.existsSync(target)) problems.push(`link "${raw}" names ${name(target, root)}, which does not exist`);
  }
  const parts = name(file, root).split('/');
  const committee = path.join(root, parts[0], 'index.html');
  if (!targets.has(committee)) problems.push(`no link to the committee's page ${parts[0]}/index.html`);
  if (!targets.has(path.join(root, 'index.html'))) problems.push('no link to the archive index');
  return problems;
}

// audit runs every check on one page; root is its site's folder, or null
// for a canary (no links to check); folds says whether its stylesheet is
// Briefing's.
async function audit(file, root, folds = true) {
  const problems = [];
  let count = 0;
  {
    const { context, page } = await openIn(browser, file, wide);
    const r = await reachability(page);
    count = r.count;
    problems.push(...r.problems.map((p) => `at 1280 px: ${p}`));
    const wideTree = await page.locator('nav.contents').ariaSnapshot().catch(() => '');
    if (folds && /(Show|Hide) the contents/.test(wideTree)) problems.push('at 1280 px: the folded contents are in the accessibility tree too');
    problems.push(...await inversions(page, 'at 1280 px'));
    if (root) problems.push(...await links(page, file, root));
    await page.emulateMedia({ media: 'print' });
    problems.push(...await inversions(page, 'in print'));
    await context.close();
  }
  for (const viewport of phones) {
    const { context, page } = await openIn(browser, file, viewport);
    if (folds) problems.push(...await fold(page, viewport));
    const r = await reachability(page);
    problems.push(...r.problems.map((p) => `at ${viewport.width} px, contents opened: ${p}`));
    problems.push(...await inversions(page, `at ${viewport.width} px`));
    await context.close();
  }
  return { problems, count };
}

for (const site of sites) {
  for (const file of site.pages) {
    const html = fs.readFileSync(file, 'utf8');
    if (!/<body class="pack"/.test(html)) continue;
    test(`contents: ${site.name}/${name(file, site.dir)}`, async () => {
      const { problems, count } = await audit(file, site.dir, !ownStylesheet.has(site.name));
      totals.packs++;
      totals.headings += count;
      assert.deepEqual(problems, []);
    });
  }
}

test('every site has packs to check', () => {
  for (const site of sites) {
    assert.ok(site.pages.some((f) => /<body class="pack"/.test(fs.readFileSync(f, 'utf8'))), `${site.name} has no pack`);
  }
});

// Each canary must be caught, and by the check named here.
const canaryWants = {
  'contents-missing-heading.html': /<h5> "Calls for service" cannot be reached from the contents/,
  'contents-misnested.html': /<h4> "Robbery" is not in the contents entry of <h3> "Crime and demand"/,
  'heading-inverted.html': /<h5> "Calls for service" \(\d+px\) is larger than <h4>/,
  'contents-unfolded.html': /at 390 px: the contents are not folded/,
};

for (const [canary, want] of Object.entries(canaryWants)) {
  test(`canary ${canary} is caught`, async () => {
    const { problems } = await audit(path.join(canaries, canary), null);
    assert.match(problems.join('\n'), want);
  });
}
