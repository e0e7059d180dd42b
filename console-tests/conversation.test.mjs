// Issue 19, points 2, 3 and 7: the ticket's thread (协商历史) between buyer, merchant and, in a
// dispute, the platform; the shop's settings (fast refund, return address) and the return
// address the buyer is shown on approval; a rejection with evidence of several kinds, its
// checklist, and the uploaded file kept when the engine refuses; metrics that link to the
// tickets behind them. The buyer never sees the merchant's evidence checklist.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, open, signIn, shoot, keys, seed } from './lib.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const ADDRESS = '杭州市西湖区龙井路 18 号 茶叶铺售后部 收';

test('the merchant sets fast refund and the shop return address in the settings', async () => {
  const page = await open(browser, { locale: 'zh-CN' });
  await signIn(page, keys.merchant);
  await Promise.all([page.waitForNavigation(), page.click('nav a[href="/merchant/settings"]')]);
  assert.match(await page.textContent('h1'), /店铺售后设置/);
  assert.equal(await page.getAttribute('#fast-refund-state', 'data-on'), 'no');
  await Promise.all([page.waitForNavigation(), page.click('#fast-refund-toggle')]);
  assert.equal(await page.getAttribute('#fast-refund-state', 'data-on'), 'yes');
  // A control character is refused next to the field.
  await page.fill('#shop-address', 'bad\u0007address');
  await page.click('#save-address');
  await page.waitForSelector('#shop-address-error');
  await page.fill('#shop-address', ADDRESS);
  await Promise.all([page.waitForNavigation(), page.click('#save-address')]);
  assert.match(await page.textContent('#settings-notice'), /已保存/);
  assert.equal(await page.inputValue('#shop-address'), ADDRESS);
  await shoot(page, 'merchant-settings');
  // Off again: the merchant tests that follow open no request expecting fast refund.
  await Promise.all([page.waitForNavigation(), page.click('#fast-refund-toggle')]);
  assert.equal(await page.getAttribute('#fast-refund-state', 'data-on'), 'no');
  await page.context().close();
});

test('buyer and merchant talk on the thread; approved, the buyer sees the return address', async () => {
  const merchant = await open(browser, { locale: 'zh-CN' });
  await signIn(merchant, keys.merchant);
  await merchant.goto(`/merchant/tickets/${seed.threadTicket}`);
  assert.match(await merchant.textContent('#thread'), /盖碗到货就有裂纹/);
  assert.equal(await merchant.locator('section[aria-labelledby=ticket-evidence] ul.checklist').count(), 2,
    'the merchant sees both sides\' checklists');
  // An empty message is refused next to the text box.
  await merchant.click('#thread-send');
  await merchant.waitForSelector('#thread-text-error');
  await merchant.fill('#thread-text', '抱歉给您带来不便，已同意退货，请按退货地址寄回');
  await Promise.all([merchant.waitForNavigation(), merchant.click('#thread-send')]);
  assert.match(await merchant.textContent('#thread'), /已同意退货/);
  assert.match(await merchant.textContent('#return-address-current'), /龙井路 18 号/);
  await shoot(merchant, 'merchant-thread');
  await Promise.all([merchant.waitForNavigation(), merchant.click('#approve')]);
  assert.equal(await merchant.getAttribute('#ticket-state', 'data-state'), 'awaiting_return');
  await merchant.context().close();

  const buyer = await open(browser, { locale: 'zh-CN' });
  await signIn(buyer, keys.buyer);
  await buyer.goto(`/buyer/tickets/${seed.threadTicket}`);
  const messages = await buyer.$$eval('#thread .message', (els) => els.map((e) => e.className));
  assert.deepEqual(messages, ['message buyer', 'message merchant']);
  assert.match(await buyer.textContent('#return-address'), /龙井路 18 号/);
  assert.equal(await buyer.locator('section[aria-labelledby=ticket-evidence] ul.checklist').count(), 1,
    'the buyer sees only its own checklist, never the merchant\'s');
  await buyer.fill('#thread-text', '好的，明天寄出');
  await Promise.all([buyer.waitForNavigation(), buyer.click('#thread-send')]);
  assert.equal(await buyer.locator('#thread .message').count(), 3);
  await shoot(buyer, 'buyer-thread');
  await buyer.context().close();
});

test('before approval the buyer sees no return address', async () => {
  const buyer = await open(browser);
  await signIn(buyer, keys.buyer);
  await buyer.goto(`/buyer/tickets/${seed.twoKindsTicket}`);
  assert.equal(await buyer.locator('#return-address').count(), 0);
  await buyer.context().close();
});

