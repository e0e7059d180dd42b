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
  await api('POST', `/v1/orders/${order}/logistics`, keys.integration, { type: 'tracking_entered', tracking });
}

async function openTicket(order, ticket, body) {
  await api('POST', `/v1/orders/${order}/tickets`, keys.buyer, { ticket_id: ticket, items: [], evidence: [], ...body });
}

async function deliver(order) {
  await ship(order, `SF${order.replace(/\D/g, '')}0001`);
  await api('POST', `/v1/orders/${order}/logistics`, keys.integration, { type: 'delivered', signer: 'buyer' });
}

async function act(ticket, key, body) {
  await api('POST', `/v1/tickets/${ticket}/actions`, key, body);
}

const photos = (note) => ({ kind: 'photos', reference: 'IMG-20261120-01', note });
const merchantEvidence = [
  { kind: 'photos', reference: 'QC-PHOTO-778', note: '出库质检照片' },
  { kind: 'chat_records', reference: 'CHAT-5521', note: '客服沟通记录' },
  { kind: 'packing_video', reference: 'PACK-VID-301', note: '打包视频' },
];

const seed = {};

// 1. Before the weekly evaluation: M-FRUIT (a fruit shop) lets a dozen requests by buyer
// B-WANG run past their deadline (逾期自动同意), so the evaluation finds mass overdue
// tickets (大量售后单逾期不处理) and records a penalty for the operator's flow.
// M-BERRY does the same, for the merchant's own appeal (the operator revokes M-FRUIT's).
for (const [shop, prefix, product, description] of [
  ['M-FRUIT', 'FRUIT', 'P-MANGO', '芒果还没发货，不想要了'],
  ['M-BERRY', 'BERRY', 'P-BLUEBERRY', '蓝莓还没发货，不想要了'],
]) {
  for (let i = 1; i <= 12; i++) {
    const id = `O-${prefix}-${3000 + i}`;
    await order(id, shop, 'B-WANG', { amount: 5990, category: '水果生鲜', product });
    await api('POST', `/v1/orders/${id}/tickets`, keys.other_buyer, {
      ticket_id: `T-${prefix}-${3000 + i}`, kind: 'refund_only', reason: 'dont_want', amount: cny(5990),
      description, items: [], evidence: [],
    });
  }
}
// 1b. The arbitrator's and operator's flows: before the same evaluation, a shoe shop
// (M-SHOE) with one order gets a dispute (平台介入), so its 纠纷介入率 fails the standard and the
// evaluation records a dispute-rate penalty too; the dispute stays open, the oldest in the
// arbitration desk's queue, where the rules suggest a verdict (seven-day return refused).
await order('O-SHOE-1900', 'M-SHOE', 'B-WANG', { amount: 45900, category: '运动鞋', product: 'P-TRAIL-41' });
await deliver('O-SHOE-1900');
await api('POST', '/v1/orders/O-SHOE-1900/tickets', keys.other_buyer, {
  ticket_id: 'T-SHOE-1900', kind: 'return_and_refund', reason: 'no_reason_seven_day', amount: cny(45900),
  description: '七天无理由退货，鞋码偏小', items: [], evidence: [],
});
await act('T-SHOE-1900', keys.other_merchant, {
  type: 'reject', note: '鞋子已试穿，不支持退货',
  evidence: [{ kind: 'chat_records', reference: 'CHAT-8812', note: '已告知买家试穿后不退' }],
});
await act('T-SHOE-1900', keys.other_buyer, { type: 'escalate', note: '只在室内试穿，吊牌完好，请平台介入', evidence: [photos('吊牌完好')] });
seed.olderDispute = 'T-SHOE-1900';
await api('POST', '/v1/sandbox/clock/advance', keys.operator, { by: 'PT49H' });
// Then to the next Wednesday 02:00 in Shanghai (the default evaluation time), just past it.
{
  const now = await clock();
  const shanghai = new Date(now.getTime() + 8 * 3600_000);
  const daysAhead = (3 - shanghai.getUTCDay() + 7) % 7 || 7;
  const wednesday = Date.UTC(shanghai.getUTCFullYear(), shanghai.getUTCMonth(), shanghai.getUTCDate() + daysAhead, 2, 1) - 8 * 3600_000;
  const to = new Date(wednesday).toISOString();
  const advanced = await api('POST', '/v1/sandbox/clock/advance', keys.operator, { to });
  seed.evaluationsRun = advanced.evaluations_run;
}
const penalties = await api('GET', '/v1/merchants/M-FRUIT/penalties', keys.operator);
seed.penalty = (penalties.data ?? penalties)[0]?.id ?? null;
seed.penaltyMerchant = 'M-FRUIT';
const berry = await api('GET', '/v1/merchants/M-BERRY/penalties', keys.operator);
seed.appealPenalty = (berry.data ?? berry)[0]?.id ?? null;
const shoePenalties = await api('GET', '/v1/merchants/M-SHOE/penalties', keys.operator);
seed.disputeRatePenalty = (shoePenalties.data ?? shoePenalties).find((p) => p.standard === 'dispute_rate')?.id ?? null;

