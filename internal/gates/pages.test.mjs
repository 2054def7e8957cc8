// Browser and validity gates for every page Briefing builds.
//
// Builds the example site with the real command, then opens every page in
// Debian's Chromium (through playwright-core, never a downloaded browser)
// and checks what a member or the public would meet:
//
//   - offline, from a file: no request beyond the page, no console error,
//     no Content-Security-Policy violation, no dialog;
//   - axe-core with the WCAG 2.0/2.1/2.2 A and AA rules: no violation (the
//     CSP is bypassed for this pass only, and the test asserts that axe ran);
//   - what axe cannot check: every svg has a text alternative or is hidden,
//     every table has a caption and scoped header cells, no sideways scroll
//     at 320 px, no javascript: address anywhere;
//   - print: an A4 PDF, and no heading is the last line of a page;
//   - the W3C Nu HTML Checker (vnu-jar) reports no error.
//
// Screenshots (desktop, 390 px, print) and PDFs go to $BRIEFING_TEST_OUTPUT
// (the Makefile sets it to test-output/) for
// people to look at. Pages kept by the hostile-input tests
// ($BRIEFING_TEST_OUTPUT/hostile, written by go test ./cmd/briefing) get the
// offline, dialog and safety checks too. The canaries in testdata/gates
// each carry one fault that a gate must catch, so every run proves the
// gates can fail.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { out, canaries, htmlFiles, name, exampleSite, launch, open as openIn } from './lib.mjs';

const require = createRequire(import.meta.url);
const shots = path.join(out, 'screenshots');
const pdfs = path.join(out, 'pdf');
const axeSource = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const vnuJar = path.join(path.dirname(require.resolve('vnu-jar/package.json')), 'build', 'dist', 'vnu.jar');
const wcag = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22a', 'wcag22aa'];

// The example site, built fresh by the real command.
const site = exampleSite('public');
const pages = htmlFiles(site);
const hostile = htmlFiles(path.join(out, 'hostile'));

let browser;
const totals = { pages: 0, axePasses: 0, axeVersion: '', hostile: 0 };

before(async () => {
  browser = await launch();
});

after(async () => {
  await browser?.close();
  console.log(`gates: ${totals.pages} pages audited; axe-core ${totals.axeVersion}: ${totals.axePasses} rule passes, 0 violations; ${totals.hostile} hostile pages opened`);
});

const open = (file, viewport) => openIn(browser, file, viewport);

// structure runs the checks axe cannot make, in the page.
function structure(page) {
  return page.evaluate(() => {
    const problems = [];
    const named = (el) => el.getAttribute('aria-label') || el.getAttribute('aria-labelledby') || el.querySelector(':scope > title');
    for (const svg of document.querySelectorAll('svg')) {
      if (svg.closest('[aria-hidden="true"]')) continue;
      if (svg.getAttribute('role') !== 'img' || !named(svg)) problems.push('an <svg> has no role="img" with a text alternative, and is not hidden');
    }
    for (const table of document.querySelectorAll('table')) {
      const cap = table.querySelector(':scope > caption');
      if (!cap || !cap.textContent.trim()) problems.push('a <table> has no caption');
      const ths = table.querySelectorAll('th');
      if (ths.length === 0) problems.push('a <table> has no header cells');
      for (const th of ths) if (!th.hasAttribute('scope')) { problems.push(`a <th> "${th.textContent.trim()}" has no scope`); break; }
    }
    for (const el of document.querySelectorAll('*')) {
      for (const a of el.attributes) {
        if (/^\s*javascript:/i.test(a.value)) problems.push(`<${el.localName} ${a.name}> holds a javascript: address`);
        if (/^on/i.test(a.name)) problems.push(`<${el.localName}> has an event handler ${a.name}`);
      }
    }
    // The page as Chromium built it: the policy first in <head>, and
    // nothing that runs, loads or navigates.
    const first = document.head.firstElementChild;
    if (!first || first.localName !== 'meta' || first.httpEquiv.toLowerCase() !== 'content-security-policy' ||
        first.content !== "default-src 'none'; style-src 'unsafe-inline'; img-src data:") {
      problems.push('the first element in <head> is not the Content-Security-Policy');
    }
    for (const el of document.querySelectorAll('script, iframe, object, embed, link, base, form, template, noscript')) {
      problems.push(`a <${el.localName}> element`);
    }
    for (const el of document.querySelectorAll('meta[http-equiv]')) {
      if (el !== first) problems.push(`a <meta http-equiv="${el.httpEquiv}">`);
    }
    return problems;
  });
}

