// Renders a kitwatch HTML report in headless Chromium and checks it: no console errors and no
// network requests, every visible chart drawn (an ECharts instance with data, and a canvas with
// non-blank pixels), the violations table filters, sorts and shows evidence on a click. Saves a
// full-page screenshot.
//
// node report_browser_test.mjs REPORT.html SCREENSHOT.png WEB_DIR [CHART_ID...]
// Each CHART_ID named must be among the visible, drawn charts (e.g. chart-history for a report
// made with a snapshot database), so a section that silently stays hidden fails too.
// Exit codes: 0 pass, 1 a check failed, 77 skipped (no Chromium or no playwright-core).
import { createRequire } from 'node:module';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const [report, screenshot, webDir, ...expectedCharts] = process.argv.slice(2);
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

const failures = [];
function check(ok, what) {
  if (!ok) failures.push(what);
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}`);
}

const browser = await playwright.chromium.launch({
  executablePath: chromium,
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
});
try {
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
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

  // Charts: every chart container in a visible section has drawn.
  const charts = await page.evaluate(() => {
    const out = [];
    for (const node of document.querySelectorAll('.chart')) {
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
  });
  check(charts.length >= 3, `at least 3 visible charts (found ${charts.length}: ${charts.map((c) => c.id).join(', ')})`);
  for (const id of expectedCharts) {
    check(charts.some((c) => c.id === id), `${id} is visible`);
  }
  // The history chart draws one point per snapshot for each of its three measures.
  const history = await page.evaluate(() => JSON.parse(document.getElementById('kitwatch-data').textContent).history);
  const historyChart = charts.find((c) => c.id === 'chart-history');
  if (history && history.length) {
    check(historyChart && historyChart.points === 3 * history.length,
      `chart-history has 3 x ${history.length} points (${historyChart ? historyChart.points : 'no chart'})`);
  }
  for (const c of charts) {
    check(c.instance && c.series > 0 && c.points > 0, `${c.id} has an ECharts instance with data (${c.series} series, ${c.points} points)`);
    check(c.inked > 500, `${c.id} drew on its canvas (${c.inked} non-blank pixels)`);
  }

  // Violations table: filter, rule filter, sort, evidence.
  const rows = () => page.locator('#violations-table tbody tr.violation');
  const total = await rows().count();
  check(total > 1, `violations table has rows (${total})`);
  if (total > 1) {
    const element = (await rows().nth(total - 1).locator('td').nth(1).textContent()).trim();
    await page.fill('#violations-filter', element);
    const filtered = await rows().count();
    const cells = await rows().evaluateAll((trs) => trs.map((tr) => tr.cells[1].textContent));
    check(filtered >= 1 && filtered < total && cells.every((c) => c.includes(element)),
      `filtering by "${element}" keeps only its rows (${filtered} of ${total})`);
    await page.fill('#violations-filter', 'no-such-element-zzz');
    check(await rows().count() === 0, 'a filter that matches nothing empties the table');
    await page.fill('#violations-filter', '');
    check(await rows().count() === total, 'clearing the filter restores every row');
    const ruleValues = await page.locator('#violations-rule option').evaluateAll((os) => os.map((o) => o.value).filter((v) => v));
    if (ruleValues.length > 0) {
      await page.selectOption('#violations-rule', ruleValues[0]);
      const ruleRows = await rows().count();
      check(ruleRows > 0 && ruleRows <= total, `the rule filter keeps ${ruleRows} of ${total}`);
      await page.selectOption('#violations-rule', '');
    }
    await page.click('#violations-table thead th:nth-child(2)');
    await page.click('#violations-table thead th:nth-child(2)');
    const ids = await rows().evaluateAll((trs) => trs.map((tr) => tr.cells[1].textContent));
    const sorted = [...ids].sort((a, b) => b.localeCompare(a, 'en', { numeric: true }));
    check(JSON.stringify(ids) === JSON.stringify(sorted), 'clicking a header twice sorts by it, descending');
    await rows().first().click();
    const evidence = await page.locator('#violations-table tbody tr.evidence').textContent();
    check(/Made by .*Evidence:/s.test(evidence), 'clicking a row shows its evidence');
    await rows().first().click();
  }

  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: screenshot, fullPage: true });
  console.log(`screenshot: ${screenshot}`);
  check(requests.length === 0, `no network requests (${requests.slice(0, 3).join(', ')})`);
  check(errors.length === 0, `no console errors (${errors.slice(0, 3).join(' | ')})`);
} finally {
  await browser.close();
}
if (failures.length) {
  console.log(`${failures.length} check(s) failed`);
  process.exit(1);
}
console.log('all checks passed');
