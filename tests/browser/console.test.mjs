// Browser tests of the mstation web console (docs/console.md), driving the
// machine's Debian Chromium through playwright-core. Run by the integration
// driver, which starts the daemon and its database and sets:
//   CONSOLE_URL    e.g. http://127.0.0.1:41234
//   CONSOLE_USERS  {"auditor": {login, password}, "ops": {…}, "office": {login, password, station}}
//   CONSOLE_FACTS  {customer_no, payment_txn_id, foreign_txn_id, alert_id}
//   CONSOLE_DB     libpq conninfo of an auditor role (read with psql)
//   ARTIFACT_DIR   where the screenshots go
//   CHROMIUM       optional, the browser binary (default /usr/bin/chromium)
//
//   node --test --test-timeout=120000 tests/browser/console.test.mjs
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';

// ------------------------------------------------------------------ inputs

function requiredEnv(name) {
  const v = process.env[name];
  if (!v) throw new Error(`${name} is not set: these tests are run by the console driver, which sets CONSOLE_URL, CONSOLE_USERS, CONSOLE_FACTS and CONSOLE_DB`);
  return v;
}

const BASE = requiredEnv('CONSOLE_URL').replace(/\/+$/, '');
const USERS = JSON.parse(requiredEnv('CONSOLE_USERS'));
const FACTS = JSON.parse(requiredEnv('CONSOLE_FACTS'));
const DB = requiredEnv('CONSOLE_DB');
const ARTIFACTS = process.env.ARTIFACT_DIR || path.join(os.tmpdir(), 'mstation-console-artifacts');
fs.mkdirSync(ARTIFACTS, { recursive: true });

const DESKTOP = { width: 1280, height: 900 };
const TABLET = { width: 820, height: 1180 };
const HIDDEN_TEXT = '已隐藏（仅审计员可见解密报文）';
const FAILED_TEXT = '登录失败：用户名或密码错误，或账号已锁定';

// ----------------------------------------------------------------- helpers

let browser;

before(async () => {
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
});

after(async () => {
  if (browser) await browser.close();
});

/**
 * A fresh browser context and page for one test. Every console error that is
 * a Content-Security-Policy violation, and every uncaught page error, is
 * collected; `done()` asserts there were none and closes the context.
 */
