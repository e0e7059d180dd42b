// What every browser test shares: the server, the keys and seeded ids the script wrote,
// a headless chromium (Debian's, never a downloaded one), sign-in, and screenshots at
// desktop and phone widths.
import { chromium } from 'playwright-core';
import { readFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

export const base = process.env.REDRESS_BASE_URL;
export const keys = JSON.parse(readFileSync(process.env.REDRESS_KEYS, 'utf8'));
export const seed = JSON.parse(readFileSync(process.env.REDRESS_SEED, 'utf8'));
const screenshots = process.env.REDRESS_SCREENSHOTS ?? 'screenshots';
mkdirSync(screenshots, { recursive: true });

export const DESKTOP = { width: 1280, height: 800 };
export const PHONE = { width: 375, height: 812 };

/** A headless chromium. CI runs as root, hence --no-sandbox. */
export function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox'],
  });
}

/** A fresh context (no cookies) at desktop width, in `locale` (Accept-Language follows it). */
export async function open(browser, { locale = 'en-US', viewport = DESKTOP } = {}) {
  const context = await browser.newContext({ locale, viewport, baseURL: base });
  const page = await context.newPage();
  // Script errors and content-security-policy violations fail the screen's check in shoot().
  page.problems = [];
  page.on('pageerror', (error) => page.problems.push(`script error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error' && !/status of 4\d\d/.test(message.text())) {
      page.problems.push(`console error: ${message.text()}`);
    }
  });
  return page;
}

/** Sign in with `key` through the form; lands on the role's start page. */
export async function signIn(page, key) {
  await page.goto('/sign-in');
  await page.fill('#key', key);
  await Promise.all([page.waitForNavigation(), page.click('button[type=submit].primary')]);
}

/**
 * Save the page at desktop and phone widths: `<name>-desktop.png`, `<name>-phone.png`.
 * Every screen shot this way must fit a 375 px phone without scrolling sideways.
 */
export async function shoot(page, name) {
  const before = page.viewportSize();
  for (const [label, viewport] of [['desktop', DESKTOP], ['phone', PHONE]]) {
    await page.setViewportSize(viewport);
    // Charts follow their box once the resize reaches them: wait (up to 2 s) for the page to
    // settle into the new width before the picture and the check. A real layout break
    // never settles, and fails the check below.
    await page
      .waitForFunction((width) => document.documentElement.scrollWidth <= width, viewport.width, {
        timeout: 2000,
      })
      .catch(() => {});
    await page.screenshot({ path: join(screenshots, `${name}-${label}.png`), fullPage: true });
    if (page.problems?.length) throw new Error(`${name}: ${page.problems.join('; ')}`);
    // A message key shown as itself is a missing translation.
    const text = await page.evaluate(() => document.body.innerText);
    const key = text.match(/\b(?:app|nav|role|sign_in|error|sandbox|common|kind|reason|state|deadline|ticket|evidence|ground|remedy|responsibility|outcome|dispute|fulfilment|actor|event|problem|parcel|signer|penalty|severity|measure|merchant|metrics|strategies|buyer|arbitration|operations|thread|settings|checklist|return_address|queue)\.[a-z_]+\b/);
    if (key) throw new Error(`${name}: the message ${key[0]} is missing`);
    if (label === 'phone') {
      const width = await scrollWidth(page);
      if (width > PHONE.width) throw new Error(`${name} is ${width} px wide at 375 px`);
    }
  }
  await page.setViewportSize(before);
  // After a full-page capture at phone width, Chromium keeps the phone layout's scroll
  // offset past the end of the wider page until something scrolls; Playwright then aims a
  // click at where an element was, the offset is clamped as the click lands, and the click
  // hits whatever moved there (a form's padding: no submit, no message). Start the next
  // step from the top, where the offset is valid at any width.
  await page.evaluate(() => window.scrollTo(0, 0));
}

/** Whether the page is wider than its viewport (a layout break at phone width). */
export function scrollWidth(page) {
  return page.evaluate(() => document.documentElement.scrollWidth);
}
