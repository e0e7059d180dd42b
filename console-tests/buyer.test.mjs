// The buyer's view: open a request on an order, follow it, ship a return, escalate a
// rejected request with evidence, and another buyer's ticket answering 404.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, open, signIn, shoot, keys, seed, scrollWidth, PHONE, DESKTOP } from './lib.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('buyer opens a request on an order, with an error next to the amount first', async () => {
  const page = await open(browser);
  await signIn(page, keys.buyer);
  await shoot(page, 'buyer-home');
  await page.fill('#order', seed.buyerNewOrder);
  await Promise.all([page.waitForNavigation(), page.click('text=Find the order')]);
  assert.match(page.url(), new RegExp(`/buyer/orders/${seed.buyerNewOrder}$`));
  await page.selectOption('#open-kind', 'refund_only');
  await page.selectOption('#open-reason', 'quality_problem');
  await page.fill('#open-amount', '990');
  await page.fill('#open-description', '铁观音有杂味');
  await page.click('#open-submit');
  await page.waitForSelector('#open-amount-error');
  assert.match(await page.textContent('#open-amount-error'), /refunded|refundable|amount/i);
  await shoot(page, 'buyer-open-error');
  await page.fill('#open-amount', '99');
  await page.setInputFiles('#open-evidence-file', { name: 'photo.png', mimeType: 'image/png', buffer: png() });
  await Promise.all([page.waitForNavigation(), page.click('#open-submit')]);
  assert.match(page.url(), /\/buyer\/tickets\/R1-/);
  assert.match(await page.textContent('.notice'), /submitted/);
  assert.equal(await page.getAttribute('#ticket-state', 'data-state'), 'requested');
  assert.match(await page.textContent('#ticket-evidence + div'), /Photos/);
  // The uploaded photo opens through the console, with the session cookie.
  const href = await page.getAttribute('a:text("View file")', 'href');
  const file = await page.request.get(href);
  assert.equal(file.status(), 200);
  assert.equal(file.headers()['content-type'], 'image/png');
  await shoot(page, 'buyer-ticket');
  await page.context().close();
});

test('buyer ships the return of an approved request', async () => {
  const page = await open(browser, { locale: 'zh-CN' });
  await signIn(page, keys.buyer);
  await page.goto(`/buyer/tickets/${seed.buyerReturn}`);
  assert.equal(await page.getAttribute('#ticket-state', 'data-state'), 'awaiting_return');
  await page.fill('#return-tracking', 'YT7788990011');
  await Promise.all([page.waitForNavigation(), page.click('#ship-return')]);
  assert.equal(await page.getAttribute('#ticket-state', 'data-state'), 'return_in_transit');
  assert.match(await page.textContent('#ticket-timeline + ol'), /买家寄回/);
  await page.context().close();
});

test('buyer escalates a rejected request to the platform (平台介入)', async () => {
  const page = await open(browser);
  await signIn(page, keys.buyer);
  await page.goto(`/buyer/tickets/${seed.buyerEscalate}`);
  assert.equal(await page.getAttribute('#ticket-state', 'data-state'), 'rejected');
  await page.fill('#escalate-note', '商家说是明前茶，实际是雨前茶');
  await page.selectOption('#escalate-evidence-kind', 'chat_records');
  await page.fill('#escalate-evidence-reference', 'CHAT-8812');
  // A phone turned mid-form, and the pictures of the filled form at both widths: the form
  // still submits afterwards (a full-page capture used to leave a stale scroll offset that
  // sent the click past the button, see shoot() in lib.mjs).
  await page.setViewportSize(PHONE);
  await page.setViewportSize(DESKTOP);
  await shoot(page, 'buyer-escalate');
  assert.equal(await page.inputValue('#escalate-note'), '商家说是明前茶，实际是雨前茶');
  await Promise.all([page.waitForNavigation(), page.click('#escalate')]);
  assert.equal(await page.getAttribute('#ticket-state', 'data-state'), 'in_dispute');
  assert.match(await page.textContent('#ticket-evidence + div'), /CHAT-8812/);
  await page.setViewportSize(PHONE);
  assert.ok(await scrollWidth(page) <= 375, 'no horizontal scroll at 375 px');
  await page.context().close();
});