// 2. The merchant's queue: M-TEA (a tea shop) with requests from buyer B-LI.
await order('O-TEA-1001', 'M-TEA', 'B-LI', { amount: 12800 });
await openTicket('O-TEA-1001', 'T-TEA-1001', { kind: 'refund_only', reason: 'dont_want', amount: cny(12800), description: '拍错了规格，想要250克装' });
seed.merchantTicket = 'T-TEA-1001';
await order('O-TEA-1002', 'M-TEA', 'B-LI', { amount: 26800, product: 'P-PUER-357' });
await deliver('O-TEA-1002');
await openTicket('O-TEA-1002', 'T-TEA-1002', { kind: 'return_and_refund', reason: 'quality_problem', amount: cny(26800), description: '普洱茶饼受潮发霉', evidence: [photos('茶饼发霉照片')] });
seed.rejectTicket = 'T-TEA-1002';
for (const [n, amount, product] of [[1003, 3900, 'P-JASMINE'], [1004, 5600, 'P-OOLONG'], [1005, 8800, 'P-BAIHAO']]) {
  await order(`O-TEA-${n}`, 'M-TEA', 'B-LI', { amount, product });
  await openTicket(`O-TEA-${n}`, `T-TEA-${n}`, { kind: 'refund_only', reason: 'dont_want', amount: cny(amount), description: '重复下单' });
}
seed.bulkTickets = ['T-TEA-1003', 'T-TEA-1004', 'T-TEA-1005'];
await order('O-TEA-1006', 'M-TEA', 'B-LI', { amount: 45800, category: '茶具', product: 'P-TEAPOT' });
await deliver('O-TEA-1006');
await openTicket('O-TEA-1006', 'T-TEA-1006', { kind: 'exchange', reason: 'damaged_in_transit', amount: cny(45800), description: '紫砂壶壶嘴磕破', evidence: [photos('壶嘴破损')] });

// 3. The buyer's flows (B-LI): a rejected request to escalate, an approved return to ship,
// an order with no request yet.
async function rejected(n, description) {
  await order(`O-TEA-${n}`, 'M-TEA', 'B-LI', { amount: 19900, product: 'P-LONGJING-250' });
  await deliver(`O-TEA-${n}`);
  await openTicket(`O-TEA-${n}`, `T-TEA-${n}`, { kind: 'refund_only', reason: 'not_as_described', amount: cny(19900), description, evidence: [photos('实物与详情页不符')] });
  await act(`T-TEA-${n}`, keys.merchant, { type: 'reject', note: '商品与描述一致，详见质检照片与聊天记录', evidence: merchantEvidence });
}
await rejected(1010, '收到的龙井不是明前茶');
seed.buyerEscalate = 'T-TEA-1010';
// A rejected request the buyer corrects and submits again (issue 19, SPEC lifecycle step 5).
await rejected(1020, '龙井茶叶碎末较多');
seed.buyerEdit = 'T-TEA-1020';
await order('O-TEA-1040', 'M-TEA', 'B-LI', { amount: 15800, category: '茶具', product: 'P-CUPSET' });
await deliver('O-TEA-1040');
await openTicket('O-TEA-1040', 'T-TEA-1040', { kind: 'return_and_refund', reason: 'no_reason_seven_day', amount: cny(15800), description: '七天无理由退货' });
await act('T-TEA-1040', keys.merchant, { type: 'approve' });
seed.buyerReturn = 'T-TEA-1040';
await order('O-TEA-1050', 'M-TEA', 'B-LI', { amount: 9900, product: 'P-TIEGUANYIN' });
await deliver('O-TEA-1050');
seed.buyerNewOrder = 'O-TEA-1050';

// 4. The arbitrator's flow: a dispute awaiting a verdict (平台介入).
await rejected(1030, '茶叶有明显陈味');
await act('T-TEA-1030', keys.buyer, { type: 'escalate', note: '商家拒绝退款，请平台介入', evidence: [photos('茶汤颜色发暗')] });
seed.dispute = 'T-TEA-1030';

// 5. A foreign shop's ticket: M-SHOE's, by buyer B-WANG; foreign to M-TEA and to B-LI.
await order('O-SHOE-2001', 'M-SHOE', 'B-WANG', { amount: 39900, category: '运动鞋', product: 'P-RUN-42' });
await api('POST', '/v1/orders/O-SHOE-2001/tickets', keys.other_buyer, {
  ticket_id: 'T-SHOE-2001', kind: 'refund_only', reason: 'dont_want', amount: cny(39900), description: '尺码不合适', items: [], evidence: [],
});
seed.foreignTicket = 'T-SHOE-2001';
seed.foreignOrder = 'O-SHOE-2001';