test('a rejection with two kinds of evidence keeps the uploaded file when it is refused', async () => {
  const page = await open(browser);
  await signIn(page, keys.merchant);
  await page.goto(`/merchant/tickets/${seed.twoKindsTicket}`);
  await page.click('summary:text("Reject")');
  // The case's checklist, with nothing given yet.
  const missing = await page.$$eval('#reject-checklist li.missing', (els) => els.map((e) => e.dataset.kind));
  assert.ok(missing.includes('photos') && missing.includes('chat_records'), `${missing}`);
  await page.selectOption('#reject-evidence-kind', 'photos');
  await page.setInputFiles('#reject-evidence-file', { name: 'tea.png', mimeType: 'image/png', buffer: png() });
  await page.selectOption('#reject-evidence-kind-2', 'chat_records');
  await page.fill('#reject-evidence-reference-2', 'CHAT-20261120-1070');
  await page.fill('#reject-evidence-note-2', '买家确认收到的是当年新茶');
  // Chosen in the form: marked before submitting.
  assert.equal(await page.getAttribute('#reject-checklist li[data-kind=photos]', 'class'), 'chosen');
  assert.equal(await page.getAttribute('#reject-checklist li[data-kind=chat_records]', 'class'), 'chosen');
  await shoot(page, 'merchant-reject-evidence');
  // A third item names a file never uploaded to this ticket: refused, and the photo already
  // uploaded is kept as its reference.
  await page.selectOption('#reject-evidence-kind-3', 'packing_video');
  await page.fill('#reject-evidence-reference-3', `sha256:${'0'.repeat(64)}`);
  await page.click('#reject');
  await page.waitForSelector('#reject-evidence-error');
  assert.match(await page.inputValue('#reject-evidence-reference'), /^sha256:/);
  assert.ok(await page.isVisible('#reject-evidence-kept'));
  assert.equal(await page.inputValue('#reject-evidence-reference-2'), 'CHAT-20261120-1070');
  await shoot(page, 'merchant-reject-kept');
  await page.fill('#reject-evidence-reference-3', '');
  await page.fill('#reject-reason', '碧螺春为当年春茶，聊天记录中买家已确认');
  await Promise.all([page.waitForNavigation(), page.click('#reject')]);
  assert.equal(await page.getAttribute('#ticket-state', 'data-state'), 'rejected');
  const merchantSide = await page.textContent('#ticket-evidence + div');
  assert.match(merchantSide, /Chat records/);
  assert.match(merchantSide, /View file/);
  await page.context().close();
});

test('an arbitrator writes on the thread of a dispute', async () => {
  const page = await open(browser);
  await signIn(page, keys.arbitrator);
  await page.goto(`/arbitration/tickets/${seed.olderDispute}`);
  await page.fill('#thread-text', 'Both sides: please add the parcel photos.');
  await Promise.all([page.waitForNavigation(), page.click('#thread-send')]);
  assert.match(await page.textContent('#thread .message.platform'), /parcel photos/);
  await shoot(page, 'arbitration-thread');
  await page.context().close();
});

test('a metric links to the queue filtered to the tickets behind it', async () => {
  const page = await open(browser);
  await signIn(page, keys.merchant);
  await page.goto('/merchant/metrics');
  const links = await page.$$eval('#figures a.see-tickets', (els) => els.map((e) => e.getAttribute('href')));
  assert.ok(links.some((l) => l.includes('disputed_from=')), `${links}`);
  assert.ok(links.some((l) => l.includes('overdue=yes')), `${links}`);
  // The merchant-responsible rate links to its disputes only, the completion times to the
  // tickets completed without the platform (the API test proves the counts equal).
  assert.ok(links.some((l) => l.includes('completed_from=') && l.includes('responsible=yes')), `${links}`);
  assert.ok(links.some((l) => l.includes('disputed=no') && l.includes('kind=refund_only')), `${links}`);
  assert.ok(links.some((l) => l.includes('disputed=no') && l.includes('kind=return_and_refund')), `${links}`);
  await Promise.all([page.waitForNavigation(), page.click('#figures a.see-tickets >> nth=0')]);
  assert.match(page.url(), /disputed_from=/);
  assert.ok(await page.isVisible('#metric-filter'));
  const rows = await page.$$eval('#queue-table tbody tr', (trs) => trs.map((tr) => tr.dataset.ticket));
  assert.ok(rows.includes(seed.dispute), `the disputed ticket is behind the dispute rate: ${rows}`);
  assert.ok(!rows.includes(seed.merchantTicket), `never disputed: ${rows}`);
  await shoot(page, 'merchant-metric-tickets');
  await page.context().close();
});

function png() {
  return Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');
}
