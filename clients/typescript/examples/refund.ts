// Opens, approves and refunds a ticket against a running sandbox server, through the typed
// client only: a body or path the API does not describe fails to compile.
//
//   REDRESS_BASE_URL=http://127.0.0.1:8080 REDRESS_KEYS=keys.json node dist/examples/refund.js
//
// keys.json holds `integration`, `merchant` (of M-TS), and `buyer` (B-TS) keys.
import { readFileSync } from "node:fs";
import { redressClient } from "../src/index.js";

const base = process.env.REDRESS_BASE_URL ?? "http://127.0.0.1:8080";
const keys = JSON.parse(readFileSync(process.env.REDRESS_KEYS ?? "keys.json", "utf8")) as {
  integration: string;
  merchant: string;
  buyer: string;
};
const integration = redressClient(base, keys.integration);
const merchant = redressClient(base, keys.merchant);
const buyer = redressClient(base, keys.buyer);

function check<T>(what: string, answer: { data?: T; error?: unknown; response: Response }): T {
  if (answer.data === undefined) {
    throw new Error(`${what}: ${answer.response.status} ${JSON.stringify(answer.error)}`);
  }
  return answer.data;
}

const run = Date.now().toString(36);
const orderId = `O-TS-${run}`;
const ticketId = `T-TS-${run}`;
const clock = check("clock", await integration.GET("/v1/sandbox/clock"));
const paidAt = new Date(Date.parse(clock.now) - 3_600_000).toISOString();
const price = { amount: 20000, currency: "CNY" };

check(
  "place the order",
  await integration.POST("/v1/orders", {
    body: {
      id: orderId,
      merchant_id: "M-TS",
      buyer_id: "B-TS",
      items: [
        { id: "I-1", product_id: "P-1", category: "apparel", quantity: 1, amount: price, seven_day_return: true },
      ],
      paid: price,
      paid_at: paidAt,
    },
  }),
);
check(
  "open a ticket",
  await buyer.POST("/v1/orders/{order_id}/tickets", {
    params: { path: { order_id: orderId } },
    body: { ticket_id: ticketId, kind: "refund_only", reason: "dont_want", amount: price },
  }),
);
check(
  "approve",
  await merchant.POST("/v1/tickets/{ticket_id}/actions", {
    params: { path: { ticket_id: ticketId } },
    body: { type: "approve" },
  }),
);
check(
  "report the refund paid",
  await integration.POST("/v1/payments/refunds/{ticket_id}", {
    params: { path: { ticket_id: ticketId } },
    body: { type: "succeeded", payment_reference: `PAY-${run}` },
  }),
);
const ticket = check(
  "read the ticket",
  await merchant.GET("/v1/tickets/{ticket_id}", { params: { path: { ticket_id: ticketId } } }),
);
if (ticket.state !== "refunded") {
  throw new Error(`the ticket is ${ticket.state}, not refunded`);
}
const feed = check(
  "read the feed",
  await merchant.GET("/v1/events", { params: { query: { order_id: orderId } } }),
);
const types = feed.data.map((event) => event.type);
if (!types.includes("ticket.refunded")) {
  throw new Error(`the feed shows ${types.join(", ")}`);
}
console.log(`typescript client: ticket ${ticketId} opened, approved and refunded (${types.join(", ")})`);
