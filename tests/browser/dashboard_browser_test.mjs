// Drives the kitwatch dashboard (`kitwatch serve`, page at /) in headless Chromium against a live
// server and checks it shows what the engine computes:
//   setup (API, as root): operators, an analyst, a regulator, the national operators' keys and
//     their signed returns (uploaded by each operator's analyst);
//   the analyst: signs in through the form, uploads examples/small/inventory.csv through the upload
//     form (bytes, then the job's stages), and the overview cards show the figures `kitwatch assess`
//     and `kitwatch check` print for the same file; every chart drew; violations filtered by a rule
//     are that rule's, as many as the API and the CLI count; a header sorts; the CSV export
//     downloads them all; the what-if "remove Huawei" shows the CLI's after-share; with a second
//     upload the history chart draws, and the compare view shows the API's diff of the two uploads
//     (every figure, changed ones marked; the new and resolved findings' totals); the topology view
//     says there are no links, then examples/small/links.csv uploaded through the links form: the
//     graph cards, the supplier loss and the designated articulation points are the API's (and the
//     CLI's), the map drew the graph route's nodes with its tooltip; a rejected link row is marked;
//     the graph route's other answers (too large to draw; 1,500 nodes; 400) played to the page; signs out;
//   the regulator: the national page shows the four operators, the national evaluation load and
//     capacity the API's JSON holds (and that examples/uk-2018-national/README.md works out by
//     hand), its assumption and the builds with the operators running them; the README's proposal
//     (Dumnonia adds ZTE radio, ZTE designated) built in the national what-if form shows the API's
//     answer to the same scenario, the load and the highlighted verdict the README's; the latest
//     returns; the small operator's inventory is refused (403);
//   throughout: no console errors, no request to another origin; screenshots at 1400x1000 and
//     390x844, and nothing wider than the phone's window.
// Expected figures come from the CLI and the API at run time, never from constants.
//
// node dashboard_browser_test.mjs BASE_URL KITWATCH SOURCE_DIR OUT_DIR [full|quick]
// quick: only sign-in, upload and the overview (the run_dashboard_browser_test.sh negative check).
// The server's first admin is root, its password in KITWATCH_TEST_ADMIN_PASSWORD.
// Exit codes: 0 pass, 1 a check failed, 77 skipped (no Chromium or no playwright-core).
import { createRequire } from 'node:module';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Checks, visibleCharts } from './browser_checks.mjs';

const [base, kitwatch, src, out, mode = 'full'] = process.argv.slice(2);
const full = mode === 'full';
const origin = new URL(base).origin;
const adminPassword = process.env.KITWATCH_TEST_ADMIN_PASSWORD;
const checks = new Checks();
const check = (ok, what) => checks.check(ok, what);
mkdirSync(out, { recursive: true });

const REGISTRY = 'examples/zte-2018/registry.yaml';
const INVENTORY = 'examples/small/inventory.csv';
const LINKS = 'examples/small/links.csv';
const AS_OF = '2028-01-01';
const POLICY = 'uk-huawei-dvd';
const OP = 'smallnet';
const NATIONAL = ['albion', 'brigantia', 'caledonia', 'dumnonia'];
const PASSWORD = 'a-long-test-password';
const ANALYST = 'ana', REGULATOR = 'rita';

// The page's own number formats, so that the check compares like with like.
const num = (x) => Number(x).toLocaleString('en-GB', { maximumFractionDigits: 1 });
const pct = (x) => (100 * x).toFixed(2) + '%';
const digits = (text) => Number(String(text).replace(/[^0-9.]/g, ''));

// ---- the API and the CLI, for setup and for the expected figures ---------------------------------

async function call(method, p, { token, body, raw, type } = {}) {
  const headers = {};
  if (token) headers.Authorization = `Bearer ${token}`;
  let payload;
  if (raw !== undefined) {
    payload = raw;
    headers['Content-Type'] = type || 'application/octet-stream';
  } else if (body !== undefined) {
    payload = JSON.stringify(body);
    headers['Content-Type'] = 'application/json';
  }
  const res = await fetch(`${origin}/api/v1${p}`, { method, headers, body: payload });
  const text = await res.text();
  let json = null;
  try { json = JSON.parse(text); } catch { json = null; }
  return { status: res.status, json, text, headers: res.headers };
}
async function must(method, p, opts, want) {
  const r = await call(method, p, opts);
  if (r.status !== want) throw new Error(`${method} ${p}: expected ${want}, got ${r.status}: ${r.text.slice(0, 400)}`);
  return r.json;
}
const login = async (name, password) => (await must('POST', '/login', { body: { name, password } }, 201)).token;

function cli(args, exitCodes = [0]) {
  const r = spawnSync(kitwatch, args, { cwd: src, encoding: 'utf8', maxBuffer: 256 << 20 });
  if (!exitCodes.includes(r.status)) throw new Error(`kitwatch ${args.join(' ')}: exit ${r.status}: ${r.stderr}`);
  return JSON.parse(r.stdout);
}

async function waitForJob(token, job) {
  for (let i = 0; i < 300; ++i) {
    const row = await must('GET', `/operators/${OP}/jobs/${job}`, { token }, 200);
    if (row.state === 'done' || row.state === 'failed') return row;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`job ${job} did not finish`);
}

// ---- the browser ------------------------------------------------------------------------------

const chromium = process.env.KITWATCH_CHROMIUM || '/usr/bin/chromium';
if (!existsSync(chromium)) {
  console.log(`SKIP: no Chromium at ${chromium}`);
  process.exit(77);
}
let playwright;
try {
  playwright = createRequire(path.join(src, 'web', 'package.json'))('playwright-core');
} catch (e) {
  console.log(`SKIP: playwright-core not installed in ${src}/web (run npm ci there): ${e.message}`);
  process.exit(77);
}

// A chart counts as shown only when it is laid out: the dashboard keeps every view's charts in one page.
const shownCharts = (page) => visibleCharts(page, true);

const browser = await playwright.chromium.launch({
  executablePath: chromium,
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
});
const LAPTOP = { width: 1400, height: 1000 }, PHONE = { width: 390, height: 844 };
const context = await browser.newContext({ viewport: LAPTOP });
const page = await context.newPage();
page.setDefaultTimeout(20000);

// Console errors, except the refusals the test provokes or the contract prescribes (Chromium logs
// every 4xx answer as "Failed to load resource"): each is named with its path and status.
const errors = [], refusalsSeen = [];
const expectedRefusals = [];
page.on('console', (msg) => {
  if (msg.type() !== 'error') return;
  const text = msg.text(), url = msg.location().url || '';
  const refused = /^Failed to load resource: the server responded with a status of (\d+)/.exec(text);
  const expected = refused && expectedRefusals.find((e) => url.split('?')[0] === origin + e.path && Number(refused[1]) === e.status);
  if (expected) {
    refusalsSeen.push(`${expected.status} (${expected.why})`);
    return;
  }
  errors.push(`${text} (${url})`);
});
page.on('pageerror', (err) => errors.push(String(err)));
const foreign = [], requested = [];
page.on('request', (req) => {
  const url = req.url();
  if (/^(data|about|blob):/.test(url)) return;
  requested.push(url);
  if (new URL(url).origin !== origin) foreign.push(url);
});

