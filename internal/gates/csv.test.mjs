// The data behind every table and figure, to take away (issue 14): each
// has a download link whose address holds its CSV file,
// <a download="name.csv" href="data:text/csv;charset=utf-8,…">, the one
// data: link the page check (internal/pagecheck) allows.
//
//   - In the reference pack, opened from a file, offline and under its own
//     Content-Security-Policy (unchanged: a download needs none), every
//     table and figure has a link, and a click on each downloads its file
//     and does nothing else: no navigation, no new window, no request, no
//     script, no policy violation. The file is the one the archive keeps
//     beside the pack, as index.json lists it.
//   - The breakout shapes that try to abuse the exception (csv-* in
//     testdata/breakout, judged by go test ./internal/pagecheck) are
//     clicked too, with the policy bypassed: wherever Chromium does more
//     than save a text/csv file under a .csv name, the Go check must have
//     refused the page, and Briefing's own shape (safe-csv-download.html)
//     only downloads.
//   - The canary testdata/gates/csv-link-not-csv.html holds a download
//     link whose file is HTML: the pack check must catch it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { out, canaries, exampleSite, launch, open } from './lib.mjs';

const prefix = 'data:text/csv;charset=utf-8,';
const site = exampleSite('gate-csv');
const reference = 'scrutiny-co-ordination/2018-03-12/index.html';
const index = JSON.parse(fs.readFileSync(path.join(site, 'index.json'), 'utf8'));

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

// decode is the file a CSV download link's address holds.
function decode(href) {
  return Buffer.from(decodeURIComponent(href.slice(prefix.length)), 'utf8');
}

const sha256 = (data) => crypto.createHash('sha256').update(data).digest('hex');

// watch records what a page does besides loading url: requests (but for
// its own data: addresses), script, navigation, new windows, downloads.
function watch(context, page, url) {
  const seen = { acts: [], downloads: [] };
  page.on('request', (r) => { if (r.url() !== url && !r.url().startsWith('data:')) seen.acts.push(`requested ${r.url()}`); });
  page.on('dialog', (d) => { seen.acts.push(`ran script: ${d.message()}`); d.dismiss().catch(() => {}); });
  page.on('framenavigated', (f) => { if (f.url() !== url && f.url() !== 'about:blank') seen.acts.push(`navigated to ${f.url().slice(0, 80)}`); });
  context.on('page', (p) => seen.acts.push(`opened a window at ${p.url()}`));
  page.on('download', (d) => seen.downloads.push(d));
  return seen;
}

// clickDownloads clicks every download link of a page opened with open()
// and returns what each did, and what else happened.
async function clickDownloads(file) {
  const { context, page, seen } = await open(browser, file);
  const url = pathToFileURL(file).href;
  const w = watch(context, page, url);
  const problems = [];
  const links = await page.$$eval('a[download]', (as) => as.map((a) => ({ name: a.getAttribute('download'), href: a.getAttribute('href'), text: a.textContent })));
  const files = [];
  for (let i = 0; i < links.length; i++) {
    const link = links[i];
    // Chromium lets a click go now and then in a quick run of downloads
    // (the 11th of the reference pack's 12, which downloads when clicked
    // on its own): a link is clicked once more before it is said to
    // download nothing.
    let download = null;
    for (let attempt = 0; attempt < 2 && !download; attempt++) {
      [download] = await Promise.all([
        page.waitForEvent('download', { timeout: 10000 }).catch(() => null),
        page.locator('a[download]').nth(i).click({ noWaitAfter: true }),
      ]);
    }
    if (!download) {
      problems.push(`${link.text}: a click downloaded nothing`);
      continue;
    }
    if (!link.href.startsWith(prefix)) problems.push(`${link.text}: its address is not a CSV file (${link.href.slice(0, 40)}…)`);
    if (download.suggestedFilename() !== link.name || !link.name.endsWith('.csv')) problems.push(`${link.text}: saved as ${download.suggestedFilename()}, not a .csv file`);
    const data = fs.readFileSync(await download.path());
    if (link.href.startsWith(prefix) && !data.equals(decode(link.href))) problems.push(`${link.text}: the file saved is not the one the link holds`);
    files.push({ link, data });
  }
  problems.push(...w.acts, ...seen.requests.map((r) => `requested ${r}`), ...seen.dialogs.map((d) => `dialog: ${d}`));
  const csp = await page.evaluate(() => window.__csp);
  problems.push(...csp.map((v) => `CSP violation: ${v}`));
  if (page.url() !== url) problems.push(`the page left for ${page.url()}`);
  await context.close();
  return { links, files, problems };
}

