// Renders a kitwatch HTML report in headless Chromium and checks it: no console errors and no
// network requests, every visible chart drawn (an ECharts instance with data, and a canvas with
// non-blank pixels), the violations table filters, sorts and shows evidence on a click. Saves a
// full-page screenshot.
//
// node report_browser_test.mjs REPORT.html SCREENSHOT.png WEB_DIR [CHART_ID...]
// Each CHART_ID named must be among the visible, drawn charts (e.g. chart-history for a report
// made with a snapshot database), so a section that silently stays hidden fails too.
// Exit codes: 0 pass, 1 a check failed, 77 skipped (no Chromium or no playwright-core).
import { Checks, openPage, visibleCharts } from './browser_checks.mjs';

const [report, screenshot, webDir, ...expectedCharts] = process.argv.slice(2);
const checks = new Checks();
const check = (ok, what) => checks.check(ok, what);
const opened = await openPage(report, webDir);
const { browser, page } = opened;
try {
  const charts = await visibleCharts(page);
  checks.charts(charts, expectedCharts, 3);
  // The history chart draws one point per snapshot for each of its three measures.
  const history = await page.evaluate(() => JSON.parse(document.getElementById('kitwatch-data').textContent).history);
  const historyChart = charts.find((c) => c.id === 'chart-history');
  if (history && history.length) {
    check(historyChart && historyChart.points === 3 * history.length,
      `chart-history has 3 x ${history.length} points (${historyChart ? historyChart.points : 'no chart'})`);
  }

  // The rules table says what each status rests on: the figure against its limit (a cap's measured
  // share), an empty scope as EMPTY, and every assumption of the pack (issue 21).
  const policy = await page.evaluate(() => JSON.parse(document.getElementById('kitwatch-data').textContent).policy);
  if (policy) {
    const rulesText = await page.locator('#rules-table').textContent();
    const caps = policy.rules.filter((r) => r.kind === 'cap');
    check(caps.every((r) => rulesText.includes(r.figure) && /\(limit \d+\.\d\d%\)/.test(r.figure)),
      `the rules table shows each cap's measured share against its limit (${caps.map((r) => r.figure).join('; ')})`);
    const empty = policy.rules.filter((r) => r.scope_elements === 0).length;
    check(await page.locator('#rules-table td', { hasText: /^EMPTY$/ }).count() === empty,
      `rules with an empty scope are marked EMPTY (${empty})`);
    const assumed = policy.rules.filter((r) => r.assumption);
    const listed = await page.locator('#rules-table li').allTextContents();
    check(assumed.every((r) => listed.includes(`ASSUMPTION (${r.pack} ${r.id}): ${r.assumption}`)),
      `every assumption of the packs is shown (${assumed.length})`);
    const concentration = await page.locator('#concentration-summary').textContent();
    check(/concentrated \(HHI \d+ of 10,000; the bands of the US Horizontal Merger Guidelines/.test(concentration),
      'the HHI is explained in words, with its bands and their source');
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

} catch (e) {
  await browser.close();
  throw e;
}
await checks.finish(opened, screenshot);
