// Renders the kitwatch national page in headless Chromium and checks it: no console errors and no
// network requests; the operator comparison, function and capacity charts drawn; the caveats shown
// when the data has any (and hidden when it has none); the verdict card, the compliance matrix and
// the builds table filled from the data; nothing wider than a 420 px window. Saves screenshots.
//
// node national_browser_test.mjs NATIONAL.html SCREENSHOT.png WEB_DIR
// Exit codes: 0 pass, 1 a check failed, 77 skipped (no Chromium or no playwright-core).
import { Checks, openPage, visibleCharts } from './browser_checks.mjs';

const [report, screenshot, webDir] = process.argv.slice(2);
const checks = new Checks();
const check = (ok, what) => checks.check(ok, what);
const opened = await openPage(report, webDir);
const { browser, page } = opened;
try {
  const data = await page.evaluate(() => JSON.parse(document.getElementById('kitwatch-data').textContent));
  const expected = ['chart-operators', 'chart-functions'].concat(data.evaluation ? ['chart-capacity'] : []);
  checks.charts(await visibleCharts(page), expected, expected.length);

  const operatorBars = await page.evaluate(() => {
    const series = window.kitwatchCharts['chart-operators'].getOption().series || [];
    return series.length ? series[0].data.length : 0;
  });
  check(operatorBars === data.operators.length, `one bar per operator (${operatorBars} of ${data.operators.length})`);

  const caveats = await page.locator('#caveat-list li').allTextContents();
  const caveatsShown = !(await page.locator('#caveats').evaluate((n) => n.hidden));
  check(caveatsShown === data.caveats.length > 0 && caveats.length === data.caveats.length,
    `the caveats are shown, all of them (${caveats.length} of ${data.caveats.length})`);

  if (data.evaluation) {
    const card = await page.locator('[data-card="evaluation"]').textContent();
    const verdict = data.evaluation.effective ? 'effective' : 'over capacity';
    check(card.includes(verdict), `the evaluation card says "${verdict}" (${card.trim()})`);
    const alert = await page.locator('[data-card="evaluation"]').evaluate((n) => n.classList.contains('alert'));
    check(alert === !data.evaluation.effective, 'the evaluation card is marked as an alert exactly when exceeded');
    const builds = data.evaluation.controllers.reduce((n, c) => n + c.builds.length, 0);
    check(await page.locator('#builds-table tbody tr').count() === builds, `the builds table lists ${builds} builds`);
    const shared = data.evaluation.controllers.reduce(
      (n, c) => n + c.builds.filter((b) => b.operators.length > 1).length, 0);
    check(await page.locator('#builds-table tbody tr.shared').count() === shared,
      `${shared} builds are marked as shared by several operators`);
  }
  if (data.rules.length) {
    const cells = await page.locator('#matrix-table tbody td').count();
    check(cells === data.operators.length * (data.rules.length + 1),
      `the compliance matrix has a row per operator and a column per rule (${cells} cells)`);
  }
} catch (e) {
  await browser.close();
  throw e;
}
await checks.finish(opened, screenshot);
