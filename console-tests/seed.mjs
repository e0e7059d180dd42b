// Seeds the server through the JSON API with data for every role's flow, and writes the ids
// the tests need to $REDRESS_SEED. Both console engineers extend it: add a section, keep
// the ids it writes under its own name.
import { readFileSync, writeFileSync } from 'node:fs';

const base = process.env.REDRESS_BASE_URL;
const keys = JSON.parse(readFileSync(process.env.REDRESS_KEYS, 'utf8'));
let sequence = 0;

/** Call the API; a non-2xx answer stops the seed with the problem. */
export async function api(method, path, key, body) {
  const response = await fetch(base + path, {
    method,
    headers: {
      authorization: `Bearer ${key}`,
      'content-type': 'application/json',
      'idempotency-key': `seed-${process.pid}-${sequence++}`,
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text}`);
  return text ? JSON.parse(text) : null;
}

const cny = (amount) => ({ amount, currency: 'CNY' });
const clock = async () => new Date((await api('GET', '/v1/sandbox/clock', keys.operator)).now);

/** An order of one item, paid an hour before the clock's time. */
async function order(id, merchant, buyer, { amount = 12800, category = '茶叶', product = 'P-LONGJING', sevenDay = true } = {}) {
  const now = await clock();
  await api('POST', '/v1/orders', keys.integration, {
    id, merchant_id: merchant, buyer_id: buyer,
    items: [{ id: 'I-1', product_id: product, category, quantity: 1, amount: cny(amount), seven_day_return: sevenDay }],
    paid: cny(amount),
    paid_at: new Date(now.getTime() - 3600_000).toISOString(),
  });
}

async function ship(order, tracking) {
  await api('POST', `/v1/orders/${order}/logistics`, keys.integration, { event: 'tracking_entered', tracking });
}

async function deliver(order) {
  await api('POST', `/v1/orders/${order}/logistics`, keys.integration, { event: 'delivered', signer: 'buyer' });
}

async function openTicket(order, ticket, body) {
  await api('POST', `/v1/orders/${order}/tickets`, keys.buyer, { ticket_id: ticket, items: [], evidence: [], ...body });
}

const seed = {};

// The merchant's queue: M-TEA (a tea shop) with several requests from buyer B-LI.
await order('O-TEA-1001', 'M-TEA', 'B-LI', { amount: 12800 });
await openTicket('O-TEA-1001', 'T-TEA-1001', { kind: 'refund_only', reason: 'dont_want', amount: cny(12800), description: '拍错了规格，想要250克装' });
seed.merchantTicket = 'T-TEA-1001';

// A foreign shop's ticket: M-SHOE's, by buyer B-WANG; foreign to M-TEA and B-LI.
await order('O-SHOE-2001', 'M-SHOE', 'B-WANG', { amount: 39900, category: '运动鞋', product: 'P-RUN-42' });
await openTicket('O-SHOE-2001', 'T-SHOE-2001', { kind: 'refund_only', reason: 'dont_want', amount: cny(39900), description: '尺码不合适' }).catch(async () => {
  // B-LI's key cannot open B-WANG's ticket; the operator seeds nothing for buyers, so use
  // the other buyer's key.
  await api('POST', '/v1/orders/O-SHOE-2001/tickets', keys.other_buyer, {
    ticket_id: 'T-SHOE-2001', kind: 'refund_only', reason: 'dont_want', amount: cny(39900), description: '尺码不合适', items: [], evidence: [],
  });
});
seed.foreignTicket = 'T-SHOE-2001';
seed.foreignOrder = 'O-SHOE-2001';

writeFileSync(process.env.REDRESS_SEED, JSON.stringify(seed, null, 2));
console.log(`seeded: ${JSON.stringify(seed)}`);
