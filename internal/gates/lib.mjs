// What every gate file shares: where the pages are, the browser, and
// opening a page offline under its own Content-Security-Policy.
//
// Each *.test.mjs file runs in its own process (node --test), so a gate
// file builds the example site into a folder of its own (exampleSite) and
// may read the golden sites' pages (goldenSites), which are the expected
// outputs held in testdata/build/*.txtar: go test compares every build
// with them byte for byte, so they are the pages the command makes.
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

export const repo = path.resolve(import.meta.dirname, '..', '..');
export const out = process.env.BRIEFING_TEST_OUTPUT || path.join(repo, 'test-output');
export const canaries = path.join(repo, 'testdata', 'gates');

// htmlFiles lists the .html files under dir, sorted.
export function htmlFiles(dir) {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { recursive: true })
    .filter((f) => f.endsWith('.html'))
    .sort()
    .map((f) => path.join(dir, f));
}

// name is file's path under root, with slashes.
export function name(file, root) {
  return path.relative(root, file).replaceAll(path.sep, '/');
}

// exampleSite builds the example site afresh with the real command into
// $BRIEFING_TEST_OUTPUT/<folder> and returns that folder.
export function exampleSite(folder = 'public') {
  const dir = path.join(out, folder);
  fs.rmSync(dir, { recursive: true, force: true });
  execFileSync('go', ['run', './cmd/briefing', 'build', '--no-cache', '--out', dir], { cwd: repo, stdio: ['ignore', 'ignore', 'inherit'] });
  return dir;
}

// goldenSites writes the pages each golden site's archive expects (its
// want/ files) under $BRIEFING_TEST_OUTPUT/golden/<archive>/ and returns
// [{ name, dir, pages }], one for each archive that has pages.
export function goldenSites() {
  const dir = path.join(repo, 'testdata', 'build');
  const sites = [];
  for (const archive of fs.readdirSync(dir).filter((f) => f.endsWith('.txtar')).sort()) {
    const siteName = archive.replace(/\.txtar$/, '');
    const root = path.join(out, 'golden', siteName);
    fs.rmSync(root, { recursive: true, force: true });
    for (const [file, data] of txtar(fs.readFileSync(path.join(dir, archive), 'utf8'))) {
      if (!file.startsWith('want/')) continue;
      const target = path.join(root, file.slice('want/'.length));
      fs.mkdirSync(path.dirname(target), { recursive: true });
      fs.writeFileSync(target, data);
    }
    const pages = htmlFiles(root);
    if (pages.length > 0) sites.push({ name: siteName, dir: root, pages });
  }
  return sites;
}

// txtar returns the files of a txtar archive as [name, content] pairs.
function txtar(text) {
  const files = [];
  let current = null;
  for (const line of text.split(/(?<=\n)/)) {
    const m = /^-- (.+) --\r?\n?$/.exec(line);
    if (m) {
      current = [m[1].trim(), ''];
      files.push(current);
    } else if (current) {
      current[1] += line;
    }
  }
  return files;
}

// launch starts Debian's Chromium (never a downloaded browser).
export function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

// open loads a page from its file, offline and with its CSP in force, and
// records everything the page asks for or complains about.
export async function open(browser, file, viewport = { width: 1280, height: 900 }) {
  const context = await browser.newContext({ offline: true, viewport });
  const page = await context.newPage();
  const url = pathToFileURL(file).href;
  const seen = { requests: [], console: [], dialogs: [], csp: [] };
  page.on('request', (r) => { if (r.url() !== url && !r.url().startsWith('data:')) seen.requests.push(r.url()); });
  page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') seen.console.push(m.text()); });
  page.on('pageerror', (e) => seen.console.push(e.message));
  page.on('dialog', (d) => { seen.dialogs.push(d.message()); d.dismiss().catch(() => {}); });
  await page.addInitScript(() => {
    window.__csp = [];
    document.addEventListener('securitypolicyviolation', (e) => window.__csp.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  await page.goto(url, { waitUntil: 'load' });
  seen.csp = await page.evaluate(() => window.__csp);
  return { context, page, seen };
}
