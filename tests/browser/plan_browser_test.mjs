// Renders a kitwatch plan page (kitwatch plan --format html) in headless Chromium and checks it: no
// console errors and no network requests; the exposure curve, the spend chart and (when there is
// work) the Gantt chart drawn, each from the data (a point per period, a bar per work of the sites
// drawn); the verdict says what the status is; the caveats and assumptions all shown; the
// infeasibility panel shown exactly when there is no plan, with the least budget the data gives;
// the projection, period and schedule tables complete; nothing wider than a 420 px window.
//
// node plan_browser_test.mjs PLAN.html SCREENSHOT.png WEB_DIR
// Exit codes: 0 pass, 1 a check failed, 77 skipped (no Chromium or no playwright-core).
import { Checks, openPage, visibleCharts } from './browser_checks.mjs';

const [report, screenshot, webDir] = process.argv.slice(2);
const checks = new Checks();
const check = (ok, what) => checks.check(ok, what);
const opened = await openPage(report, webDir);
const { browser, page } = opened;
try {
  const data = await page.evaluate(() => JSON.parse(document.getElementById('kitwatch-data').textContent));
  const expected = ['chart-exposure', 'chart-spend'].concat(data.works.length ? ['chart-gantt'] : []);
  checks.charts(await visibleCharts(page), expected, expected.length);

  const exposure = await page.evaluate(() => {
    const series = window.kitwatchCharts['chart-exposure'].getOption().series || [];
    return [0, 1].map((i) => (series[i] ? series[i].data : []).map((p) => p[1]));
  });
  check(exposure[0].length === data.periods.length, `the exposure curve has a point per period (${exposure[0].length})`);
  check(exposure[0].every((v, i) => v === data.periods[i].designated_left) &&
        exposure[1].every((v, i) => v === data.periods[i].designated_without_plan),
    'the exposure curves are the periods\' designated elements with and without the plan');

  if (data.works.length) {
    const sites = [...new Set(data.works.map((w) => w.site))].slice(0, 60);
    const bars = await page.evaluate(() => {
      const series = window.kitwatchCharts['chart-gantt'].getOption().series || [];
      return series.length ? series[0].data.length : 0;
    });
    const expectedBars = data.works.filter((w) => sites.includes(w.site)).length;
    check(bars === expectedBars, `the Gantt chart has a bar per work of the ${sites.length} sites drawn (${bars} of ${expectedBars})`);
    const rows = await page.evaluate(() => (window.kitwatchCharts['chart-gantt'].getOption().yAxis || [{}])[0].data);
    check(JSON.stringify(rows) === JSON.stringify(sites), 'the Gantt chart has a row per site, in the order work starts');
  }

  const verdict = await page.locator('#verdict').textContent();
  const words = { optimal: 'PLAN FOUND', feasible: 'PLAN FOUND', infeasible: 'NO PLAN',
                  'nothing to do': 'NOTHING TO DO', 'no plan found': 'NO PLAN FOUND' }[data.status];
  check(verdict.startsWith(words), `the verdict starts "${words}" (${verdict.slice(0, 80)})`);

  const caveats = await page.locator('#caveat-list li').allTextContents();
  check(caveats.length === data.caveats.length, `every caveat is shown (${caveats.length} of ${data.caveats.length})`);
  check(data.assumptions.every((a) => caveats.includes('ASSUMPTION: ' + a)),
    `each of the ${data.assumptions.length} assumptions is shown, marked ASSUMPTION`);
  if (data.inventory.rejected) {
    check(caveats.some((c) => c.includes('rows were rejected')), 'the rejected rows are a caveat');
  }

  const infeasibleShown = !(await page.locator('#section-infeasible').evaluate((n) => n.hidden));
  check(infeasibleShown === !!data.infeasibility, 'the "what cannot be met" panel is shown exactly when there is no plan');
  if (data.infeasibility) {
    const unmet = await page.locator('#unmet-table tbody tr').count();
    check(unmet === data.infeasibility.unmet.length, `every unmet requirement is listed (${unmet})`);
    const least = await page.locator('#infeasible-least').textContent();
    if (data.infeasibility.least_budget !== null) {
      const figure = Math.round(data.infeasibility.least_budget).toLocaleString('en-GB');
      check(least.includes(figure), `the least budget ${figure} is given (${least.slice(0, 120)})`);
    }
  }

  const projection = await page.locator('#projection-table tbody tr').count();
  check(projection === data.projection.length, `the projection lists every check (${projection})`);
  const unavoidable = await page.locator('#projection-table tbody td', { hasText: 'UNAVOIDABLE' }).count();
  const wantUnavoidable = data.projection.filter((c) => c.with_plan.unavoidable).length;
  check(unavoidable === wantUnavoidable, `the unavoidable violations are marked (${unavoidable} of ${wantUnavoidable})`);
  check(await page.locator('#periods-table tbody tr').count() === data.periods.length, 'a row per period');
  check(await page.locator('#works-table tbody tr').count() === data.works.length, 'a row per work in the schedule');
} catch (e) {
  await browser.close();
  throw e;
}
await checks.finish(opened, screenshot);
