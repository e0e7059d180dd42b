// The merchant workbench: the queue by deadline, clearing a ticket, an error next to its
// field, bulk approve, saved views, and another shop's ticket answering 404.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, open, signIn, shoot, keys, seed, base, scrollWidth, PHONE } from './lib.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('the queue is sorted by deadline with live countdowns, in Chinese', async () => {
  const page = await open(browser, { locale: 'zh-CN' });
  await signIn(page, keys.merchant);
  assert.equal(await page.getAttribute('html', 'lang'), 'zh-CN');
  assert.match(await page.textContent('h1'), /售后工作台/);
  const rows = await page.$$eval('#queue-table tbody tr', (trs) => trs.map((tr) => tr.dataset.ticket));
  assert.ok(rows.includes(seed.merchantTicket), `${rows}`);
  assert.ok(!rows.includes(seed.foreignTicket), 'no other shop in the queue');
  const dues = await page.$$eval('#queue-table [data-due]', (els) => els.map((e) => Date.parse(e.dataset.due)));
  assert.deepEqual(dues, [...dues].sort((a, b) => a - b), 'soonest deadline first');
  assert.match(await page.textContent('#queue-table'), /剩余/);
  assert.match(await page.textContent('#queue-table'), /仅退款/);
  await shoot(page, 'merchant-queue');
  await page.setViewportSize(PHONE);
  assert.ok(await scrollWidth(page) <= 375, 'no horizontal scroll at 375 px');
  await page.context().close();
});

test('filters narrow the queue and can be saved as a view', async () => {
  const page = await open(browser);
  await signIn(page, keys.merchant);
  await page.selectOption('#f-kind', 'return_and_refund');
  await page.waitForFunction(() => location.search.includes('kind=return_and_refund'));
  await page.waitForFunction(() => ![...document.querySelectorAll('#queue-table tbody tr')].some((tr) => tr.textContent.includes('Refund only')));
  const rows = await page.$$eval('#queue-table tbody tr', (trs) => trs.map((tr) => tr.dataset.ticket));
  assert.ok(rows.includes(seed.rejectTicket), `${rows}`);
  await page.fill('#view-name', 'Returns');
  await Promise.all([page.waitForNavigation(), page.click('text=Save current filters')]);
  await Promise.all([page.waitForNavigation(), page.click('a:text("Returns")')]);
  assert.match(page.url(), /kind=return_and_refund/);
  await page.context().close();
});

test('merchant clears a ticket: approve from its page', async () => {
  const page = await open(browser);
  await signIn(page, keys.merchant);
  await Promise.all([page.waitForNavigation(), page.click(`a:text("${seed.merchantTicket}")`)]);
  assert.match(await page.textContent('h1'), new RegExp(seed.merchantTicket));
  assert.match(await page.textContent('#ticket-timeline + ol'), /Request opened/);
  await shoot(page, 'merchant-ticket');
  await Promise.all([page.waitForNavigation(), page.click('#approve')]);
  assert.match(await page.textContent('.notice'), /Done/);
  assert.equal(await page.getAttribute('#ticket-state', 'data-state'), 'refunding');
  await page.goto('/merchant?state=requested');
  const rows = await page.$$eval('#queue-table tbody tr', (trs) => trs.map((tr) => tr.dataset.ticket));
  assert.ok(!rows.includes(seed.merchantTicket), 'cleared from the requests awaiting an answer');
  await page.context().close();
});

test('a rejection without the required evidence shows the error next to the evidence', async () => {
  const page = await open(browser);
  await signIn(page, keys.merchant);
  await page.goto(`/merchant/tickets/${seed.rejectTicket}`);
  await page.click('summary:text("Reject")');
  await page.fill('#reject-reason', '茶饼出库时完好');
  await page.click('#reject');
  await page.waitForSelector('#reject-evidence-error');
  assert.match(await page.textContent('#reject-evidence-error'), /evidence this scenario requires/);
  await shoot(page, 'merchant-ticket-error');
  await page.context().close();
});

test('bulk approve takes the ticked tickets', async () => {
  const page = await open(browser);
  await signIn(page, keys.merchant);
  for (const id of seed.bulkTickets) await page.check(`input[name=ticket][value="${id}"]`);
  await Promise.all([page.waitForNavigation(), page.click('#bulk-approve')]);
  const result = await page.textContent('#bulk-result-card');
  for (const id of seed.bulkTickets) assert.match(result, new RegExp(`${id}: Approved`));
  await page.context().close();
});