test('buyer corrects a rejected request and submits it again (SPEC lifecycle step 5)', async () => {
  const page = await open(browser, { locale: 'zh-CN' });
  await signIn(page, keys.buyer);
  await page.goto(`/buyer/tickets/${seed.buyerEdit}`);
  assert.equal(await page.getAttribute('#ticket-state', 'data-state'), 'rejected');
  // The form starts from the request as it stands, open beside the escalation.
  assert.ok(await page.isVisible('#edit-form'));
  assert.ok(await page.isVisible('#escalate'));
  assert.equal(await page.inputValue('#edit-amount'), '199.00');
  assert.equal(await page.inputValue('#edit-reason'), 'not_as_described');
  await shoot(page, 'buyer-edit');
  // More than was paid: refused next to the amount, and the form keeps what was typed.
  await page.fill('#edit-amount', '990');
  await page.fill('#edit-description', '茶叶碎末多，只退一半');
  await Promise.all([page.waitForNavigation(), page.click('#edit-submit')]);
  assert.ok(await page.isVisible('#edit-amount-error'));
  assert.equal(await page.inputValue('#edit-description'), '茶叶碎末多，只退一半');
  assert.equal(await page.getAttribute('#ticket-state', 'data-state'), 'rejected');
  await page.fill('#edit-amount', '99.50');
  await page.selectOption('#edit-reason', 'quality_problem');
  await page.fill('#edit-evidence-reference', 'IMG-20261121-07');
  await Promise.all([page.waitForNavigation(), page.click('#edit-submit')]);
  // Back with the merchant, who answers the corrected request anew.
  assert.equal(await page.getAttribute('#ticket-state', 'data-state'), 'requested');
  assert.match(await page.textContent('main'), /茶叶碎末多，只退一半/);
  assert.match(await page.textContent('main'), /¥99\.50/);
  await page.context().close();
});

test("another buyer's ticket and order answer 404", async () => {
  const page = await open(browser);
  await signIn(page, keys.buyer);
  assert.equal((await page.goto(`/buyer/tickets/${seed.foreignTicket}`)).status(), 404);
  assert.equal((await page.goto(`/buyer/orders/${seed.foreignOrder}`)).status(), 404);
  await page.goto('/buyer');
  await page.fill('#order', seed.foreignOrder);
  await page.click('text=Find the order');
  await page.waitForSelector('#order-error');
  const rows = await page.$$eval('#buyer-tickets tbody tr', (trs) => trs.map((tr) => tr.dataset.ticket));
  assert.ok(!rows.includes(seed.foreignTicket));
  await page.context().close();
});

/** A 1×1 PNG. */
function png() {
  return Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');
}

test('a buyer with over a thousand requests pages through them on the server; shops by name', async () => {
  const page = await open(browser);
  await signIn(page, keys.bulk_buyer);
  await page.goto('/buyer');
  const rows = () => page.$$eval('#buyer-tickets tbody tr', (trs) => trs.map((tr) => tr.dataset.ticket));
  const first = await rows();
  assert.equal(first.length, 50, 'one page of 50, not every request');
  assert.ok(!(await page.isVisible('#first-page')));
  await Promise.all([page.waitForNavigation(), page.click('#next-page')]);
  const second = await rows();
  assert.equal(second.length, 50);
  assert.ok(second.every((t) => !first.includes(t)), 'the next page holds other requests');
  assert.ok(await page.isVisible('#first-page'));
  await shoot(page, 'buyer-home-paged');
  await page.context().close();
  // B-LI's requests name the tea shop by the name the integration stored.
  const li = await open(browser, { locale: 'zh-CN' });
  await signIn(li, keys.buyer);
  await li.goto('/buyer');
  assert.match(await li.textContent('#buyer-tickets'), new RegExp(seed.teaShop));
  await li.context().close();
});
