// The chart gate: no chart's text collides, or leaves its drawing.
//
// On every page of the example site and of every golden site, each chart
// (svg.chart-svg) that is shown at a wide screen (1280 px: the wide
// drawing, which print uses too) and at a phone's (390 px: the narrow
// drawing) is measured by the browser: no two of its text elements may
// overlap (touching is allowed), and every one must lie inside the SVG's
// viewBox. Boxes are the browser's getBBox, in the SVG's own units, so
// they are the font the browser chose for the family the SVG names.
// The canaries chart-text-overlap.html and chart-text-outside.html must
// be caught.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { canaries, htmlFiles, name, exampleSite, goldenSites, launch, open } from './lib.mjs';

const widths = [1280, 390];
const slack = 0.5; // boxes may share this much: text that touches is fine

const site = exampleSite('gate-charts');
const pages = [
  ...htmlFiles(site).map((file) => ({ label: `example/${name(file, site)}`, file })),
  ...goldenSites().flatMap((g) => g.pages.map((file) => ({ label: `golden/${g.name}/${name(file, g.dir)}`, file }))),
];

let browser;
let charts = 0;
before(async () => { browser = await launch(); });
after(async () => {
  await browser?.close();
  console.log(`charts gate: ${charts} chart drawings measured on ${pages.length} pages at ${widths.join(' and ')} px`);
});

// collisions measures, in the page, every chart shown: the problems found
// and how many charts were measured.
function collisions(page, slackUnits) {
  return page.evaluate((slack) => {
    const problems = [];
    let measured = 0;
    for (const svg of document.querySelectorAll('svg.chart-svg')) {
      const shown = svg.getBoundingClientRect();
      if (shown.width === 0 || shown.height === 0) continue;
      measured++;
      const id = svg.getAttribute('aria-labelledby')?.split(' ')[0] || svg.getAttribute('aria-label') || 'a chart';
      const vb = svg.viewBox.baseVal;
      const boxes = [...svg.querySelectorAll('text')].map((t) => ({ text: t.textContent, b: t.getBBox() }));
      for (const { text, b } of boxes) {
        if (b.x < vb.x - slack || b.y < vb.y - slack || b.x + b.width > vb.x + vb.width + slack || b.y + b.height > vb.y + vb.height + slack) {
          problems.push(`${id}: "${text}" (${b.x.toFixed(1)},${b.y.toFixed(1)} ${b.width.toFixed(1)}×${b.height.toFixed(1)}) is outside the viewBox ${vb.width}×${vb.height}`);
        }
      }
      for (let i = 0; i < boxes.length; i++) {
        for (let j = i + 1; j < boxes.length; j++) {
          const a = boxes[i].b;
          const c = boxes[j].b;
          const dx = Math.min(a.x + a.width, c.x + c.width) - Math.max(a.x, c.x);
          const dy = Math.min(a.y + a.height, c.y + c.height) - Math.max(a.y, c.y);
          if (dx > slack && dy > slack) problems.push(`${id}: "${boxes[i].text}" and "${boxes[j].text}" overlap by ${dx.toFixed(1)}×${dy.toFixed(1)}`);
        }
      }
    }
    return { problems, measured };
  }, slackUnits);
}

async function check(file, width) {
  const { context, page } = await open(browser, file, { width, height: 900 });
  try {
    return await collisions(page, slack);
  } finally {
    await context.close();
  }
}

test('no chart text overlaps or leaves its drawing, wide and narrow', async () => {
  const problems = [];
  for (const { label, file } of pages) {
    for (const width of widths) {
      const r = await check(file, width);
      charts += r.measured;
      for (const p of r.problems) problems.push(`${label} at ${width} px: ${p}`);
    }
  }
  assert.ok(charts > 0, 'no chart was measured: the gate would pass anything');
  assert.deepEqual(problems, []);
});

test('the chart gate catches overlapping text and text outside the drawing', async () => {
  for (const [canary, want] of [['chart-text-overlap.html', /overlap/], ['chart-text-outside.html', /outside the viewBox/]]) {
    const r = await check(path.join(canaries, canary), 1280);
    assert.equal(r.measured, 1, `${canary}: its chart was not measured`);
    assert.ok(r.problems.some((p) => want.test(p)), `${canary} passed the chart gate: ${JSON.stringify(r.problems)}`);
  }
});
