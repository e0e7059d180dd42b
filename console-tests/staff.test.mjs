// Staff accounts (issue 19 point 4): a shop's owner signs in with a password, adds a clerk;
// the clerk signs in, approves a ticket, and the ticket's history names her; read-only
// staff look but cannot act. The owner was made by scripts/browser-tests.sh with
// `redress staff add` (password from REDRESS_STAFF_PASSWORD, never argv).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { launch, open, shoot, base, keys } from './lib.mjs';

const staff = JSON.parse(readFileSync(process.env.REDRESS_STAFF, 'utf8'));
const CLERK = { name: 'Zhang Wei', password: 'clerk password 2026' };
const VIEWER = { name: 'Liu Yang', password: 'viewer password 2026' };

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

async function api(method, path, key, body) {
  const response = await fetch(base + path, {
    method,
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text}`);
  return text ? JSON.parse(text) : null;
}

/** A ticket of the shop waiting for its answer. */
async function waitingTicket(n) {
  const now = new Date((await api('GET', '/v1/sandbox/clock', keys.operator)).now);
  const cny = (amount) => ({ amount, currency: 'CNY' });
  // ¥128: above the merchant tests' saved strategy (refund only, 不想要, up to ¥100), which
  // would approve the request before the clerk sees it when the whole suite runs.
  await api('POST', '/v1/orders', keys.integration, {
    id: `O-STAFF-${n}`, merchant_id: staff.merchant, buyer_id: 'B-LI',
    items: [{ id: 'I-1', product_id: 'P-LONGJING', category: '茶叶', quantity: 1, amount: cny(12800), seven_day_return: true }],
    paid: cny(12800), paid_at: new Date(now.getTime() - 3600_000).toISOString(),
  });
  await api('POST', `/v1/orders/O-STAFF-${n}/tickets`, keys.buyer, {
    ticket_id: `T-STAFF-${n}`, kind: 'refund_only', reason: 'dont_want', amount: cny(12800),
    items: [], evidence: [], description: '不想要了',
  });
  return `T-STAFF-${n}`;
}

/** Sign in through the staff form; lands on the role's start page. */
async function staffSignIn(page, merchant, name, password) {
  await page.goto('/sign-in');
  await page.fill('#staff-merchant', merchant);
  await page.fill('#staff-name', name);
  await page.fill('#staff-password', password);
  await Promise.all([page.waitForNavigation(), page.click('#staff-sign-in button[type=submit]')]);
}

test('a wrong password is refused next to the staff form', async () => {
  const page = await open(browser);
  await staffSignIn(page, staff.merchant, staff.owner.name, 'not the password');
  assert.match(page.url(), /\/sign-in\/staff$/);
  assert.match(await page.textContent('#staff-error'), /name or the password is wrong/);
  // Focus lands on the field holding the error, not on the API-key form above it.
  assert.equal(await page.evaluate(() => document.activeElement && document.activeElement.id), 'staff-password');
  await shoot(page, 'staff-sign-in-error');
  await page.context().close();
});

test('the owner adds a clerk and a read-only viewer in the console', async () => {
  const page = await open(browser);
  await staffSignIn(page, staff.merchant, staff.owner.name, staff.owner.password);
  assert.match(page.url(), /\/merchant$/);
  assert.match(await page.textContent('header'), new RegExp(staff.owner.name));
  await page.click('nav >> text=Staff');
  await page.waitForSelector('#staff-form');
  for (const [person, role] of [[CLERK, 'clerk'], [VIEWER, 'read_only']]) {
    await page.fill('#staff-name', person.name);
    await page.selectOption('#staff-role', role);
    await page.fill('#staff-password', person.password);
    await Promise.all([page.waitForNavigation(), page.click('#staff-form button[type=submit]')]);
    assert.match(await page.textContent('.notice'), /Added/);
  }
  const names = await page.$$eval('#staff tbody tr td:first-child', (tds) => tds.map((td) => td.textContent));
  // Oldest first; the sandbox clock stands still here, so compare them as a set.
  assert.deepEqual(names.sort(), [staff.owner.name, CLERK.name, VIEWER.name].sort());
  await shoot(page, 'merchant-staff');
  await page.context().close();
});

test('the clerk approves a ticket and the history names her', async () => {
  const ticket = await waitingTicket(1);
  const page = await open(browser);
  await staffSignIn(page, staff.merchant, CLERK.name, CLERK.password);
  await page.goto(`/merchant/tickets/${ticket}`);
  await Promise.all([page.waitForNavigation(), page.click('#approve')]);
  assert.match(await page.textContent('.notice'), /Done/);
  assert.match(await page.textContent('#ticket-timeline + ol'), new RegExp(`${staff.merchant} · ${CLERK.name}`));
  await shoot(page, 'merchant-ticket-by-staff');
  // Clerks do not manage staff.
  const refused = await page.goto('/merchant/staff');
  assert.equal(refused.status(), 403);
  await page.context().close();
});

test('read-only staff see the ticket but cannot act on it', async () => {
  const ticket = await waitingTicket(2);
  const page = await open(browser);
  await staffSignIn(page, staff.merchant, VIEWER.name, VIEWER.password);
  await page.goto(`/merchant/tickets/${ticket}`);
  const [response] = await Promise.all([page.waitForNavigation(), page.click('#approve')]);
  assert.equal(response.status(), 403);
  const state = (await api('GET', `/v1/tickets/${ticket}`, keys.merchant)).state;
  assert.equal(state, 'requested');
  await page.context().close();
});