test('every table and figure of the reference pack downloads its CSV, and nothing else happens', async () => {
  const file = path.join(site, reference);
  const html = fs.readFileSync(file, 'utf8');
  const shown = (html.match(/<table class="data" id="table-\d+"/g) || []).length + (html.match(/<figure class="figure"/g) || []).length;
  const { links, files, problems } = await clickDownloads(file);
  assert.deepEqual(problems, []);
  assert.ok(shown >= 10, `only ${shown} tables and figures in the reference pack`);
  assert.equal(links.length, shown, 'one download link for each table and figure');
  // The same files as the archive keeps beside the pack.
  const meeting = index.committees.flatMap((c) => c.meetings).find((m) => m.path === reference);
  const bySum = new Map(meeting.data.map((d) => [d.sha256, d]));
  for (const { link, data } of files) {
    const listed = bySum.get(sha256(data));
    assert.ok(listed, `${link.text}: its file is not listed in index.json`);
    assert.ok(fs.readFileSync(path.join(site, listed.path)).equals(data), `${listed.path} differs from the link's file`);
    assert.ok(listed.source && listed.updated, `${listed.path}: no source or date in index.json`);
    assert.ok(data.subarray(0, 3).equals(Buffer.from([0xef, 0xbb, 0xbf])), `${listed.path}: no byte order mark`);
  }
  console.log(`csv: ${links.length} download links in ${reference}, each saved its file, under the page's own CSP`);
});

// The breakout shapes of the CSV download (see testdata/breakout).
const breakoutDir = path.join(out, 'breakout');
const verdicts = fs.existsSync(path.join(breakoutDir, 'verdicts.json'))
  ? JSON.parse(fs.readFileSync(path.join(breakoutDir, 'verdicts.json'), 'utf8')) : {};
const shapes = Object.keys(verdicts).filter((s) => s.startsWith('csv-') || s === 'safe-csv-download.html');
const beyond = new Map(); // shape → what Chromium did beyond saving a CSV file

// clickShape opens a shape with its policy bypassed, clicks every link and
// lists what Chromium did beyond saving a text/csv file under a .csv name.
async function clickShape(file) {
  const context = await browser.newContext({ offline: true, bypassCSP: true, acceptDownloads: true });
  const page = await context.newPage();
  const url = pathToFileURL(file).href;
  const w = watch(context, page, url);
  await page.goto(url, { waitUntil: 'load' }).catch((e) => w.acts.push(`navigation: ${e.message.split('\n')[0]}`));
  for (const link of await page.$$('a, area')) {
    await link.click({ force: true, noWaitAfter: true, timeout: 2000 }).catch(() => {});
  }
  await page.waitForTimeout(500);
  const acts = [...w.acts];
  for (const d of w.downloads) {
    const media = d.url().startsWith('data:') ? d.url().slice(5).split(/[;,]/)[0] : d.url();
    if (media !== 'text/csv' || !d.suggestedFilename().endsWith('.csv')) acts.push(`saved ${d.suggestedFilename()} from ${d.url().slice(0, 50)}`);
  }
  const downloads = w.downloads.length;
  await context.close();
  return { acts, downloads };
}

test('the CSV download shapes were judged by the Go check', () => {
  assert.ok(shapes.length >= 20, `only ${shapes.length} CSV shapes in ${breakoutDir}; run go test ./internal/pagecheck first`);
});

for (const shape of shapes) {
  test(`breakout ${shape}: Chromium does more than save a CSV file only where the Go check refused`, async () => {
    const { acts, downloads } = await clickShape(path.join(breakoutDir, shape));
    if (acts.length > 0) beyond.set(shape, acts);
    if (shape.startsWith('safe-')) {
      assert.deepEqual(verdicts[shape], [], 'the Go check refused Briefing\'s own CSV link');
      assert.deepEqual(acts, [], 'Briefing\'s own CSV link did more than download');
      assert.equal(downloads, 1, 'Briefing\'s own CSV link did not download');
      return;
    }
    assert.ok(verdicts[shape].length > 0, `the Go check passed ${shape}`);
  });
}

test('Chromium did more than save a CSV file on the shapes that must, so the gate can fail', () => {
  for (const shape of ['csv-data-html.html', 'csv-html-file-name.html', 'csv-download-web-address.html', 'csv-ping.html']) {
    assert.ok(beyond.has(shape), `Chromium did nothing beyond a CSV download on ${shape}: the gate sees nothing`);
  }
  console.log(`csv breakout: ${shapes.length} shapes, every csv-* refused by the Go check; Chromium went beyond a CSV download on ${beyond.size}: ` +
    [...beyond].map(([s, a]) => `${s} (${a[0]})`).join('; '));
});

test('canary csv-link-not-csv.html is caught', async () => {
  const { problems } = await clickDownloads(path.join(canaries, 'csv-link-not-csv.html'));
  assert.match(problems.join('\n'), /its address is not a CSV file/);
});