async function openPage(viewport = DESKTOP) {
  const context = await browser.newContext({ viewport, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  const page = await context.newPage();
  const problems = [];
  page.on('console', (m) => {
    if (m.type() === 'error' && /Content[- ]Security[- ]Policy/i.test(m.text())) problems.push(`CSP: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  const done = async () => {
    await context.close();
    assert.deepEqual(problems, [], 'the page ran without CSP violations or script errors');
  };
  return { context, page, done };
}

/** Fills the login form and waits for the console page to load. */
async function login(page, user) {
  await page.goto(`${BASE}/`);
  await page.locator('#login').fill(user.login);
  await page.locator('#password').fill(user.password);
  await Promise.all([
    page.waitForURL((u) => u.pathname === '/console'),
    page.locator('#login-submit').click(),
  ]);
  await page.locator('#whoami').filter({ hasText: user.login }).waitFor();
}

/** Opens a hash route of the console and waits until its page is drawn (or refused). */
async function openView(page, hash, name) {
  await page.goto(`${BASE}/console#/${hash}`);
  await page.locator(`#view[data-page="${name}"]:is([data-state="ready"], [data-state="forbidden"], [data-state="error"])`).waitFor();
  return page.locator('#view').getAttribute('data-state');
}

const sqlText = (v) => `'${String(v).replace(/'/g, "''")}'`;

/** One query against the journal, as the auditor role; the rows as text lines. */
function psql(sql) {
  return execFileSync('psql', [DB, '-X', '-v', 'ON_ERROR_STOP=1', '-Atc', sql], { encoding: 'utf8' }).trim();
}

const actionCount = (action) =>
  Number(psql(`SELECT count(*) FROM mstation.audit_admin_action WHERE action = ${sqlText(action)}`));

/** Polls `fn` (about every 100 ms) until it returns a truthy value or the time is up. */
async function poll(fn, what, timeoutMs = 10000) {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) assert.fail(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** GET of an API path with the context's session cookie. */
async function apiGet(context, p) {
  const res = await context.request.get(`${BASE}${p}`, { maxRedirects: 0 });
  let body = null;
  try { body = await res.json(); } catch (e) { body = null; }
  return { status: res.status(), body, headers: res.headers() };
}

/** A POST from inside the page with no CSRF header (or the given one). */
function postFromPage(page, p, body, token) {
  return page.evaluate(async ({ p, body, token }) => {
    const headers = { 'Content-Type': 'application/json' };
    if (token !== undefined) headers['X-CSRF-Token'] = token;
    const res = await fetch(p, { method: 'POST', headers, body: JSON.stringify(body), credentials: 'same-origin' });
    let json = null;
    try { json = await res.json(); } catch (e) { json = null; }
    return { status: res.status, body: json };
  }, { p, body, token });
}

// ------------------------------------------------------------------- tests

test('a wrong password is refused and the login page says so, then the right password gets in', async () => {
  const { page, done } = await openPage();
  const failedBefore = actionCount('console_login_failed');
  const loginsBefore = actionCount('console_login');

  await page.goto(`${BASE}/`);
  assert.equal(await page.locator('#login-failed').isVisible(), false, 'no failure notice before trying');
  await page.locator('#login').fill(USERS.ops.login);
  await page.locator('#password').fill(`${USERS.ops.password}-wrong`);
  await Promise.all([
    page.waitForURL((u) => u.pathname === '/' && u.searchParams.get('failed') === '1'),
    page.locator('#login-submit').click(),
  ]);
  const notice = page.locator('#login-failed');
  await notice.waitFor({ state: 'visible' });
  assert.equal((await notice.textContent()).trim(), FAILED_TEXT);
  await poll(() => actionCount('console_login_failed') > failedBefore, 'the failed login in the journal');

  await login(page, USERS.ops);
  assert.equal(new URL(page.url()).pathname, '/console');
  await poll(() => actionCount('console_login') > loginsBefore, 'the login in the journal');
  await done();
});

test("an ops user logs in and sees today's chart with at least one bar of collections, and the operators table", async () => {
  const { page, done } = await openPage();
  await login(page, USERS.ops);
  assert.equal(await openView(page, 'today', 'today'), 'ready');

  const bars = page.locator('#hour-chart rect.bar');
  assert.equal(await bars.count(), 24, 'one bar per hour');
  const heights = await bars.evaluateAll((rs) => rs.map((r) => Number(r.getAttribute('height'))));
  assert.ok(heights.some((x) => x > 0), `some hour has collections (heights ${heights.join(',')})`);
  const title = await page.locator('#hour-chart rect.bar title').first().textContent();
  assert.match(title, /元/, 'a bar says its amount in 元');

  const rows = page.locator('#today-operators tbody tr[data-operator-id]');
  assert.ok(await rows.count() >= 1, 'the operators table has an operator');
  const header = await page.locator('#today-operators thead').textContent();
  for (const col of ['收费员', '姓名', '供电所', '收费笔数', '收费金额', '冲正笔数', '冲正金额', '在途资金']) {
    assert.ok(header.includes(col), `the operators table has column ${col}`);
  }
  for (const id of ['tile-in-doubt', 'tile-saf', 'tile-alerts', 'tile-recon']) {
    assert.ok(await page.locator(`#${id}`).isVisible(), `tile ${id} is shown`);
  }
  await done();
});

test("searching by customer lists that customer's payment, and the CSV export has it", async () => {
  const { context, page, done } = await openPage();
  await login(page, USERS.ops);
  await openView(page, 'txns', 'txns');
  await page.locator('#q-customer').fill(FACTS.customer_no);
  await page.locator('#q-search').click();
  await page.waitForURL((u) => u.hash.includes(`customer=${encodeURIComponent(FACTS.customer_no)}`));

  const rows = page.locator('#txn-table tbody tr.txn-row');
  await rows.first().waitFor();
  // Wait until the table is the filtered one (the unfiltered list may still be on screen).
  await poll(async () => {
    const cs = await page.locator('#txn-table tbody tr.txn-row .customer-no').allTextContents();
    return cs.length > 0 && cs.every((c) => c === FACTS.customer_no);
  }, 'the rows of that customer only');
  const codes = await rows.evaluateAll((rs) => rs.map((r) => r.dataset.txn));
  assert.ok(codes.includes('0202'), `a payment (0202) is listed (codes ${codes.join(',')})`);
  assert.match(await page.locator('#txn-total').textContent(), /共 [\d,]+ 笔/);

  const href = await page.locator('#csv-export').getAttribute('href');
  assert.ok(href.startsWith('/api/transactions.csv?'), `the export link is the CSV (${href})`);
  assert.equal(new URLSearchParams(href.split('?')[1]).get('customer'), FACTS.customer_no);
  const csv = await context.request.get(`${BASE}${href}`);
  assert.equal(csv.status(), 200);
  assert.match(csv.headers()['content-type'], /^text\/csv/);
  const text = await csv.text();
  assert.ok(text.split('\n').length >= 2, 'a header line and rows');
  assert.ok(text.includes(FACTS.customer_no), 'the CSV has the customer');
  await done();
});

test('an auditor opens a payment and sees its raw frame (hex) and the decrypted JSON, and the view is journaled', async () => {
  const { page, done } = await openPage();
  await login(page, USERS.auditor);
  const before = actionCount('console_view_decrypted');
  assert.equal(await openView(page, `txn/${FACTS.payment_txn_id}`, 'txn'), 'ready');

  const customer = (await page.locator('#txn-record dd[data-field="customer_no"]').textContent()).trim();
  assert.match(customer, /\S/, 'the record shows its customer');
  // The frame as it came off the wire is the hhu_request_raw row; its decryption the hhu_request row.
  const raw = page.locator('tr.journal-row[data-kind="hhu_request_raw"] pre.raw-hex').first();
  await raw.waitFor();
  const hex = await raw.textContent();
  assert.match(hex, /^[0-9a-f]{2}( {1,2}[0-9a-f]{2})*(\n[0-9a-f]{2}( {1,2}[0-9a-f]{2})*)*$/i, 'the frame is shown as grouped hex bytes');
  const decoded = await page.locator('tr.journal-row[data-kind="hhu_request"] pre.decoded-json').first().textContent();
  assert.ok(decoded.includes('"customer_no"'), 'the decrypted request has customer_no');
  assert.ok(decoded.includes(customer), "the decrypted request has this payment's customer");
  assert.equal(await page.locator('tr.journal-row[data-kind^="hhu_"] .decoded-hidden').count(), 0);

  await poll(() => actionCount('console_view_decrypted') > before, 'the decrypted view in the journal');
  await done();
});

test('an ops user sees the raw frame but not the decrypted JSON', async () => {
  const { page, done } = await openPage();
  await login(page, USERS.ops);
  const before = actionCount('console_view_decrypted');
  assert.equal(await openView(page, `txn/${FACTS.payment_txn_id}`, 'txn'), 'ready');

  const raw = page.locator('tr.journal-row[data-kind="hhu_request_raw"]').first();
  await raw.waitFor();
  assert.match(await raw.locator('pre.raw-hex').textContent(), /^[0-9a-f]{2}[ 0-9a-f\n]*$/i, 'the frame is shown as hex');
  const request = page.locator('tr.journal-row[data-kind="hhu_request"]').first();
  assert.equal((await request.locator('.decoded-hidden').textContent()).trim(), HIDDEN_TEXT);
  assert.equal(await page.locator('tr.journal-row[data-kind^="hhu_"] pre.decoded-json').count(), 0,
    'no decrypted terminal frame on the page');
  assert.equal(await page.locator('#decrypted-notice').count(), 0);
  assert.equal(actionCount('console_view_decrypted'), before, 'nothing decrypted was journaled as viewed');
  await done();
});

test("an office user is denied another office's transaction and its search lists only its own station", async () => {
  // What the foreign transaction holds, as ops sees it (ops views are not journaled as decrypted).
  const opsSide = await openPage();
  await login(opsSide.page, USERS.ops);
  const foreign = await apiGet(opsSide.context, `/api/transactions/${FACTS.foreign_txn_id}`);
  assert.equal(foreign.status, 200);
  const { customer_no: foreignCustomer, sg186_serial: foreignSerial, station: foreignStation } = foreign.body.record;
  assert.notEqual(foreignStation, USERS.office.station, 'the fact is of another station');
  await opsSide.done();

  const { context, page, done } = await openPage();
  await login(page, USERS.office);
  const denied = await apiGet(context, `/api/transactions/${FACTS.foreign_txn_id}`);
  assert.equal(denied.status, 403);
  assert.equal(denied.body && denied.body.code, 'forbidden');
  assert.ok(!JSON.stringify(denied.body).includes(foreignCustomer), 'the refusal holds nothing of the transaction');

  assert.equal(await openView(page, `txn/${FACTS.foreign_txn_id}`, 'txn'), 'forbidden');
  assert.equal((await page.locator('#forbidden').textContent()).trim(), '无权查看');
  const body = await page.locator('body').textContent();
  assert.ok(!body.includes(foreignCustomer), 'the page does not show the foreign customer number');
  if (foreignSerial) assert.ok(!body.includes(foreignSerial), 'the page does not show the foreign serial');

  for (const route of ['recon', 'saf', 'alerts', 'chain']) {
    assert.equal(await page.locator(`#nav-${route}`).isVisible(), false, `no ${route} entry in the office nav`);
  }

  assert.equal(await openView(page, 'txns', 'txns'), 'ready');
  const stations = await page.locator('#txn-table tbody tr.txn-row').evaluateAll((rs) => rs.map((r) => r.dataset.station));
  assert.ok(stations.length > 0, 'the office sees transactions of its own');
  assert.deepEqual([...new Set(stations)], [USERS.office.station], 'only its own station');
  await done();
});

test('a POST without the CSRF token is refused with 403 csrf and changes nothing', async () => {
  const { context, page, done } = await openPage();
  await login(page, USERS.ops);
  const alertOf = async () => {
    const r = await apiGet(context, '/api/alerts');
    assert.equal(r.status, 200);
    return r.body.alerts.find((a) => String(a.alert_id) === String(FACTS.alert_id));
  };
  const txnState = async () => (await apiGet(context, `/api/transactions/${FACTS.payment_txn_id}`)).body.record.state;
  const acksOf = () => Number(psql(`SELECT count(*) FROM mstation.audit_admin_action WHERE action = 'alert_ack' AND after->>'alert_id' = ${sqlText(FACTS.alert_id)}`));

  const alertBefore = await alertOf();
  assert.ok(alertBefore, 'the alert is listed');
  const stateBefore = await txnState();
  const acksBefore = acksOf();

  for (const token of [undefined, 'not-the-token']) {
    const ack = await postFromPage(page, `/api/alerts/${FACTS.alert_id}/ack`, { reason: 'csrf probe' }, token);
    assert.equal(ack.status, 403, `ack with ${token ? 'a wrong' : 'no'} token is refused`);
    assert.equal(ack.body && ack.body.code, 'csrf');
    const resolve = await postFromPage(page, `/api/transactions/${FACTS.payment_txn_id}/resolve`, { as: 'reversed', reason: 'csrf probe' }, token);
    assert.equal(resolve.status, 403, `resolve with ${token ? 'a wrong' : 'no'} token is refused`);
    assert.equal(resolve.body && resolve.body.code, 'csrf');
  }

  assert.deepEqual(await alertOf(), alertBefore, 'the alert is as it was');
  assert.equal(await txnState(), stateBefore, 'the transaction is as it was');
  assert.equal(acksOf(), acksBefore, 'nothing was journaled');
  await done();
});

test('an auditor acknowledges an alert with a reason in the page, the row shows it, and the admin journal has it', async () => {
  const { page, done } = await openPage();
  await login(page, USERS.auditor);
  assert.equal(await openView(page, 'alerts', 'alerts'), 'ready');
  const reason = `浏览器测试确认 ${Date.now()}`;
  const row = page.locator(`#alert-table tr[data-alert-id="${FACTS.alert_id}"]`);
  await row.waitFor();
  assert.equal(await row.getAttribute('data-acknowledged'), '0', 'the alert is open');
  await row.locator('.ack-reason').fill(reason);
  const button = row.locator('.ack-button');
  assert.equal((await button.textContent()).trim(), '确认');
  await button.click();

  await page.locator(`#alert-table tr[data-alert-id="${FACTS.alert_id}"][data-acknowledged="1"]`).waitFor();
  assert.equal((await row.locator('.ack-reason-text').textContent()).trim(), reason);
  assert.match(await row.locator('.ack-by').textContent(), /\S/, 'who acknowledged it is shown');
  assert.equal(await row.locator('.ack-button').count(), 0, 'no acknowledge control left');

  const where = `action = 'alert_ack' AND after->>'alert_id' = ${sqlText(FACTS.alert_id)}`;
  const reasons = await poll(() => psql(`SELECT reason FROM mstation.audit_admin_action WHERE ${where}`), 'the alert_ack row');
  assert.ok(reasons.split('\n').includes(reason), `the journal has the reason (${reasons})`);
  await done();
});

test('the pages send security headers and the session cookie is HttpOnly and SameSite=Strict', async () => {
  const { context, page, done } = await openPage();
  const loginPage = await page.goto(`${BASE}/`);
  const check = (headers, what) => {
    const csp = headers['content-security-policy'];
    assert.ok(csp, `${what} has a Content-Security-Policy`);
    assert.match(csp, /default-src 'none'/, `${what}: default-src 'none'`);
    assert.match(csp, /script-src 'self'/, `${what}: script-src 'self'`);
    assert.match(csp, /frame-ancestors 'none'/, `${what}: frame-ancestors 'none'`);
    assert.equal(String(headers['x-frame-options']).toUpperCase(), 'DENY', `${what}: X-Frame-Options DENY`);
  };
  check(loginPage.headers(), 'the login page');

  // The login answer itself, not followed.
  const res = await context.request.post(`${BASE}/login`, {
    form: { login: USERS.auditor.login, password: USERS.auditor.password }, maxRedirects: 0,
  });
  assert.equal(res.status(), 303);
  assert.match(res.headers().location, /\/console$/);
  const setCookie = res.headersArray().filter((x) => x.name.toLowerCase() === 'set-cookie').map((x) => x.value)
    .find((v) => v.startsWith('mst_session='));
  assert.ok(setCookie, 'the login sets mst_session');
  assert.match(setCookie, /;\s*HttpOnly/i);
  assert.match(setCookie, /;\s*SameSite=Strict/i);
  assert.match(setCookie, /;\s*Path=\//i);

  const cookie = (await context.cookies(BASE)).find((c) => c.name === 'mst_session');
  assert.ok(cookie, 'the browser keeps the session cookie');
  assert.equal(cookie.httpOnly, true);
  assert.equal(cookie.sameSite, 'Strict');
  assert.equal(await page.evaluate(() => document.cookie.includes('mst_session')), false, 'scripts cannot read it');

  const consolePage = await page.goto(`${BASE}/console`);
  assert.equal(new URL(page.url()).pathname, '/console');
  check(consolePage.headers(), 'the console page');
  const me = await apiGet(context, '/api/me');
  assert.equal(me.status, 200);
  assert.match(me.headers['content-type'], /^application\/json/);
  await done();
});

test('screenshots of every page are written to the artifact directory', async () => {
  const shots = [];
  const shoot = async (page, name) => {
    const file = path.join(ARTIFACTS, `${name}.png`);
    await page.screenshot({ path: file, fullPage: true });
    shots.push(file);
  };

  const anon = await openPage();
  await anon.page.goto(`${BASE}/`);
  await anon.page.locator('#login-submit').waitFor();
  await shoot(anon.page, 'login');
  await anon.done();

  const { page, done } = await openPage();
  await login(page, USERS.auditor);
  const pages = [
    ['today', 'today', 'today'], ['transactions', 'txns', 'txns'], ['transaction', `txn/${FACTS.payment_txn_id}`, 'txn'],
    ['recon', 'recon', 'recon'], ['saf', 'saf', 'saf'], ['alerts', 'alerts', 'alerts'],
    ['terminals', 'terminals', 'terminals'], ['operators', 'operators', 'operators'], ['chain', 'chain', 'chain'],
  ];
  for (const [file, hash, name] of pages) {
    assert.equal(await openView(page, hash, name), 'ready', `${name} draws`);
    if (name === 'today') await page.locator('#hour-chart').waitFor();
    await shoot(page, file);
  }
  // One reconciliation run, when there is one.
  await openView(page, 'recon', 'recon');
  const run = page.locator('#recon-runs a.run-link').first();
  if (await run.count()) {
    await run.click();
    await page.locator('#recon-run').waitFor();
    await page.locator('#view[data-state="ready"]').waitFor();
    await shoot(page, 'recon-run');
  }
  await done();

  const tablet = await openPage(TABLET);
  await login(tablet.page, USERS.ops);
  assert.equal(await openView(tablet.page, 'today', 'today'), 'ready');
  await shoot(tablet.page, 'today-tablet');
  await tablet.done();

  for (const f of shots) assert.ok(fs.statSync(f).size > 1000, `${f} is a picture`);
});