test('a merchant with more than 1,000 tickets sees the most urgent first, a page at a time', async () => {
  const page = await open(browser, { locale: 'zh-CN' });
  await signIn(page, keys.bulk_merchant);
  assert.equal(Number(await page.textContent('#queue-total')), seed.bulkTotal);
  assert.ok(seed.bulkTotal > 1000);
  const first = await page.$$eval('#queue-table tbody tr', (trs) => trs.map((tr) => tr.dataset.ticket));
  assert.equal(first[0], seed.bulkUrgent, 'the one request with a deadline leads');
  assert.equal(first.length, 50);
  // The tabs count the whole queue: one request to handle, the rest refunding (已完成).
  assert.equal(await page.getAttribute('#queue-tabs a[data-tab=pending] .badge', 'data-count'), '1');
  assert.equal(await page.getAttribute('#queue-tabs a[data-tab=done] .badge', 'data-count'), String(seed.bulkTotal - 1));
  await shoot(page, 'merchant-queue-large');
  // The next page continues where this one ended.
  await Promise.all([page.waitForNavigation(), page.click('#next-page')]);
  const second = await page.$$eval('#queue-table tbody tr', (trs) => trs.map((tr) => tr.dataset.ticket));
  assert.equal(second.length, 50);
  assert.ok(!second.some((id) => first.includes(id)), 'no row twice');
  // Sorting by amount, largest first: the largest ticket (¥21.00, the 1,100th) leads.
  await page.goto('/merchant?sort=amount&direction=desc');
  assert.equal(await page.$eval('#queue-table tbody tr', (tr) => tr.dataset.ticket), 'T-BULK-URGENT');
  await page.goto('/merchant?sort=amount&direction=desc&tab=done');
  assert.equal(await page.$eval('#queue-table tbody tr', (tr) => tr.dataset.ticket), 'T-BULK-01100');
  await page.context().close();
});

test('search, tabs, filters and the CSV export select the same tickets', async () => {
  const page = await open(browser);
  await signIn(page, keys.merchant);
  // Search by order id, then by ticket id.
  await page.goto('/merchant?q=O-TEA-1002');
  let rows = await page.$$eval('#queue-table tbody tr', (trs) => trs.map((tr) => tr.dataset.ticket));
  assert.deepEqual(rows, ['T-TEA-1002']);
  await page.goto(`/merchant?q=${seed.dispute}`);
  rows = await page.$$eval('#queue-table tbody tr', (trs) => trs.map((tr) => tr.dataset.ticket));
  assert.deepEqual(rows, [seed.dispute]);
  // A bad search term is named next to its field.
  const bad = await page.goto('/merchant?q=not%20an%20id');
  assert.equal(bad.status(), 422);
  assert.ok(await page.isVisible('#f-q-error'));
  // The 平台介入中 tab holds the disputes.
  await page.goto('/merchant');
  await Promise.all([page.waitForNavigation(), page.click('#queue-tabs a[data-tab=in_dispute]')]);
  rows = await page.$$eval('#queue-table tbody tr', (trs) => trs.map((tr) => tr.dataset.ticket));
  assert.ok(rows.length > 0);
  const states = await page.$$eval('#queue-table tbody tr .badge:first-child', (els) => els.map((e) => e.textContent));
  assert.ok(states.every((s) => /dispute/i.test(s)), `${states}`);
  // An amount range, in yuan.
  await page.goto('/merchant?amount_min=200&amount_max=300');
  const amounts = await page.$$eval('#queue-table tbody td.num', (tds) => tds.map((td) => Number(td.textContent.replace(/[^0-9.]/g, ''))));
  assert.ok(amounts.length > 0 && amounts.every((a) => a >= 200 && a <= 300), `${amounts}`);
  // The export holds exactly the filtered tickets.
  const href = await page.getAttribute('#export-csv', 'href');
  assert.match(href, /amount_min=200/);
  const csv = await page.request.get(href);
  assert.equal(csv.status(), 200);
  assert.match(csv.headers()['content-type'], /text\/csv/);
  const lines = (await csv.text()).trim().split('\n');
  assert.match(lines[0], /ticket_id,order_id,buyer_id/);
  assert.equal(lines.length - 1, Number(await page.textContent('#queue-total')));
  const exported = lines.slice(1).map((line) => JSON.parse(`[${line}]`)[0]);
  const shown = await page.$$eval('#queue-table tbody tr', (trs) => trs.map((tr) => tr.dataset.ticket));
  assert.deepEqual(exported, shown);
  await page.context().close();
});

