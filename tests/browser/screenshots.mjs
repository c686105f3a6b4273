// Screenshots of a running console for docs/console.md: today at a glance
// and one transaction, as LOGIN sees them (password on stdin). Run against
// `scripts/demo --serve`:
//
//   echo demo-audit-1 | node tests/browser/screenshots.mjs URL demo TXN_ID docs/
//
// writes docs/console-today.png and docs/console-transaction.png.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';

const [base, login, txnId, outDir] = process.argv.slice(2);
if (!outDir) {
  console.error('usage: echo PASSWORD | node tests/browser/screenshots.mjs URL LOGIN TXN_ID OUT_DIR');
  process.exit(2);
}
const password = readFileSync(0, 'utf8').trim();

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--headless=new', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
});
try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai' });
  const page = await context.newPage();
  page.setDefaultTimeout(15000);
  await page.goto(`${base}/`);
  await page.locator('#login').fill(login);
  await page.locator('#password').fill(password);
  await Promise.all([page.waitForURL((u) => u.pathname === '/console'), page.locator('#login-submit').click()]);
  const shoot = async (hash, name, file) => {
    await page.goto(`${base}/console#/${hash}`);
    await page.locator(`#view[data-page="${name}"][data-state="ready"]`).waitFor();
    await page.screenshot({ path: path.join(outDir, file), fullPage: true });
    console.log(`wrote ${path.join(outDir, file)}`);
  };
  await shoot('today', 'today', 'console-today.png');
  await shoot(`txn/${encodeURIComponent(txnId)}`, 'txn', 'console-transaction.png');
} finally {
  await browser.close();
}