// 6. The merchant's queue at scale (issue 19): M-TEA's requests for a bulk rejection, found
// by search, and M-BULK, a shop with more than 1,000 tickets. Its 1,100 oldest were
// approved (refunding, no deadline) and its one waiting request is the newest: a queue that
// took the oldest rows first and sorted only those would not show it.
for (const n of [1007, 1008]) {
  await order(`O-TEA-${n}`, 'M-TEA', 'B-LI', { amount: 6600, product: 'P-GREEN' });
  await deliver(`O-TEA-${n}`);
  await openTicket(`O-TEA-${n}`, `T-TEA-${n}`, { kind: 'return_and_refund', reason: 'no_reason_seven_day', amount: cny(6600), description: '七天无理由' });
}
seed.bulkRejectTickets = ['T-TEA-1007', 'T-TEA-1008'];
async function inParallel(count, run) {
  for (let start = 1; start <= count; start += 25) {
    await Promise.all(Array.from({ length: Math.min(25, count - start + 1) }, (_, i) => run(start + i)));
  }
}
const bulkCount = 1100;
await inParallel(bulkCount, async (i) => {
  const n = String(i).padStart(5, '0');
  const now = await clock();
  await api('POST', '/v1/orders', keys.integration, {
    id: `O-BULK-${n}`, merchant_id: 'M-BULK', buyer_id: 'B-BULK',
    items: [{ id: 'I-1', product_id: 'P-BULK', category: '茶叶', quantity: 1, amount: cny(1000 + i), seven_day_return: true }],
    paid: cny(1000 + i), paid_at: new Date(now.getTime() - 3600_000).toISOString(),
  });
  await api('POST', `/v1/orders/O-BULK-${n}/tickets`, keys.bulk_buyer, {
    ticket_id: `T-BULK-${n}`, kind: 'refund_only', reason: 'dont_want', amount: cny(1000 + i),
    description: '不想要了', items: [], evidence: [],
  });
  await act(`T-BULK-${n}`, keys.bulk_merchant, { type: 'approve' });
});
await api('POST', '/v1/orders', keys.integration, {
  id: 'O-BULK-URGENT', merchant_id: 'M-BULK', buyer_id: 'B-BULK',
  items: [{ id: 'I-1', product_id: 'P-BULK', category: '茶叶', quantity: 1, amount: cny(2500), seven_day_return: true }],
  paid: cny(2500), paid_at: new Date((await clock()).getTime() - 3600_000).toISOString(),
});
await api('POST', '/v1/orders/O-BULK-URGENT/tickets', keys.bulk_buyer, {
  ticket_id: 'T-BULK-URGENT', kind: 'refund_only', reason: 'dont_want', amount: cny(2500),
  description: '拍多了', items: [], evidence: [],
});
seed.bulkUrgent = 'T-BULK-URGENT';
seed.bulkTotal = bulkCount + 1;

// 7. Conversations, return addresses and evidence of several kinds (issue 19, points 2, 3, 7):
// a cracked gaiwan's return request with a message from the buyer on its thread (the merchant
// answers and approves it in the test; the buyer then sees the return address), and a request
// the merchant rejects in the test with photos and the chat (two kinds of evidence).
await order('O-TEA-1060', 'M-TEA', 'B-LI', { amount: 16800, category: '茶具', product: 'P-GAIWAN' });
await deliver('O-TEA-1060');
await openTicket('O-TEA-1060', 'T-TEA-1060', { kind: 'return_and_refund', reason: 'quality_problem', amount: cny(16800), description: '盖碗到货有裂纹', evidence: [photos('裂纹照片')] });
await api('POST', '/v1/tickets/T-TEA-1060/messages', keys.buyer, { text: '盖碗到货就有裂纹，请尽快处理' });
seed.threadTicket = 'T-TEA-1060';
await order('O-TEA-1070', 'M-TEA', 'B-LI', { amount: 9800, product: 'P-BILUOCHUN' });
await deliver('O-TEA-1070');
await openTicket('O-TEA-1070', 'T-TEA-1070', { kind: 'refund_only', reason: 'not_as_described', amount: cny(9800), description: '碧螺春不是当年新茶', evidence: [photos('茶叶颜色发黄')] });
seed.twoKindsTicket = 'T-TEA-1070';

// Leave the merchant's fresh requests a few hours from their deadline, for the countdowns.
await api('POST', '/v1/sandbox/clock/advance', keys.operator, { by: 'PT43H' });

// 8. Shop names (店铺名称) are stored facts, set as the platform's integration would.
seed.teaShop = '西湖龙井茶庄';
seed.shoeShop = '步履鞋铺';
await api('PUT', '/v1/merchants/M-TEA/name', keys.integration, { name: seed.teaShop });
await api('PUT', '/v1/merchants/M-SHOE/name', keys.integration, { name: seed.shoeShop });

writeFileSync(process.env.REDRESS_SEED, JSON.stringify(seed, null, 2));
console.log(`seeded: ${JSON.stringify(seed)}`);
