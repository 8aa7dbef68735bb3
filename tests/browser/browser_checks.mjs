// What every kitwatch page's browser test shares: headless Chromium through playwright-core (no
// browser download), console errors and network requests collected, and the check that every
// chart in a visible section drew (an ECharts instance with data, and a canvas with non-blank
// pixels). Used by report_browser_test.mjs and national_browser_test.mjs.
import { createRequire } from 'node:module';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

// Exits 77 (skipped) when Chromium or playwright-core is missing.
export async function openPage(report, webDir, viewport = { width: 1400, height: 1000 }) {
  const chromium = process.env.KITWATCH_CHROMIUM || '/usr/bin/chromium';
  if (!existsSync(chromium)) {
    console.log(`SKIP: no Chromium at ${chromium} (scripts/install-deps.sh installs it)`);
    process.exit(77);
  }
  let playwright;
  try {
    playwright = createRequire(path.join(path.resolve(webDir), 'package.json'))('playwright-core');
  } catch (e) {
    console.log(`SKIP: playwright-core not installed in ${webDir} (run npm ci there): ${e.message}`);
    process.exit(77);
  }
  const browser = await playwright.chromium.launch({
    executablePath: chromium,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
  });
  const page = await browser.newPage({ viewport });
  const errors = [];
  page.on('console', (msg) => { if (msg.type() === 'error') errors.push(msg.text()); });
  page.on('pageerror', (err) => errors.push(String(err)));
  const requests = [];
  page.on('request', (req) => {
    const url = req.url();
    if (!url.startsWith('file:') && !url.startsWith('data:') && !url.startsWith('about:')) requests.push(url);
  });
  await page.goto(pathToFileURL(path.resolve(report)).href, { waitUntil: 'load' });
  await page.waitForSelector('body[data-ready="true"]', { timeout: 20000 });
  return { browser, page, errors, requests };
}

// Every chart container in a visible section: its id, whether it has an ECharts instance, its
// series and data points, and how many canvas pixels it inked. laidOut: count only the charts the
// page lays out (none of their ancestors hidden), for a page that keeps every view's charts.
export async function visibleCharts(page, laidOut = false) {
  return page.evaluate((onlyLaidOut) => {
    const out = [];
    for (const node of document.querySelectorAll('.chart')) {
      if (onlyLaidOut && node.getClientRects().length === 0) continue;
      const section = node.closest('section');
      if (section && section.hidden) continue;
      const instance = window.kitwatchCharts && window.kitwatchCharts[node.id];
      const option = instance ? instance.getOption() : null;
      const points = option ? (option.series || []).reduce((n, s) => n + ((s.data || []).length), 0) : 0;
      const canvas = node.querySelector('canvas');
      let inked = 0;
      if (canvas && canvas.width > 0 && canvas.height > 0) {
        const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
        for (let i = 3; i < pixels.length; i += 4) if (pixels[i] !== 0) ++inked;
      }
      out.push({ id: node.id, instance: !!instance, series: option ? (option.series || []).length : 0, points, inked });
    }
    return out;
  }, laidOut);
}

export class Checks {
  constructor() { this.failures = []; }
  check(ok, what) {
    if (!ok) this.failures.push(what);
    console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}`);
  }
  // Each chart drew; each id in expected is among them.
  charts(charts, expected, minimum) {
    this.check(charts.length >= minimum,
      `at least ${minimum} visible charts (found ${charts.length}: ${charts.map((c) => c.id).join(', ')})`);
    for (const id of expected) this.check(charts.some((c) => c.id === id), `${id} is visible`);
    for (const c of charts) {
      this.check(c.instance && c.series > 0 && c.points > 0,
        `${c.id} has an ECharts instance with data (${c.series} series, ${c.points} points)`);
      this.check(c.inked > 500, `${c.id} drew on its canvas (${c.inked} non-blank pixels)`);
    }
  }
  // At a phone-sized window the page must not need sideways scrolling.
  async narrow(page, screenshot) {
    await page.setViewportSize({ width: 420, height: 900 });
    await page.waitForTimeout(200);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    this.check(overflow <= 0, `nothing is wider than a 420 px window (overflow ${overflow} px)`);
    if (screenshot) await page.screenshot({ path: screenshot, fullPage: true });
  }
  // The end of every page's check: a full-page screenshot at the top, the narrow window (with its
  // own screenshot), no network requests, no console errors; then the browser closes.
  async finish(opened, screenshot) {
    try {
      await opened.page.evaluate(() => window.scrollTo(0, 0));
      await opened.page.screenshot({ path: screenshot, fullPage: true });
      console.log(`screenshot: ${screenshot}`);
      await this.narrow(opened.page, screenshot.replace(/\.png$/, '-narrow.png'));
      this.quiet(opened);
    } finally {
      await opened.browser.close();
    }
    this.exit();
  }
  quiet(opened) {
    this.check(opened.requests.length === 0, `no network requests (${opened.requests.slice(0, 3).join(', ')})`);
    this.check(opened.errors.length === 0, `no console errors (${opened.errors.slice(0, 3).join(' | ')})`);
  }
  exit() {
    if (this.failures.length) {
      console.log(`${this.failures.length} check(s) failed`);
      process.exit(1);
    }
    console.log('all checks passed');
  }
}