async function overflowsAt320(file) {
  const { context, page } = await open(file, { width: 320, height: 640 });
  const r = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth }));
  await context.close();
  return r.scroll > r.client ? `the page scrolls sideways at 320 px (${r.scroll} px wide)` : '';
}

async function axe(file) {
  const context = await browser.newContext({ offline: true, bypassCSP: true });
  const page = await context.newPage();
  await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
  await page.addScriptTag({ content: axeSource });
  const r = await page.evaluate(async (tags) => {
    const res = await window.axe.run(document, { runOnly: { type: 'tag', values: tags } });
    return {
      version: window.axe.version,
      passes: res.passes.length,
      violations: res.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join('; ')})`),
    };
  }, wcag);
  await context.close();
  return r;
}

// strandedHeadings prints the page to an A4 PDF and returns the headings
// that end up as the last line of a printed page.
async function strandedHeadings(page, pdfFile) {
  await page.emulateMedia({ media: 'print' });
  const headings = await page.evaluate(() => [...document.querySelectorAll('h1,h2,h3,h4,h5,h6')]
    .map((h) => h.innerText.replace(/\s+/g, ' ').trim()).filter(Boolean));
  const pdf = await page.pdf({ format: 'A4', preferCSSPageSize: true, printBackground: true });
  fs.mkdirSync(path.dirname(pdfFile), { recursive: true });
  fs.writeFileSync(pdfFile, pdf);
  const text = execFileSync('pdftotext', ['-enc', 'UTF-8', pdfFile, '-'], { encoding: 'utf8' });
  const stranded = [];
  text.split('\f').forEach((pageText, i) => {
    const lines = pageText.split('\n').map((l) => l.replace(/\s+/g, ' ').trim())
      .filter((l) => l && !/^Page \d+ of \d+$/.test(l));
    const last = lines.at(-1);
    if (last && last.length >= 4 && headings.some((h) => h === last || h.startsWith(last + ' '))) {
      stranded.push(`page ${i + 1} ends with the heading "${last}"`);
    }
  });
  return stranded;
}

// audit runs every browser gate on one page and returns what failed.
async function audit(file, label) {
  const problems = [];
  const { context, page, seen } = await open(file);
  for (const r of seen.requests) problems.push(`requested ${r}`);
  for (const m of seen.console) problems.push(`console: ${m}`);
  for (const v of seen.csp) problems.push(`CSP violation: ${v}`);
  for (const d of seen.dialogs) problems.push(`dialog: ${d}`);
  problems.push(...await structure(page));
  const base = label.replaceAll('/', '_').replace(/\.html$/, '');
  fs.mkdirSync(shots, { recursive: true });
  await page.screenshot({ path: path.join(shots, `${base}-desktop.png`), fullPage: true });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: path.join(shots, `${base}-390.png`), fullPage: true });
  await page.setViewportSize({ width: 794, height: 1123 });
  problems.push(...await strandedHeadings(page, path.join(pdfs, `${base}.pdf`)));
  await page.screenshot({ path: path.join(shots, `${base}-print.png`), fullPage: true });
  await context.close();
  const overflow = await overflowsAt320(file);
  if (overflow) problems.push(overflow);
  const a = await axe(file);
  if (!a.version) problems.push('axe-core did not run');
  if (a.passes === 0) problems.push('axe-core passed no rule: it did not see the page');
  problems.push(...a.violations.map((v) => `axe: ${v}`));
  return { problems, axe: a };
}

// vnu runs the Nu HTML Checker over files and returns its errors by file.
function vnu(files) {
  const r = spawnSync('java', ['-jar', vnuJar, '--errors-only', '--format', 'json', ...files], { encoding: 'utf8', maxBuffer: 64 << 20 });
  if (r.error) throw r.error;
  const messages = JSON.parse(r.stderr || '{"messages":[]}').messages;
  const byFile = new Map(files.map((f) => [f, []]));
  for (const m of messages) {
    const file = decodeURIComponent(new URL(m.url).pathname);
    (byFile.get(file) ?? byFile.set(file, []).get(file)).push(`${m.type} line ${m.lastLine}: ${m.message}`);
  }
  return byFile;
}

test('the example site has pages to audit', () => {
  assert.ok(pages.length >= 4, `only ${pages.length} pages built`);
});

for (const file of pages) {
  const label = name(file, site);
  test(`page ${label}`, async () => {
    const { problems, axe: a } = await audit(file, label);
    totals.pages++;
    totals.axePasses += a.passes;
    totals.axeVersion = a.version;
    assert.deepEqual(problems, [], `${label}:\n  ${problems.join('\n  ')}`);
  });
}

test('every page is valid HTML (W3C Nu HTML Checker)', () => {
  const errors = [...vnu(pages)].flatMap(([f, msgs]) => msgs.map((m) => `${name(f, site)}: ${m}`));
  assert.deepEqual(errors, []);
});

for (const file of hostile) {
  const label = `hostile/${name(file, path.join(out, 'hostile'))}`;
  test(`page ${label} opens safely`, async () => {
    const { context, page, seen } = await open(file);
    const problems = [...seen.requests.map((r) => `requested ${r}`), ...seen.dialogs.map((d) => `dialog: ${d}`),
      ...seen.csp.map((v) => `CSP violation: ${v}`), ...seen.console.map((m) => `console: ${m}`),
      ...(await structure(page)).filter((p) => p.includes('javascript:'))];
    await context.close();
    totals.hostile++;
    assert.deepEqual(problems, []);
  });
}

// The breakout shapes (testdata/breakout, judged by go test
// ./internal/pagecheck, which keeps each page and its verdict): each page is
// opened with its Content-Security-Policy bypassed, so that nothing but the
// Go check stands between the shape and the browser. Wherever Chromium runs
// script (a dialog), makes a request or navigates, the Go check must have
// refused the page.
const breakoutDir = path.join(out, 'breakout');
const verdicts = fs.existsSync(path.join(breakoutDir, 'verdicts.json'))
  ? JSON.parse(fs.readFileSync(path.join(breakoutDir, 'verdicts.json'), 'utf8')) : {};
const acted = new Set();

async function acts(file) {
  const context = await browser.newContext({ offline: true, bypassCSP: true });
  const page = await context.newPage();
  const url = pathToFileURL(file).href;
  const seen = [];
  page.on('request', (r) => { if (r.url() !== url && !r.url().startsWith('data:')) seen.push(`requested ${r.url()}`); });
  page.on('dialog', (d) => { seen.push(`ran script: ${d.message()}`); d.dismiss().catch(() => {}); });
  page.on('framenavigated', (f) => { if (f === page.mainFrame() && f.url() !== url) seen.push(`navigated to ${f.url()}`); });
  await page.goto(url, { waitUntil: 'load' }).catch((e) => seen.push(`navigation: ${e.message.split('\n')[0]}`));
  await page.waitForTimeout(300);
  await context.close();
  return seen;
}

test('the breakout shapes were judged by the Go check', () => {
  assert.ok(Object.keys(verdicts).length >= 40, `only ${Object.keys(verdicts).length} verdicts in ${breakoutDir}; run go test ./internal/pagecheck first`);
});

for (const [shape, problems] of Object.entries(verdicts)) {
  test(`breakout ${shape}: Chromium acts only where the Go check refused`, async () => {
    const seen = await acts(path.join(breakoutDir, shape));
    if (seen.length > 0) {
      acted.add(shape);
      assert.ok(problems.length > 0, `Chromium acted on a page the Go check passed:\n  ${seen.join('\n  ')}`);
    }
  });
}

test('Chromium acted on the shapes that must act, so the breakout gate can fail', () => {
  for (const shape of ['img-onerror.html', 'meta-refresh.html', 'css-background-url.html', 'svg-script.html', 'noscript-title.html']) {
    assert.ok(acted.has(shape), `Chromium did not act on ${shape}: the gate sees nothing`);
  }
  console.log(`breakout: ${Object.keys(verdicts).length} shapes; Chromium acted on ${acted.size}, every one refused by the Go check; ` +
    `${Object.values(verdicts).filter((p) => p.length > 0).length} refused in all`);
});

// Each canary must be caught, and by the gate named here.
const canaryWants = {
  'img-no-alt.html': /axe: image-alt/,
  'external-stylesheet.html': /requested https:\/\/cdn\.example\.org\/style\.css|CSP violation/,
  'table-no-headers.html': /a <table> has no header cells/,
  'horizontal-scroll.html': /scrolls sideways at 320 px/,
  'svg-no-alt.html': /an <svg> has no role="img"/,
  'low-contrast.html': /axe: color-contrast/,
  'javascript-url.html': /holds a javascript: address/,
  'stranded-heading.html': /ends with the heading "A heading left at the foot of the page"/,
};

for (const [canary, want] of Object.entries(canaryWants)) {
  test(`canary ${canary} is caught`, async () => {
    const { problems } = await audit(path.join(canaries, canary), `canary/${canary}`);
    assert.match(problems.join('\n'), want);
  });
}

test('canary invalid-html.html is caught by the Nu HTML Checker', () => {
  const file = path.join(canaries, 'invalid-html.html');
  assert.ok(vnu([file]).get(file).some((m) => m.startsWith('error')), 'vnu found no error');
});