const visible = (selector) => page.locator(selector).isVisible();
async function go(view) {
  await page.click(`#nav a[href="#/${view}"]`);
  await page.waitForSelector(`#view-${view}:not([hidden])`);
}
async function signIn(name) {
  await page.fill('#signin-name', name);
  await page.fill('#signin-password', PASSWORD);
  await page.click('#signin-submit');
  await page.waitForFunction((n) => {
    const who = document.getElementById('who');
    return !who.hidden && document.getElementById('who-name').textContent === n;
  }, name);
}
async function shots(name, prepare) {
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: path.join(out, `${name}.png`), fullPage: true });
  await page.setViewportSize(PHONE);
  if (prepare) await prepare();  // drawn again at the phone's width
  await page.waitForTimeout(150);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  check(overflow <= 0, `${name}: nothing is wider than a 390 px window (overflow ${overflow} px)`);
  await page.screenshot({ path: path.join(out, `${name}-phone.png`), fullPage: true });
  await page.setViewportSize(LAPTOP);
  if (prepare) await prepare();
  console.log(`screenshots: ${path.join(out, name)}.png, ${name}-phone.png`);
}

try {
  // ---- setup through the API ----
  const root = await login('root', adminPassword);
  await must('POST', '/operators', { token: root, body: { id: OP, name: 'Small Example Networks' } }, 201);
  await must('POST', '/users', { token: root, body: { name: ANALYST, password: PASSWORD, role: 'analyst', operator: OP } }, 201);
  if (full) {
    await must('POST', '/users', { token: root, body: { name: REGULATOR, password: PASSWORD, role: 'regulator' } }, 201);
    for (const op of NATIONAL) {
      await must('POST', '/operators', { token: root, body: { id: op, name: `${op[0].toUpperCase()}${op.slice(1)} (example)` } }, 201);
      const key = readFileSync(path.join(out, 'keys', `${op}.pub`), 'utf8').trim();
      await must('PUT', `/operators/${op}/key`, { token: root, body: { public_key: key } }, 200);
      await must('POST', '/users', { token: root, body: { name: `${op}-analyst`, password: PASSWORD, role: 'analyst', operator: op } }, 201);
      const token = await login(`${op}-analyst`, PASSWORD);
      const ret = readFileSync(path.join(out, 'returns', `${op}.return.json`));
      await must('POST', `/operators/${op}/returns`, { token, raw: ret, type: 'application/json' }, 201);
    }
  }
  const ana = await login(ANALYST, PASSWORD);

  // What the engine says of the example, as the server's assessment should (same registry overlay).
  const common = [INVENTORY, '--as-of', AS_OF, '--policy', POLICY, '--registry', REGISTRY, '--format', 'json', '-q'];
  const assess = cli(['assess', ...common]);
  const gate = cli(['check', ...common], [0, 1, 3]);

  // ---- the analyst ----
  const first = await page.goto(`${base}/`, { waitUntil: 'load' });
  const csp = first.headers()['content-security-policy'] || '';
  check(/script-src 'self'/.test(csp) && !/script-src[^;]*unsafe-inline/.test(csp),
    `the page is served with a CSP that allows no inline script (${csp || 'none'})`);
  await page.waitForSelector('body[data-ready="true"]');
  check(await visible('#view-signin'), 'the sign-in form is shown before anyone signs in');
  await signIn(ANALYST);
  const who = (await page.locator('#who').textContent()).replace(/\s+/g, ' ').trim();
  check(who.includes(ANALYST) && who.includes('analyst') && who.includes(OP), `the header names the user, role and operator (${who})`);

  await go('upload');
  await page.waitForSelector(`#upload-policy option[value="${POLICY}"]`, { state: 'attached' });
  await page.setInputFiles('#upload-file', path.join(src, INVENTORY));
  await page.fill('#upload-as-of', AS_OF);
  await page.selectOption('#upload-policy', POLICY);
  await page.click('#upload-submit');
  await page.waitForSelector('#upload-status[data-state="done"], #upload-status[data-state="failed"]', { timeout: 30000 });
  const uploadState = await page.getAttribute('#upload-status', 'data-state');
  check(uploadState === 'done', `the upload's assessment finished (${uploadState}: ${await page.textContent('#upload-status')})`);
  const bars = await page.evaluate(() => ['upload-bytes', 'upload-job'].map((id) => {
    const p = document.getElementById(id);
    return { value: p.value, max: p.max };
  }));
  const size = readFileSync(path.join(src, INVENTORY)).length;
  check(bars[0].max === size && bars[0].value === size, `the upload bar reached the file's ${size} bytes (${bars[0].value} of ${bars[0].max})`);
  check(bars[1].value === bars[1].max, 'the assessment bar is full');
  check(requested.some((u) => /\/jobs\/\d+\/events$/.test(u)), "the job's stages came as server-sent events");
  await page.screenshot({ path: path.join(out, 'upload.png'), fullPage: true });
  const inventories = await must('GET', `/operators/${OP}/inventories`, { token: ana }, 200);
  const inv = inventories[inventories.length - 1].id;

  await page.click('#upload-open');
  await page.waitForSelector('#view-overview:not([hidden]) [data-card="verdict"]');
  const cardText = async (id) => (await page.locator(`[data-card="${id}"] .value`).textContent()).trim();
  const cardDetail = async (id) => (await page.locator(`[data-card="${id}"] .detail`).textContent()).trim();
  const ingest = assess.ingest;
  check(digits(await cardText('rows-read')) === ingest.rows_read, `rows read: ${await cardText('rows-read')} (CLI ${ingest.rows_read})`);
  check(digits(await cardText('rows-accepted')) === ingest.accepted, `rows accepted: ${await cardText('rows-accepted')} (CLI ${ingest.accepted})`);
  check(digits(await cardText('rows-rejected')) === ingest.rejected, `rows rejected: ${await cardText('rows-rejected')} (CLI ${ingest.rejected})`);
  const shares = assess.total;
  check(await cardText('designated') === pct(shares.designated_share.count),
    `designated share by count: ${await cardText('designated')} (CLI ${pct(shares.designated_share.count)})`);
  const detail = await cardDetail('designated');
  check(detail.includes(pct(shares.designated_share.traffic)) && detail.includes(pct(shares.designated_share.subscribers)),
    `designated share by traffic and subscribers: ${detail}`);
  check(await cardText('unknown') === pct(shares.unknown_share.count),
    `unknown share by count: ${await cardText('unknown')} (CLI ${pct(shares.unknown_share.count)})`);
  const outcome = await page.getAttribute('[data-card="verdict"]', 'data-outcome');
  const verdictText = await page.locator('[data-card="verdict"]').textContent();
  check(outcome === gate.verdict.outcome && verdictText.includes(gate.verdict.sentence),
    `the verdict is "${outcome}" with its sentence (CLI: ${gate.verdict.sentence})`);
  if (gate.verdict.outcome !== 'compliant') {
    check(await cardText('verdict') !== 'COMPLIANT', `the verdict card does not say COMPLIANT (${await cardText('verdict')})`);
  }
  const overviewCharts = await shownCharts(page);
  checks.charts(overviewCharts, ['chart-functions', 'chart-regions'], 2);
  const functionNames = await page.evaluate(() => {
    const c = window.kitwatchCharts['chart-functions'];
    return c ? c.getOption().yAxis[0].data : [];
  });
  const cliFunctions = assess.by_function.filter((f) => f.total.count > 0).map((f) => f.function);
  check(JSON.stringify([...functionNames].sort()) === JSON.stringify([...cliFunctions].sort()),
    `chart-functions has a bar group per function in the inventory (${functionNames.join(', ')})`);
  const summary = await must('GET', `/operators/${OP}/inventories/${inv}/assessment`, { token: ana }, 200);
  if (summary.regions) {
    const regionTotal = Object.values(summary.regions).reduce((n, s) => n + s.total.count, 0);
    check(regionTotal === shares.total.count, `the regions' elements add up to the CLI's ${shares.total.count} (${regionTotal})`);
    const drawn = await page.evaluate(() => {
      const c = window.kitwatchCharts['chart-regions'];
      return c ? c.getOption().yAxis[0].data.length : 0;
    });
    check(drawn === Math.min(40, Object.keys(summary.regions).length), `chart-regions has a bar group per region (${drawn})`);
  } else {
    check(false, 'the assessment summary has "regions" (GET .../assessment)');
  }
  await shots('overview', async () => { await go('violations'); await go('overview'); await page.waitForSelector('[data-card="verdict"]'); });

  if (full) {
    // ---- violations: a rule filter, the counts, a sort, the CSV ----
    await go('violations');
    await page.waitForSelector('#violations-table[data-ready="true"]');
    const notMet = assess.policy.rules.filter((r) => r.status !== 'met');
    const cliTotal = notMet.reduce((n, r) => n + r.element_count, 0);
    const apiAll = await must('GET', `/operators/${OP}/inventories/${inv}/violations?per_page=1`, { token: ana }, 200);
    const shownAll = Number(await page.getAttribute('#violations-total', 'data-total'));
    check(shownAll === apiAll.total && apiAll.total === cliTotal,
      `all violation rows: the page ${shownAll}, the API ${apiAll.total}, the CLI ${cliTotal}`);
    const rules = await page.locator('#filter-rule option').evaluateAll((os) => os.map((o) => o.value).filter((v) => v));
    check(rules.length === new Set(notMet.map((r) => r.id)).size, `the rule filter offers the rules not met (${rules.join(', ')})`);
    const rule = rules[rules.length - 1];
    await page.selectOption('#filter-rule', rule);
    await page.click('#violations-filters button[type="submit"]');
    await page.waitForFunction((r) => {
      const t = document.getElementById('violations-table');
      return t.getAttribute('data-ready') === 'true' && (t.getAttribute('data-query') || '').includes('rule=' + r);
    }, rule);
    const apiRule = await must('GET', `/operators/${OP}/inventories/${inv}/violations?rule=${rule}&per_page=1`, { token: ana }, 200);
    const cliRule = notMet.filter((r) => r.id === rule).reduce((n, r) => n + r.element_count, 0);
    const shownRule = Number(await page.getAttribute('#violations-total', 'data-total'));
    check(shownRule === apiRule.total && apiRule.total === cliRule,
      `rule ${rule}: the page counts ${shownRule}, the API ${apiRule.total}, the CLI ${cliRule}`);
    const ruleCells = await page.locator('#violations-table tbody td[data-column="rule"]').allTextContents();
    const perPage = Number(await page.inputValue('#filter-per-page'));
    check(ruleCells.length === Math.min(shownRule, perPage) && ruleCells.every((c) => c === rule),
      `every one of the ${ruleCells.length} rows shown is rule ${rule}`);
    const sources = await page.locator('#violations-table tbody td[data-column="source"]').allTextContents();
    const makers = await page.locator('#violations-table tbody td[data-column="maker"]').allTextContents();
    check(sources.length > 0 && sources.every((s) => /^inventory\.csv:\d+$/.test(s)) && makers.every((m) => m.length > 0),
      `each row shows its maker and source line (${makers[0]}, ${sources[0]})`);
    await page.click('#violations-table thead button[data-column="element"]');
    await page.waitForFunction(() => (document.getElementById('violations-table').getAttribute('data-query') || '').includes('sort=-element'));
    await page.waitForSelector('#violations-table[data-ready="true"]');
    const elements = await page.locator('#violations-table tbody td[data-column="element"]').allTextContents();
    const descending = [...elements].sort().reverse();
    check(elements.length > 1 && JSON.stringify(elements) === JSON.stringify(descending) &&
          await page.locator('#violations-table thead th:has(button[data-column="element"])').getAttribute('aria-sort') === 'descending',
      'a second click on the element header sorts by it, descending');
    const csvHref = await page.getAttribute('#violations-csv', 'href');
    const csv = await page.evaluate(async (href) => {
      const res = await fetch(href);
      return { status: res.status, type: res.headers.get('content-type') || '', disposition: res.headers.get('content-disposition') || '',
               text: await res.text() };
    }, csvHref);
    const csvLines = csv.text.split('\n').filter((l) => l.length > 0);
    check(csv.status === 200 && /text\/csv/.test(csv.type) && csvLines.length === 1 + cliRule && /attachment/.test(csv.disposition),
      `the CSV export of rule ${rule} downloads a header and ${cliRule} rows (${csv.status}, ${csv.type}, ${csvLines.length} lines)`);
    await shots('violations', async () => { await go('overview'); await go('violations'); await page.waitForSelector('#violations-table[data-ready="true"]'); });

    // ---- what-if: remove Huawei ----
    await go('whatif');
    await page.waitForSelector('#whatif-designate-list option', { state: 'attached' });
    const scenario = { scenario: 'dashboard', title: 'What-if from the dashboard', operations: [{ remove: { manufacturer: 'huawei' } }] };
    const scenarioFile = path.join(out, 'remove-huawei.whatif.json');
    writeFileSync(scenarioFile, JSON.stringify(scenario));
    const whatif = cli(['whatif', INVENTORY, scenarioFile, '--as-of', AS_OF, '--policy', POLICY, '--registry', REGISTRY,
                        '--format', 'json', '-q']);
    const metric = (answer) => answer.metrics.find((m) => m.section === 'designated share' && m.metric === 'all (count)');
    const apiWhatif = await must('POST', `/operators/${OP}/inventories/${inv}/whatif`, { token: ana, body: scenario }, 200);
    check(apiWhatif && Math.abs(metric(apiWhatif).after - metric(whatif).after) < 1e-9,
      `the API's what-if gives the CLI's after share (${apiWhatif && metric(apiWhatif).after} vs ${metric(whatif).after})`);
    await page.fill('#whatif-remove-entity', 'huawei');
    await page.click('#whatif-run');
    await page.waitForSelector('#whatif-result[data-ready="true"]');
    const row = page.locator('#whatif-metrics tr[data-section="designated share"][data-metric="all (count)"]');
    const after = (await row.locator('td.after').textContent()).trim();
    const before = (await row.locator('td.before').textContent()).trim();
    check(after === metric(whatif).after.toFixed(2) + '%' && before === metric(whatif).before.toFixed(2) + '%',
      `what-if "remove huawei": designated share ${before} -> ${after} (CLI ${metric(whatif).before.toFixed(2)}% -> ${metric(whatif).after.toFixed(2)}%)`);
    await page.screenshot({ path: path.join(out, 'whatif.png'), fullPage: true });
    // A scenario the server refuses: its message, in its words, reaches the user.
    const badScenario = { ...scenario, operations: [{ remove: { manufacturer: 'no-such-maker' } }] };
    const bad = await call('POST', `/operators/${OP}/inventories/${inv}/whatif`, { token: ana, body: badScenario });
    expectedRefusals.push({ path: `/api/v1/operators/${OP}/inventories/${inv}/whatif`, status: bad.status, why: 'a scenario naming no registry entity' });
    await page.fill('#whatif-remove-entity', 'no-such-maker');
    await page.click('#whatif-run');
    await page.waitForSelector('#message:not([hidden])');
    const message = (await page.textContent('#message')).trim();
    check(bad.status >= 400 && bad.status < 500 && bad.json && message === bad.json.error.message,
      `a refused what-if shows the server's message (${bad.status}: ${message})`);

    // ---- history: a second, older upload (through the API) makes the line chart ----
    const second = await must('POST', `/operators/${OP}/inventories?name=inventory-2019.csv&as_of=2019-01-01&policy=${POLICY}`,
      { token: ana, raw: readFileSync(path.join(src, INVENTORY)), type: 'text/csv' }, 202);
    const job = await waitForJob(ana, second.job);
    check(job.state === 'done', `a second upload was assessed (${job.state})`);
    await go('history');
    await page.waitForSelector('#history-chart-panel:not([hidden])');
    const historyCharts = await shownCharts(page);
    checks.charts(historyCharts, ['chart-history'], 1);
    const history = historyCharts.find((c) => c.id === 'chart-history');
    check(history && history.points === 4 * 2, `chart-history has 4 series x 2 uploads (${history ? history.points : 'none'} points)`);
    check(await page.locator('#history-table tbody tr').count() === 2, 'the history table lists both uploads');
    await page.screenshot({ path: path.join(out, 'history.png'), fullPage: true });

    // ---- compare: the first upload against the second, as the API's diff has them ----
    await go('compare');
    await page.waitForSelector(`#compare-to option[value="${second.inventory}"]`, { state: 'attached' });
    await page.selectOption('#compare-from', String(inv));
    await page.selectOption('#compare-to', String(second.inventory));
    await page.click('#compare-run');
    await page.waitForSelector('#compare-result[data-ready="true"]');
    const diff = await must('GET', `/operators/${OP}/diff?from=${inv}&to=${second.inventory}&limit=100`, { token: ana }, 200);
    const shownNew = Number(await page.getAttribute('#compare-new-title', 'data-total'));
    const shownResolved = Number(await page.getAttribute('#compare-resolved-title', 'data-total'));
    check(shownNew === diff.findings.new.total && shownResolved === diff.findings.resolved.total,
      `compare #${inv} -> #${second.inventory}: new ${shownNew}, resolved ${shownResolved} (API ${diff.findings.new.total}, ${diff.findings.resolved.total})`);
    const listed = async (key) => page.locator(`#compare-${key}-list tbody tr`).count();
    check(await listed('new') === diff.findings.new.items.length && await listed('resolved') === diff.findings.resolved.items.length,
      `the findings listed are the API's (${await listed('new')} new, ${await listed('resolved')} resolved rows)`);
    const cut = (list) => list.total > list.items.length;
    const cutNotes = [await page.textContent('#compare-new-note'), await page.textContent('#compare-resolved-note')];
    check(cutNotes.every((n, i) => /Only the first/.test(n) === cut([diff.findings.new, diff.findings.resolved][i])),
      'a list cut at the limit says so, and only then');
    const metricRows = await page.locator('#compare-metrics tbody tr[data-metric]').evaluateAll((trs) => trs.map((tr) => ({
      section: tr.getAttribute('data-section'), metric: tr.getAttribute('data-metric'), changed: tr.getAttribute('data-changed') })));
    const apiChanged = (m) => (typeof m.delta === 'number' ? m.delta !== 0 : String(m.before) !== String(m.after));
    check(metricRows.length === diff.metrics.length && metricRows.every((r, i) => r.section === diff.metrics[i].section &&
          r.metric === diff.metrics[i].metric && (r.changed === 'true') === apiChanged(diff.metrics[i])),
      `the compare table has the API's ${diff.metrics.length} figures, the ${diff.metrics.filter(apiChanged).length} changed ones marked`);
    const asOfRow = page.locator('#compare-metrics tr[data-section="inventory"][data-metric="as of"]');
    check((await asOfRow.locator('td.before').textContent()) === diff.from.as_of && (await asOfRow.locator('td.after').textContent()) === diff.to.as_of,
      `the compare table's as-of dates: ${diff.from.as_of} -> ${diff.to.as_of}`);
    await shots('compare', async () => { await go('history'); await go('compare'); await page.click('#compare-run');
      await page.waitForSelector('#compare-result[data-ready="true"]'); });

    // ---- topology: the links uploaded through the Upload view's second form, then the Topology view ----
    await page.selectOption('#inventory-select', String(inv)).catch(() => {});
    await go('topology');
    await page.waitForSelector('#view-topology[data-ready="true"]');
    check(await visible('#topology-none') && !(await visible('#topology-body')) &&
          /No links have been uploaded/.test(await page.textContent('#topology-none-text')),
      `before any links, the topology view says there are none (${(await page.textContent('#topology-none-text')).trim()})`);
    await page.click('#topology-upload-links');
    await page.waitForSelector('#view-upload:not([hidden])');
    await page.waitForSelector(`#links-inventory option[value="${inv}"]`, { state: 'attached' });
    await page.selectOption('#links-inventory', String(inv));
    await page.setInputFiles('#links-file', path.join(src, LINKS));
    await page.click('#links-submit');
    await page.waitForSelector('#links-status[data-state="done"], #links-status[data-state="failed"]', { timeout: 30000 });
    const linksState = await page.getAttribute('#links-status', 'data-state');
    check(linksState === 'done', `the links' assessment finished (${linksState}: ${await page.textContent('#links-status')})`);
    const linkBars = await page.evaluate(() => ['links-bytes', 'links-job'].map((id) => {
      const p = document.getElementById(id);
      return { value: p.value, max: p.max };
    }));
    const linksSize = readFileSync(path.join(src, LINKS)).length;
    check(linkBars[0].max === linksSize && linkBars[0].value === linksSize && linkBars[1].value === linkBars[1].max,
      `the links' upload bar reached the file's ${linksSize} bytes, the assessment bar is full`);
    const linksListed = (await must('GET', `/operators/${OP}/inventories`, { token: ana }, 200)).find((r) => r.id === inv);
    check(linksListed && linksListed.links_name === 'links.csv' && linksListed.state === 'done',
      `the inventories list names the links (${linksListed && linksListed.links_name}, ${linksListed && linksListed.state})`);
    await page.screenshot({ path: path.join(out, 'links-upload.png'), fullPage: true });

    await page.click('#links-open');
    await page.waitForSelector('#view-topology:not([hidden]) #topology-body:not([hidden])');
    await page.waitForSelector('#view-topology[data-ready="true"]');
    const topo = await must('GET', `/operators/${OP}/inventories/${inv}/topology`, { token: ana }, 200);
    const drawing = await must('GET', `/operators/${OP}/inventories/${inv}/topology/graph?max_nodes=2000`, { token: ana }, 200);
    // The engine's own figures for the same files: the server's are the CLI's.
    const cliTopo = cli(['assess', ...common, '--links', LINKS]).topology;
    check(JSON.stringify(topo.graph) === JSON.stringify(cliTopo.graph),
      `the API's graph figures are the CLI's (${topo.graph.graph_nodes} nodes, ${topo.graph.hanging_elements} hanging)`);
    const graphKeys = Object.keys(topo.graph);
    const cardValues = {};
    for (const k of graphKeys) {
      const node = page.locator(`[data-card="graph-${k}"] .value`);
      cardValues[k] = (await node.count()) ? digits(await node.textContent()) : null;
    }
    const wrong = graphKeys.filter((k) => cardValues[k] !== topo.graph[k]);
    check(graphKeys.length > 0 && wrong.length === 0,
      `the ${graphKeys.length} graph cards are the API's figures (${wrong.length ? 'wrong: ' + wrong.map((k) => `${k} ${cardValues[k]} vs ${topo.graph[k]}`).join(', ') : 'all equal'})`);
    const li = topo.inputs.links;
    check(digits(await cardText('links-read')) === li.rows_read && digits(await cardText('links-rejected')) === li.rejected,
      `link rows read ${await cardText('links-read')}, rejected ${await cardText('links-rejected')} (API ${li.rows_read}, ${li.rejected})`);
    check(await visible('#topology-links-errors') === li.rejected > 0, `rejected link rows are listed exactly when there are some (${li.rejected})`);
    const apiLoss = topo.supplier_loss.find((sc) => sc.scenario === 'designated');
    const lossRow = page.locator('#topology-loss-list tr[data-scenario="designated"][data-scope="all"]');
    const shownLoss = { removed: digits(await lossRow.locator('td[data-metric="removed_count"]').textContent()),
                        cut: digits(await lossRow.locator('td[data-metric="cut_off_count"]').textContent()) };
    check(apiLoss && shownLoss.removed === apiLoss.removed.count && shownLoss.cut === apiLoss.cut_off.count,
      `supplier loss "designated": removed ${shownLoss.removed}, cut off ${shownLoss.cut} (API ${apiLoss && apiLoss.removed.count}, ${apiLoss && apiLoss.cut_off.count})`);
    const lossFunctions = await page.locator('#topology-loss-list tr[data-scenario="designated"]:not([data-scope="all"])').count();
    const apiFunctions = Object.values(apiLoss.by_function).filter((f) => f.removed.count || f.cut_off.count || f.cut_off_before.count).length;
    check(lossFunctions === apiFunctions, `the loss by function: ${lossFunctions} rows (API: ${apiFunctions} functions touched)`);
    const artRows = await page.locator('#topology-articulation-list tbody tr').count();
    check(artRows === topo.articulation.designated.length && artRows > 0,
      `the designated articulation points table has ${artRows} rows (API ${topo.articulation.designated.length})`);
    check(drawing.drawn === true && drawing.nodes.length === drawing.graph_nodes && drawing.graph_nodes === topo.graph.graph_nodes,
      `the graph route draws the ${drawing.graph_nodes} graph nodes (drawn ${drawing.drawn}, ${drawing.nodes.length} nodes, ${drawing.edges.length} edges)`);
    const topoCharts = await shownCharts(page);
    checks.charts(topoCharts, ['chart-topology'], 1);
    const map = topoCharts.find((c) => c.id === 'chart-topology');
    check(map && map.points === drawing.nodes.length, `the map has as many nodes as the graph route (${map ? map.points : 'none'} of ${drawing.nodes.length})`);
    const mapFacts = await page.evaluate(() => {
      const s = window.kitwatchCharts['chart-topology'].getOption().series[0];
      const cats = s.categories.map((c) => c.itemStyle.color);
      return { type: s.type, links: s.links.length, designated: s.data.filter((d) => cats[d.category] === '#c0392b').map((d) => d.name),
               articulation: s.data.filter((d) => d.symbolSize > 8).map((d) => d.name) };
    });
    const apiDesignated = drawing.nodes.filter((n) => n.designated).map((n) => n.id);
    const apiArticulation = drawing.nodes.filter((n) => n.articulation).map((n) => n.id);
    check(mapFacts.type === 'graph' && mapFacts.links === drawing.edges.length &&
          JSON.stringify(mapFacts.designated) === JSON.stringify(apiDesignated) &&
          JSON.stringify(mapFacts.articulation) === JSON.stringify(apiArticulation),
      `the map is a graph of ${mapFacts.links} edges, its ${mapFacts.designated.length} designated nodes red, its ${mapFacts.articulation.length} articulation points larger`);
    // The tooltip names a node's id, function and maker (built from text, not markup).
    const tipNode = drawing.nodes.findIndex((n) => n.designated && n.articulation);
    const tip = await page.evaluate((i) => {
      const c = window.kitwatchCharts['chart-topology'];
      c.dispatchAction({ type: 'showTip', seriesIndex: 0, dataIndex: i });
      const box = [...document.querySelectorAll('#chart-topology div')].find((d) => /maker:/.test(d.textContent));
      const text = box ? box.textContent : '';
      c.dispatchAction({ type: 'hideTip' });
      return text;
    }, Math.max(0, tipNode));
    const tipWant = drawing.nodes[Math.max(0, tipNode)];
    check(tip.includes(tipWant.id) && tip.includes(tipWant.function) && tip.includes(tipWant.maker || 'UNKNOWN'),
      `the map's tooltip names the node (${tip.slice(0, 120)})`);
    await shots('topology', async () => { await go('overview'); await go('topology');
      await page.waitForSelector('#view-topology[data-ready="true"] #chart-topology canvas'); });

    // Links with rows that name no element: counted, listed and marked uncertain.
    const badLinks = readFileSync(path.join(src, LINKS), 'utf8').replace(/\n*$/, '\n') + 'NE00000000,NO-SUCH-ELEMENT,1,1\n';
    const badPut = await must('PUT', `/operators/${OP}/inventories/${second.inventory}/links?name=links-doubt.csv`,
      { token: ana, raw: badLinks, type: 'text/csv' }, 202);
    check((await waitForJob(ana, badPut.job)).state === 'done', 'links with a bad row were assessed');
    const badTopo = await must('GET', `/operators/${OP}/inventories/${second.inventory}/topology`, { token: ana }, 200);
    await page.selectOption('#inventory-select', String(second.inventory));
    await page.waitForFunction(() => document.getElementById('topology-state').textContent.includes('links-doubt.csv') &&
                                      document.getElementById('view-topology').getAttribute('data-ready') === 'true');
    const rejectedClass = await page.getAttribute('[data-card="links-rejected"]', 'class');
    const errorLines = await page.locator('#topology-links-error-list li').allTextContents();
    check(badTopo.inputs.links.rejected === 1 && digits(await cardText('links-rejected')) === 1 && / uncertain/.test(rejectedClass) &&
          await visible('#topology-links-errors') && errorLines.length === 1 && errorLines[0].includes('links-doubt.csv:') &&
          errorLines[0].includes('NO-SUCH-ELEMENT'),
      `a rejected link row is counted, marked uncertain and listed (${await cardText('links-rejected')}: ${errorLines[0]})`);
    await page.selectOption('#inventory-select', String(inv));
    await page.waitForFunction(() => !document.getElementById('topology-state').textContent.includes('links-doubt.csv') &&
                                      document.getElementById('view-topology').getAttribute('data-ready') === 'true');

    // The graph route's other answers, played to the page: over max_nodes nothing is drawn and the
    // page says so (the tables stay); a graph too large for the force layout is drawn in a circle.
    const graphRoute = new RegExp(`/api/v1/operators/${OP}/inventories/${inv}/topology/graph\\?`);
    const reopen = async () => {
      await go('overview');
      await go('topology');
      await page.waitForFunction(() => document.getElementById('view-topology').getAttribute('data-ready') === 'true' &&
                                        !document.getElementById('topology-body').hidden);
    };
    await page.route(graphRoute, (r) => r.fulfill({ status: 200, contentType: 'application/json',
      body: JSON.stringify({ graph_nodes: 25000, hanging_elements: 90000, drawn: false, nodes: [], edges: [] }) }));
    await reopen();
    const tooLarge = await page.textContent('#topology-map-note');
    check(!(await visible('#chart-topology')) && /too large to draw/.test(tooLarge) && await visible('#topology-loss-list') &&
          await visible('#topology-articulation-list'),
      `a graph over max_nodes is not drawn, the page says so and keeps the tables (${tooLarge.trim()})`);
    await page.unroute(graphRoute);
    const ring = 1500;
    await page.route(graphRoute, (r) => r.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify({
      graph_nodes: ring, hanging_elements: 0, drawn: true,
      nodes: Array.from({ length: ring }, (_, i) => ({ id: `N${i}`, function: 'access', region: 'R', designated: i % 7 === 0,
                                                        maker: i % 7 === 0 ? 'huawei' : 'nokia', articulation: i % 50 === 0 })),
      edges: Array.from({ length: ring }, (_, i) => [i, (i + 1) % ring]) }) }));
    const ringStart = Date.now();
    await reopen();
    const ringMs = Date.now() - ringStart;
    const ringCharts = await shownCharts(page);
    const ringMap = ringCharts.find((c) => c.id === 'chart-topology');
    const ringLayout = await page.evaluate(() => window.kitwatchCharts['chart-topology'].getOption().series[0].layout);
    check(ringMap && ringMap.points === ring && ringMap.inked > 500 && ringLayout === 'circular' && ringMs < 10000,
      `a graph of ${ring} nodes is drawn in a circle (${ringLayout}, ${ringMap && ringMap.points} nodes, ${ringMap && ringMap.inked} pixels, ${ringMs} ms)`);
    await page.unroute(graphRoute);
    // The largest graph the force layout takes (400 nodes, a tree with cross links) draws in time.
    const forced = 400;
    await page.route(graphRoute, (r) => r.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify({
      graph_nodes: forced, hanging_elements: 0, drawn: true,
      nodes: Array.from({ length: forced }, (_, i) => ({ id: `F${i}`, function: 'ran', region: '', designated: i % 5 === 0,
                                                          maker: '', articulation: i < 40 })),
      edges: Array.from({ length: forced - 1 }, (_, i) => [i + 1, Math.floor(i / 3)])
        .concat(Array.from({ length: 100 }, (_, i) => [(i * 37) % forced, (i * 91 + 5) % forced])) }) }));
    const forcedStart = Date.now();
    await reopen();
    const forcedMs = Date.now() - forcedStart;
    const forcedMap = (await shownCharts(page)).find((c) => c.id === 'chart-topology');
    const forcedLayout = await page.evaluate(() => window.kitwatchCharts['chart-topology'].getOption().series[0].layout);
    check(forcedMap && forcedMap.points === forced && forcedMap.inked > 500 && forcedLayout === 'force' && forcedMs < 10000,
      `a graph of ${forced} nodes is drawn by the force layout (${forcedLayout}, ${forcedMap && forcedMap.points} nodes, ${forcedMs} ms)`);
    await page.unroute(graphRoute);
    await reopen();

    // ---- what is uncertain shows: an unreadable row and a box of no known maker ----
    const doubtFile = path.join(out, 'inventory-doubt.csv');
    writeFileSync(doubtFile, readFileSync(path.join(src, INVENTORY), 'utf8').replace(/\n*$/, '\n') +
      'ZZ00000001,odd-0001,ODD-1,London,no-such-function,NOKIA,7950 XRS-20,22.10.R2,,,2022-07-03,1.0,0,,\n' +
      'ZZ00000002,odd-0002,ODD-2,London,cpe,,,1.0,,,2022-07-03,0.1,1,,\n');
    const doubtArgs = [doubtFile, '--as-of', '2019-01-01', '--policy', POLICY, '--registry', REGISTRY, '--format', 'json', '-q'];
    const doubtAssess = cli(['assess', ...doubtArgs]);
    const doubtGate = cli(['check', ...doubtArgs], [0, 1, 3]);
    const doubt = await must('POST', `/operators/${OP}/inventories?name=inventory-doubt.csv&as_of=2019-01-01&policy=${POLICY}`,
      { token: ana, raw: readFileSync(doubtFile), type: 'text/csv' }, 202);
    check((await waitForJob(ana, doubt.job)).state === 'done', 'the doubtful upload was assessed');
    await go('overview');
    await page.waitForSelector(`#inventory-select option[value="${doubt.inventory}"]`, { state: 'attached' });
    await page.selectOption('#inventory-select', String(doubt.inventory));
    await page.waitForFunction(() => document.getElementById('overview-state').textContent.includes('inventory-doubt.csv') &&
                                     document.querySelector('[data-card="verdict"]'));
    const cardClass = async (id) => page.getAttribute(`[data-card="${id}"]`, 'class');
    check(digits(await cardText('rows-rejected')) === doubtAssess.ingest.rejected && doubtAssess.ingest.rejected > 0 &&
          / alert/.test(await cardClass('rows-rejected')),
      `the rejected row is counted and marked (${await cardText('rows-rejected')}, CLI ${doubtAssess.ingest.rejected})`);
    const doubtOutcome = await page.getAttribute('[data-card="verdict"]', 'data-outcome');
    check(doubtOutcome === doubtGate.verdict.outcome && await cardText('verdict') === doubtGate.verdict.outcome.toUpperCase() &&
          await cardText('verdict') !== 'COMPLIANT',
      `the verdict is ${await cardText('verdict')}, not COMPLIANT (CLI: ${doubtGate.verdict.outcome})`);
    check(await cardText('unknown') === pct(doubtAssess.total.unknown_share.count) && doubtAssess.total.unknown_share.count > 0 &&
          / uncertain/.test(await cardClass('unknown')),
      `the unknown share is shown and marked (${await cardText('unknown')}, CLI ${pct(doubtAssess.total.unknown_share.count)})`);

    // ---- registry look-up ----
    await go('registry');
    await page.fill('#entity-id', 'zte');
    await page.fill('#entity-as-of', '2018-05-01');
    await page.click('#entity-form button[type="submit"]');
    await page.waitForSelector('#entity-result table');
    const entity = await page.locator('#entity-result').textContent();
    check(/ZTE Corporation/.test(entity) && /DESIGNATED as of 2018-05-01/.test(entity) && /UNVERIFIED/.test(entity),
      'the registry look-up shows ZTE designated on 2018-05-01, unverified facts marked');
    await page.fill('#match-vendor', 'HUAWEI TECHNOLOGIES CO.,LTD');
    await page.click('#match-form button[type="submit"]');
    await page.waitForSelector('#match-result p');
    check(/huawei/.test(await page.locator('#match-result').textContent()), 'the vendor string matches huawei');
    await page.screenshot({ path: path.join(out, 'registry.png'), fullPage: true });

    // ---- sign out ----
    await page.click('#sign-out');
    await page.waitForSelector('#view-signin:not([hidden])');
    check(await page.locator('#who').isHidden(), 'signed out: the header no longer names anyone');
    const probe = await page.evaluate(async () => (await fetch('/api/v1/session')).json());
    check(probe.user === null, `signed out: the session is gone on the server too (${JSON.stringify(probe)})`);

    // ---- the regulator, from the keyboard: the form submits on Enter, the menu is reached by Tab ----
    await page.fill('#signin-name', REGULATOR);
    await page.fill('#signin-password', PASSWORD);
    await page.press('#signin-password', 'Enter');
    await page.waitForFunction((n) => document.getElementById('who-name').textContent === n && !document.getElementById('who').hidden,
      REGULATOR);
    await page.evaluate(() => { document.activeElement.blur(); window.scrollTo(0, 0); });
    let focused = null;
    for (let i = 0; i < 12 && !(focused && focused.nav); ++i) {
      await page.keyboard.press('Tab');
      focused = await page.evaluate(() => {
        const a = document.activeElement, style = getComputedStyle(a);
        return { nav: !!a.closest('#nav'), text: a.textContent, outline: style.outlineStyle, width: parseFloat(style.outlineWidth) };
      });
    }
    check(focused && focused.nav && focused.outline !== 'none' && focused.width >= 2,
      `Tab reaches the menu, its focus drawn (${focused && focused.text}: outline ${focused && focused.outline} ${focused && focused.width}px)`);
    check(!(await visible('#nav a[href="#/overview"]')) && await visible('#nav a[href="#/national"]'),
      "a regulator's menu has the national page and no operator's views");
    await page.waitForSelector('#view-national[data-ready="true"]');
    const reg = await login(REGULATOR, PASSWORD);
    const national = await must('GET', '/national?format=json', { token: reg }, 200);
    const ids = await page.locator('#national-operators tbody tr').evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-operator')));
    check(JSON.stringify([...ids].sort()) === JSON.stringify(NATIONAL) &&
          JSON.stringify(ids) === JSON.stringify(national.operators.map((o) => o.id)),
      `the national page lists the four operators (${ids.join(', ')})`);
    const e = national.evaluation;
    // The README's hand-worked figures ("**216 of 250 = 86.4 % — EFFECTIVE**"), read from it, not typed here.
    const readme = readFileSync(path.join(src, 'examples/uk-2018-national/README.md'), 'utf8');
    const worked = /\*\*national load\*\*[^\n]*\*\*(\d+) of (\d+)/.exec(readme);
    check(e && worked && e.total_load === Number(worked[1]) && e.capacity === Number(worked[2]),
      `the API's national load is the README's (${e && e.total_load} of ${e && e.capacity}; README ${worked && worked[1]} of ${worked && worked[2]})`);
    const capacity = await page.locator('#national-capacity-summary').textContent();
    check(capacity.includes(`a national load of ${num(e.total_load)} against a capacity of ${num(e.capacity)} analyst-days`) &&
          capacity.includes(pct(e.utilisation)) && capacity.startsWith(e.effective ? 'EFFECTIVE' : 'EXCEEDED'),
      `the page shows the national load: ${capacity.slice(0, 110)}`);
    check((await page.locator('#national-assumption').textContent()) === `ASSUMPTION: ${e.assumption}`, 'the capacity assumption is shown');
    const buildRows = await page.locator('#national-builds-list tbody tr').evaluateAll((trs) => trs.map((tr) => ({
      operators: tr.cells[6].textContent, shared: tr.classList.contains('shared') })));
    const builds = e.controllers.flatMap((c) => c.builds);
    check(buildRows.length === builds.length && buildRows.every((b, i) => b.operators === builds[i].operators.join(', ') &&
          b.shared === builds[i].operators.length > 1),
      `the builds table names the operators running each of the ${builds.length} builds, shared ones marked`);
    check(await visible('#national-caveats') === national.caveats.length > 0, `caveats shown exactly when there are some (${national.caveats.length})`);
    checks.charts(await shownCharts(page), ['chart-capacity', 'chart-operators', 'chart-national-functions'], 3);
    await shots('national', async () => { await go('returns'); await go('national'); await page.waitForSelector('#view-national[data-ready="true"]'); });

    // ---- the national what-if: the README's proposal through the form, as the API answers it ----
    const proposal = { scenario: 'dashboard', title: 'National what-if from the dashboard', operations: [
      { add: { operator: 'dumnonia', count: 120, maker: 'zte', function: 'ran', model: 'ZXSDR B8200',
               software_versions: ['V4.10.10', 'V4.10.20', 'V4.20.10'], region: 'South West', traffic: 5, subscribers: 400 } },
      { designate: { entity: 'zte', list: 'example-uk-evaluated', from: '2018-04-16', source: 'national what-if from the dashboard' } }],
      notes: ['Counts, models and versions are the README\'s illustrative assumptions.', 'Typed into the form by the browser test.'] };
    const apiNational = await must('POST', '/national/whatif', { token: reg, body: proposal }, 200);
    const nrow = (answer, metric) => answer.metrics.find((m) => m.section === 'national evaluation load' && m.metric === metric);
    const apiLoad = nrow(apiNational, 'load (analyst-days a year)'), apiVerdict = nrow(apiNational, 'verdict');
    // The README's worked loads and verdicts, read from it: its first "**N of C = U % — VERDICT**" is
    // before the proposal, its last ("**340 of\n250 = 136 % — EXCEEDED**") after.
    const workedAll = [...readme.matchAll(/\*\*(\d+) of\s+(\d+) = [^*]*?(EXCEEDED|EFFECTIVE)\*\*/g)];
    const workedBefore = workedAll.length >= 2 ? [null, workedAll[0][3]] : null;
    const workedAfter = workedAll.length >= 2 ? workedAll[workedAll.length - 1] : null;
    check(apiLoad && workedAfter && workedBefore && apiLoad.before === Number(worked[1]) && apiLoad.after === Number(workedAfter[1]) &&
          apiVerdict.before === workedBefore[1] && apiVerdict.after === workedAfter[3],
      `the API's national what-if is the README's: load ${apiLoad && apiLoad.before} -> ${apiLoad && apiLoad.after}, ` +
      `${apiVerdict && apiVerdict.before} -> ${apiVerdict && apiVerdict.after} (README ${worked && worked[1]} -> ` +
      `${workedAfter && workedAfter[1]}, ${workedBefore && workedBefore[1]} -> ${workedAfter && workedAfter[3]})`);
    await go('national-whatif');
    await page.waitForSelector('#view-national-whatif[data-ready="true"]');
    check(await page.isDisabled('#nwhatif-run'), 'the national what-if cannot run an empty scenario');
    const add = proposal.operations[0].add, designate = proposal.operations[1].designate;
    await page.selectOption('#nwhatif-add-operator', add.operator);
    await page.fill('#nwhatif-add-count', String(add.count));
    await page.fill('#nwhatif-add-maker', add.maker);
    await page.fill('#nwhatif-add-model', add.model);
    await page.fill('#nwhatif-add-versions', add.software_versions.join(','));
    await page.selectOption('#nwhatif-add-function', add.function);
    await page.fill('#nwhatif-add-region', add.region);
    await page.fill('#nwhatif-add-traffic', String(add.traffic));
    await page.fill('#nwhatif-add-subscribers', String(add.subscribers));
    await page.click('#nwhatif-add');
    // The designation from the keyboard: Enter in its last field adds it.
    await page.fill('#nwhatif-designate-entity', designate.entity);
    await page.selectOption('#nwhatif-designate-list', designate.list);
    await page.fill('#nwhatif-designate-from', designate.from);
    await page.press('#nwhatif-designate-entity', 'Enter');
    // An operation added by mistake is taken out again, from the keyboard.
    await page.fill('#nwhatif-remove-maker', 'huawei');
    await page.click('#nwhatif-remove');
    const threeKinds = await page.locator('#nwhatif-ops li').evaluateAll((lis) => lis.map((li) => li.getAttribute('data-kind')));
    await page.focus('#nwhatif-ops li:nth-child(3) button');
    await page.keyboard.press('Enter');
    await page.fill('#nwhatif-notes-input', proposal.notes.join('\n'));
    const kinds = await page.locator('#nwhatif-ops li').evaluateAll((lis) => lis.map((li) => li.getAttribute('data-kind')));
    check(JSON.stringify(threeKinds) === '["add","designate","remove"]' && JSON.stringify(kinds) === '["add","designate"]',
      `the scenario lists its operations in order (${threeKinds.join(', ')}), one taken out again (${kinds.join(', ')})`);
    await page.click('#nwhatif-run');
    await page.waitForSelector('#nwhatif-result[data-ready="true"]');
    const cells = async (metric) => {
      const r = page.locator(`#nwhatif-metrics tr[data-section="national evaluation load"][data-metric="${metric}"]`);
      return { before: (await r.locator('td.before').textContent()).trim(), after: (await r.locator('td.after').textContent()).trim(),
               verdict: await r.evaluate((tr) => tr.classList.contains('verdict')) };
    };
    const load = await cells('load (analyst-days a year)'), verdict = await cells('verdict');
    check(apiLoad && load.before === num(apiLoad.before) && load.after === num(apiLoad.after),
      `the page's national load: ${load.before} -> ${load.after} (API ${apiLoad && apiLoad.before} -> ${apiLoad && apiLoad.after})`);
    check(apiVerdict && verdict.before === apiVerdict.before && verdict.after === apiVerdict.after && verdict.verdict,
      `the page's verdict, highlighted: ${verdict.before} -> ${verdict.after} (API ${apiVerdict && apiVerdict.before} -> ${apiVerdict && apiVerdict.after})`);
    const shownRows = await page.locator('#nwhatif-metrics tbody tr[data-metric]').count();
    const shownNotes = await page.locator('#nwhatif-notes li').allTextContents();
    check(shownRows === apiNational.metrics.length && JSON.stringify(shownNotes) === JSON.stringify(apiNational.notes || []),
      `every figure of the API's answer is shown (${shownRows} rows), and its ${shownNotes.length} notes`);
    check(shownNotes.length === proposal.notes.length, `the notes typed in the form come back with the answer (${shownNotes.length})`);
    const groups = await page.locator('#nwhatif-metrics tbody[data-section]').count();
    check(groups === new Set(apiNational.metrics.map((m) => m.section)).size, `the figures are grouped by section (${groups} groups)`);
    await shots('national-whatif', async () => { await page.click('#nwhatif-run'); await page.waitForSelector('#nwhatif-result[data-ready="true"]'); });

    await go('returns');
    await page.waitForSelector('#returns-list');
    const returns = await page.locator('#returns-list tbody tr').evaluateAll((trs) => trs.map((tr) => tr.cells[3].textContent));
    check(returns.length === NATIONAL.length && returns.every((s) => s === 'yes'), `the latest returns: ${returns.length}, all signed`);

    const refusedPath = `/api/v1/operators/${OP}/inventories/${inv}/assessment`;
    expectedRefusals.push({ path: refusedPath, status: 403, why: "the regulator asks for an operator's inventory" });
    const refused = await page.evaluate(async (p) => {
      const res = await fetch(p);
      return { status: res.status, body: await res.json() };
    }, refusedPath);
    check(refused.status === 403 && refused.body.error && refused.body.error.code === 'forbidden',
      `the regulator is refused the operator's inventory (${refused.status} ${refused.body.error && refused.body.error.code})`);
  }

  console.log(`(refusals Chromium logged as console errors, expected: ${refusalsSeen.join(', ') || 'none'})`);
  check(foreign.length === 0, `no request to another origin (${foreign.slice(0, 3).join(', ')})`);
  check(errors.length === 0, `no console errors (${errors.slice(0, 3).join(' | ')})`);
} catch (err) {
  checks.check(false, `the run went through: ${err && err.stack ? err.stack.split('\n').slice(0, 3).join(' ') : err}`);
  await page.screenshot({ path: path.join(out, 'failure.png'), fullPage: true }).catch(() => {});
} finally {
  await browser.close();
}
checks.exit();