test('bulk reject at the top of the list takes one reason and one piece of evidence', async () => {
  const page = await open(browser);
  await signIn(page, keys.merchant);
  await page.goto('/merchant?q=B-LI&kind=return_and_refund&reason=no_reason_seven_day');
  const bar = await page.$eval('#bulk-bar', (el) => el.getBoundingClientRect().top);
  const table = await page.$eval('#queue-table', (el) => el.getBoundingClientRect().top);
  assert.ok(bar < table, 'the bulk actions come before the list');
  for (const id of seed.bulkRejectTickets) await page.check(`input[name=ticket][value="${id}"]`);
  await page.click('#bulk-reject-details summary');
  await page.fill('#bulk-reject-reason', '商品已拆封使用，不支持七天无理由');
  await page.selectOption('#bulk-evidence-kind', 'chat_records');
  await page.fill('#bulk-evidence-reference', 'CHAT-901');
  await Promise.all([page.waitForNavigation(), page.click('#bulk-reject')]);
  const result = await page.textContent('#bulk-result-card');
  for (const id of seed.bulkRejectTickets) assert.match(result, new RegExp(`${id}: Rejected`));
  await page.goto(`/merchant/tickets/${seed.bulkRejectTickets[0]}`);
  assert.equal(await page.getAttribute('#ticket-state', 'data-state'), 'rejected');
  assert.match(await page.textContent('main'), /CHAT-901/);
  await page.context().close();
});

test("another shop's ticket answers 404, like the API", async () => {
  const page = await open(browser);
  await signIn(page, keys.merchant);
  const response = await page.goto(`/merchant/tickets/${seed.foreignTicket}`);
  assert.equal(response.status(), 404);
  assert.match(await page.textContent('h1'), /Not found/);
  await shoot(page, 'not-found');
  const missing = await page.goto('/merchant/tickets/T-NOPE');
  assert.equal(missing.status(), 404);
  // The other shop's own key sees it.
  const other = await open(browser);
  await signIn(other, keys.other_merchant);
  const own = await other.goto(`/merchant/tickets/${seed.foreignTicket}`);
  assert.equal(own.status(), 200);
  await other.context().close();
  await page.context().close();
});

test('the metrics page charts the dispute rate against its threshold', async () => {
  const page = await open(browser, { locale: 'zh-CN' });
  await signIn(page, keys.merchant);
  await page.click('nav >> text=售后指标');
  await page.waitForSelector('#dispute-chart .uplot');
  const figures = await page.textContent('#figures');
  for (const term of ['纠纷介入率', '商责纠纷率', '仅退款自主完结时长', '退货退款自主完结时长']) {
    assert.match(figures, new RegExp(term));
  }
  await shoot(page, 'merchant-metrics');
  await page.setViewportSize(PHONE);
  assert.ok(await scrollWidth(page) <= 375, 'no horizontal scroll at 375 px');
  await page.context().close();
});

test('a merchant with a penalty appeals it', async () => {
  const page = await open(browser, { locale: 'zh-CN' });
  await signIn(page, keys.penalised_merchant);
  await page.goto('/merchant/metrics');
  const table = await page.textContent('#penalties');
  assert.match(table, /大量售后单逾期不处理/);
  assert.match(table, /生效中/);
  await page.fill('#penalties textarea', '系统故障导致未能及时处理，已恢复');
  await Promise.all([page.waitForNavigation(), page.click('#penalties button')]);
  assert.match(await page.textContent('.notice'), /申诉已提交/);
  assert.match(await page.textContent('#penalties'), /申诉中/);
  await shoot(page, 'merchant-penalty-appealed');
  // M-TEA has none, and the page says so.
  const tea = await open(browser);
  await signIn(tea, keys.merchant);
  await tea.goto('/merchant/metrics');
  assert.match(await tea.textContent('#penalties-heading + *'), /No penalties/);
  await tea.context().close();
  await page.context().close();
});

test('a strategy is dry-run over the last 30 days, then saved', async () => {
  const page = await open(browser);
  await signIn(page, keys.merchant);
  await page.click('nav >> text=Auto-approve strategies');
  await page.fill('#s-id', 'dont-want-tea');
  await page.fill('#s-name', '拍错/不想要 小额自动同意');
  await page.check('input[name=kind][value=refund_only]');
  await page.check('input[name=reason][value=dont_want]');
  await page.fill('#s-amount', '100');
  await Promise.all([page.waitForNavigation(), page.click('#dry-run')]);
  const result = await page.textContent('#dry-run-result');
  // T-TEA-1003, -1004 and -1005 (¥39, ¥56, ¥88); T-TEA-1001 is ¥128.
  assert.match(result, /would have approved 3 tickets/);
  assert.equal(await page.isChecked('input[name=reason][value=dont_want]'), true, 'the draft is kept');
  await shoot(page, 'merchant-strategies');
  await page.fill('#s-amount', '12.345');
  await page.click('#dry-run');
  await page.waitForSelector('#s-amount-error');
  await page.fill('#s-amount', '100');
  await Promise.all([page.waitForNavigation(), page.click('#save-strategy')]);
  assert.match(await page.textContent('.notice'), /saved/);
  assert.match(await page.textContent('#strategies'), /拍错\/不想要 小额自动同意/);
  await page.context().close();
});
