// On a phone, 375 × 812 (issue 19, point 6): the queue's first screen shows tickets and
// its bulk actions, and a ticket page shows its actions before its details. Positions are
// read from the laid-out page (bounding boxes), within the first viewport, unscrolled.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { launch, open, signIn, shoot, keys, seed, PHONE, DESKTOP, scrollWidth } from './lib.mjs';

/** The first screen only, as a phone shows it before any scroll. */
const firstScreen = (page, name) =>
  page.screenshot({ path: join(process.env.REDRESS_SCREENSHOTS ?? 'screenshots', `${name}-first-screen.png`) });

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

/** The element's box, asserting it is laid out and lies within the first screen. */
async function onFirstScreen(page, selector, what) {
  const box = await page.locator(selector).first().boundingBox();
  assert.ok(box, `${what} (${selector}) is shown`);
  assert.ok(box.y >= 0 && box.y + box.height <= PHONE.height, `${what} ends at ${Math.round(box.y + box.height)} px, below the first ${PHONE.height} px`);
  assert.ok(box.x >= 0 && box.x + box.width <= PHONE.width, `${what} is ${Math.round(box.x + box.width)} px from the left`);
  return box;
}

for (const locale of ['zh-CN', 'en-US']) {
  test(`the queue's first screen on a phone shows tickets and bulk actions (${locale})`, async () => {
    const page = await open(browser, { locale, viewport: PHONE });
    await signIn(page, keys.merchant);
    assert.match(new URL(page.url()).pathname, /^\/merchant/);
    assert.equal(await page.evaluate(() => window.scrollY), 0);
    // The filters beyond the search are folded, the search is at hand.
    assert.equal(await page.getAttribute('#more-filters', 'open'), null, 'more filters folded on a phone');
    await onFirstScreen(page, '#f-q', 'the search');
    await onFirstScreen(page, '#bulk-approve', 'bulk approve');
    await onFirstScreen(page, '#bulk-reject-details > summary', 'bulk reject');
    // At least the first ticket's id and deadline are on the first screen.
    const first = await page.$eval('#queue-table tbody tr', (tr) => tr.dataset.ticket);
    await onFirstScreen(page, `#queue-table tbody tr[data-ticket="${first}"] td:nth-child(2)`, 'the first ticket');
    await onFirstScreen(page, `#queue-table tbody tr[data-ticket="${first}"] td:nth-child(3)`, "the first ticket's deadline");
    assert.ok(await scrollWidth(page) <= PHONE.width, 'no sideways scroll');
    await firstScreen(page, `phone-merchant-queue-${locale}`);
    // The folded filters open with a tap and work as before.
    await page.click('#more-filters > summary');
    assert.equal(await page.getAttribute('#more-filters', 'open'), '');
    if (locale === 'zh-CN') await shoot(page, 'phone-merchant-queue');
    await page.context().close();
  });
}

test('a filter set in the folded panel keeps it open on a phone', async () => {
  const page = await open(browser, { viewport: PHONE });
  await signIn(page, keys.merchant);
  await page.goto('/merchant?kind=return_and_refund');
  assert.equal(await page.getAttribute('#more-filters', 'open'), '', 'the active filter is in sight');
  await page.context().close();
});

test('on a desktop the filters are all in sight, with no fold', async () => {
  const page = await open(browser, { viewport: DESKTOP });
  await signIn(page, keys.merchant);
  assert.equal(await page.getAttribute('#more-filters', 'open'), '');
  assert.ok(await page.isVisible('#f-kind'), 'the kind filter is shown');
  assert.ok(!(await page.isVisible('#more-filters > summary')), 'no fold control on a desktop');
  await page.context().close();
});

test("a ticket's actions come first on a phone, beside the details on a desktop", async () => {
  const page = await open(browser, { locale: 'zh-CN', viewport: PHONE });
  await signIn(page, keys.merchant);
  await page.goto(`/merchant/tickets/${seed.rejectTicket}`);
  const actions = await onFirstScreen(page, '#actions h2', 'the actions heading');
  await onFirstScreen(page, '#actions :is(button.primary, details > summary)', 'the first action');
  const details = await page.locator('#ticket-facts, .grid.two > div:not(#actions)').first().boundingBox();
  assert.ok(details && details.y > actions.y, 'the details come after the actions');
  await firstScreen(page, 'phone-merchant-ticket');
  await shoot(page, 'phone-merchant-ticket');
  await page.setViewportSize(DESKTOP);
  const wide = await page.locator('#actions').boundingBox();
  const left = await page.locator('.grid.two > div:not(#actions)').first().boundingBox();
  assert.ok(wide.x > left.x + left.width - 1, 'on a desktop the actions stand to the right');
  await page.context().close();
});

test("the buyer's ticket page shows its actions first on a phone", async () => {
  const page = await open(browser, { locale: 'zh-CN', viewport: PHONE });
  await signIn(page, keys.buyer);
  await page.goto(`/buyer/tickets/${seed.buyerReturn}`);
  const actions = await onFirstScreen(page, '#actions', "the buyer's actions");
  const details = await page.locator('.grid.two > div:not(#actions)').first().boundingBox();
  assert.ok(details.y > actions.y, 'the details come after the actions');
  await page.context().close();
});
