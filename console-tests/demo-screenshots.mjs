// Screenshots of every console screen on the demo's simulated marketplace, for docs/ and
// the README: `redress demo` is started by scripts/demo-screenshots.sh, which passes its
// address and keys here. Each screen is shot at desktop and phone widths, merchants and
// arbitrators in Chinese (they work in it), the operator in English.
import { chromium } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

const base = process.env.REDRESS_BASE_URL;
const keys = JSON.parse(process.env.REDRESS_DEMO_KEYS);
const out = process.env.REDRESS_SCREENSHOTS ?? 'screenshots';
mkdirSync(out, { recursive: true });

const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 375, height: 812 };

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox'],
});

async function as(role, locale) {
  const context = await browser.newContext({ locale, viewport: DESKTOP, baseURL: base });
  const page = await context.newPage();
  await page.goto('/sign-in');
  await page.fill('#key', keys[role]);
  await Promise.all([page.waitForNavigation(), page.click('button[type=submit].primary')]);
  return page;
}

async function shoot(page, name) {
  for (const [label, viewport] of [['desktop', DESKTOP], ['phone', PHONE]]) {
    await page.setViewportSize(viewport);
    // Charts redraw on resize; give them the frame they need.
    await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => done())));
    await page.screenshot({ path: join(out, `demo-${name}-${label}.png`), fullPage: label === 'desktop' });
  }
  await page.setViewportSize(DESKTOP);
  console.log(`shot ${name}`);
}

/** Open the first link on the page whose address matches `pattern`, if there is one. */
async function first(page, pattern) {
  const href = await page.evaluate((source) => {
    const re = new RegExp(source);
    const link = [...document.querySelectorAll('main a[href]')].find((a) => re.test(a.getAttribute('href')));
    return link ? link.getAttribute('href') : null;
  }, pattern.source);
  if (!href) return false;
  await page.goto(href);
  return true;
}

const signIn = await browser.newPage({ locale: 'zh-CN', viewport: DESKTOP });
await signIn.goto(`${base}/sign-in`);
await shoot(signIn, 'sign-in');

const merchant = await as('merchant', 'zh-CN');
await merchant.goto('/merchant');
await shoot(merchant, 'merchant-queue');
if (await first(merchant, /^\/merchant\/tickets\//)) await shoot(merchant, 'merchant-ticket');
await merchant.goto('/merchant/metrics');
await shoot(merchant, 'merchant-metrics');
await merchant.goto('/merchant/strategies');
await shoot(merchant, 'merchant-strategies');

const arbitrator = await as('arbitrator', 'zh-CN');
await arbitrator.goto('/arbitration');
await shoot(arbitrator, 'arbitration-queue');
if (await first(arbitrator, /^\/arbitration\/tickets\//)) await shoot(arbitrator, 'arbitration-dispute');

const operator = await as('operator', 'en-US');
await operator.goto('/operations');
await shoot(operator, 'operations-dashboard');
if (await first(operator, /^\/operations\/merchants\//)) await shoot(operator, 'operations-merchant');
await operator.goto('/sandbox');
await shoot(operator, 'sandbox-clock');

const buyer = await as('buyer', 'zh-CN');
await buyer.goto('/buyer');
await shoot(buyer, 'buyer-home');
if (await first(buyer, /^\/buyer\/tickets\//)) await shoot(buyer, 'buyer-ticket');

await browser.close();
