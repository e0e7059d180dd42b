"""Rules of the API that JSON Schema cannot state, for scripts/schemathesis.sh.

The OpenAPI description states every rule about one field (patterns, lengths, ranges, enums,
one-of for tagged bodies). A few rules relate a request to others or to the server's clock,
and cannot be stated in a schema:

- an order's items add up to what was paid, in its currency, by now, under an id not taken;
- a buyer's refunds in 90 days are at most its orders in 90 days;
- a ticket on an order asks for at most what was paid, in the order's currency, about its
  items (so one opened on an order this run placed reaches the ticket's rules);
- an `Idempotency-Key` names one command: the same key with another body is refused (422
  `idempotency_key_reused`), so every generated request gets a key of its own;
- an order is in the policy's currency (CNY in the presets and the sandbox);
- a `cursor` (the feed's `after`) is one the API gave out, never a made-up one;
- an upload is an image, a video or a PDF, told by its bytes;
- JSON Schema's `integer` takes 5.0, which no client's integer type writes; the API reads
  integers (serde's `i64`/`u32`) and refuses it.

The description says them in words; `before_call` applies them to every generated request
whose shape fits (in every phase), so that schemathesis's positive cases reach the business
logic instead of the validation. What it changes keeps a negative case's fault: a body of
another shape passes as it is, an invalid key stays invalid.

Every call also carries the key of the party the operation is for: the buyer's key opens
tickets and takes the buyer's ticket actions, the merchant's key the merchant's, the
integration key reports parcels and refund results, and the operator's key does the rest.
scripts/schemathesis.sh creates the keys and passes them in the environment
(`REDRESS_FUZZ_KEYS`: `role=key` pairs separated by commas; `REDRESS_FUZZ_MERCHANT` and
`REDRESS_FUZZ_BUYER`: the ids the merchant's and the buyer's keys act for). Orders are placed
for that merchant and buyer, so the stateful phase's links (an order → its tickets → their
actions) reach the operations behind them with a key that may use them.
"""

import hashlib
import itertools
import json
import os
import re
import struct
import zlib
from datetime import datetime, timezone

import schemathesis

# The API's largest amount (redress_domain::AMOUNT_MINOR_MAX).
AMOUNT_MINOR_MAX = 10**13
SUFFIXES = itertools.count(1)
# What the API takes as an `Idempotency-Key`.
VALID_KEY = re.compile(r"[!-~]{1,255}")
# The policy's currency (the presets' and the sandbox's): an order in another is refused
# (422 `currency_mismatch`), a rule of the server's configuration, not of the document.
CURRENCY = "CNY"

KEYS = dict(
    pair.split("=", 1)
    for pair in os.environ.get("REDRESS_FUZZ_KEYS", "").split(",")
    if "=" in pair
)
MERCHANT = os.environ.get("REDRESS_FUZZ_MERCHANT")
BUYER = os.environ.get("REDRESS_FUZZ_BUYER")
# Orders this run placed: id → (currency, paid, item ids), for the tickets opened on them.
PLACED = {}

# Ticket actions by the party that takes them (dto::TicketActionRequest); the rest (verdicts,
# rechecks, refund retries) are the arbitrator's or the operator's.
BUYER_ACTIONS = {
    "accept_remedy",
    "decline_remedy",
    "edit",
    "cancel",
    "ship_return",
    "escalate",
    "cancel_dispute",
    "add_evidence",
}
MERCHANT_ACTIONS = {
    "approve",
    "approve_after_refusal",
    "reject",
    "propose_remedy",
    "confirm_return",
    "ship_replacement",
    "settle_dispute",
}


def integral(value):
    """5.0 as 5; anything else as it is."""
    return int(value) if isinstance(value, float) and value.is_integer() else value


def integers(value):
    """`value` with every integral float written as an integer, through lists and objects."""
    if isinstance(value, dict):
        return {k: integers(v) for k, v in value.items()}
    if isinstance(value, list):
        return [integers(v) for v in value]
    return integral(value)


def fresh(value, limit):
    """A generated id made unique in this run, keeping what was generated as a prefix (ids
    end in a letter or digit, and `-` is allowed in them)."""
    return f"{value[:limit]}-h{next(SUFFIXES)}"


def command_key(key, case):
    """The generated idempotency key made one command's: the same request (a resend) keeps
    the same key and is answered the first receipt again, another request gets another key."""
    command = json.dumps(
        [case.operation.method, case.operation.path, case.path_parameters, case.body],
        sort_keys=True,
        default=repr,
    )
    return f"{key[:200]}-{hashlib.sha256(command.encode()).hexdigest()[:16]}"


def order_adds_up(body):
    """An order is new (its id is not taken), placed for the run's merchant and buyer, its
    items and its shipping fee add up to what was paid, in its currency, and it was paid by
    now."""
    if not isinstance(body, dict):
        return body
    if MERCHANT and BUYER:
        body["merchant_id"], body["buyer_id"] = MERCHANT, BUYER
    if isinstance(body.get("id"), str) and body["id"]:
        # Another order's id is a state refusal (409 `order_exists`, or 422 when the bodies
        # differ), not a validation rule.
        body["id"] = fresh(body["id"], 48)
    items, paid = body.get("items"), body.get("paid")
    if (
        not isinstance(items, list)
        or not items
        or not all(isinstance(i, dict) and isinstance(i.get("amount"), dict) for i in items)
        or not isinstance(paid, dict)
    ):
        return body
    if isinstance(paid.get("currency"), str):
        paid["currency"] = CURRENCY
    currency = paid.get("currency")
    seen = set()
    for n, item in enumerate(items):
        amount = item["amount"]
        if not isinstance(amount.get("amount"), int) or isinstance(amount["amount"], bool):
            return body
        amount["currency"] = currency
        # Lines small enough that their sum stays an amount, and one at least 1 (a zero
        # payment is refused on its own).
        amount["amount"] = amount["amount"] % (AMOUNT_MINOR_MAX // (len(items) + 1))
        # Item ids are unique within an order.
        if isinstance(item.get("id"), str):
            if item["id"] in seen:
                item["id"] = f"I-{n}"
            seen.add(item["id"])
    if all(item["amount"]["amount"] == 0 for item in items):
        items[0]["amount"]["amount"] = 1
    # The shipping fee is in the order's currency and part of what was paid.
    fee = body.get("shipping_fee")
    fee_minor = 0
    if isinstance(fee, dict) and isinstance(fee.get("amount"), int) and not isinstance(fee["amount"], bool):
        fee["currency"] = currency
        fee["amount"] = fee["amount"] % (AMOUNT_MINOR_MAX // (len(items) + 1))
        fee_minor = fee["amount"]
    paid["amount"] = sum(item["amount"]["amount"] for item in items) + fee_minor
    paid_at = body.get("paid_at")
    if isinstance(paid_at, str):
        try:
            when = datetime.fromisoformat(paid_at.replace("Z", "+00:00"))
            # A date the pattern admits but the calendar has not (2002-11-31) is not valid.
            unusable = when > datetime.now(timezone.utc)
        except ValueError:
            unusable = True
        if unusable:
            body["paid_at"] = "2026-01-01T00:00:00Z"
    if isinstance(body.get("id"), str):
        PLACED[body["id"]] = (currency, paid["amount"], [item.get("id") for item in items])
    return body


def ticket_on_placed_order(body, order_id):
    """A ticket on an order of this run asks for at most what was paid, in its currency, about
    its items, under a new ticket id."""
    if not isinstance(body, dict):
        return body
    if isinstance(body.get("ticket_id"), str) and body["ticket_id"]:
        body["ticket_id"] = fresh(body["ticket_id"], 48)
    order = PLACED.get(order_id)
    if order is None:
        return body
    currency, paid, items = order
    # Orders are placed, not delivered: what is asked is a refund only, for a reason that
    # needs no delivery (the other kinds are refused with 422 `kind_needs_delivery`).
    if "kind" in body:
        body["kind"] = "refund_only"
    if "reason" in body:
        body["reason"] = "dont_want"
    amount = body.get("amount")
    if isinstance(amount, dict) and isinstance(amount.get("amount"), int) and paid > 0:
        amount["currency"] = currency
        amount["amount"] = 1 + amount["amount"] % paid
    if isinstance(body.get("items"), list):
        body["items"] = [i for i in items if i in body["items"]]
    # One ticket per order: a later one finds its items in an open ticket or refunded.
    del PLACED[order_id]
    return body


def png():
    """The smallest PNG: one white pixel. An upload's type is told by its bytes."""
    def chunk(kind, data):
        return (
            struct.pack(">I", len(data))
            + kind
            + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
        )

    header = struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)
    pixels = zlib.compress(b"\x00\xff")
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", pixels)
        + chunk(b"IEND", b"")
    )


def role_for(method, path, body):
    """The role whose key the operation is for."""
    if method == "POST" and path == "/v1/orders/{order_id}/tickets":
        return "buyer"
    if method == "POST" and path in (
        "/v1/orders/{order_id}/logistics",
        "/v1/payments/refunds/{ticket_id}",
    ):
        return "integration"
    if method == "POST" and path == "/v1/tickets/{ticket_id}/actions" and isinstance(body, dict):
        action = body.get("type")
        if isinstance(action, str) and action in BUYER_ACTIONS:
            return "buyer"
        if isinstance(action, str) and action in MERCHANT_ACTIONS:
            return "merchant"
    return "operator"


def is_positive(case):
    """A case that fits the description (schemathesis generated it as valid)."""
    meta = case.meta
    return meta is not None and meta.generation.mode.is_positive


def header(headers, name):
    """The name under which `headers` holds `name` (header names are case-insensitive)."""
    return next((k for k in headers if k.lower() == name.lower()), None)


@schemathesis.hook
def before_call(context, case, kwargs):
    """The rules of the module's documentation, and the key of the party the operation is for."""
    method, path = case.operation.method.upper(), case.operation.path
    headers = dict(case.headers or {})
    # Not only the cases generated as positive: schemathesis re-classifies a case after this
    # hook changed it (a negative one whose only fault was a header this hook sets counts as
    # positive then). What is changed keeps the fault of a negative case: a body of another
    # shape passes as it is, and an invalid key stays invalid.
    body = case.body
    if isinstance(body, (dict, list)):
        body = integers(body)
    if method == "POST" and path == "/v1/orders":
        body = order_adds_up(body)
    elif method == "POST" and path == "/v1/orders/{order_id}/tickets":
        body = ticket_on_placed_order(body, (case.path_parameters or {}).get("order_id"))
    elif method == "PUT" and path == "/v1/buyers/{buyer_id}/trust" and isinstance(body, dict):
        # Refunds in 90 days are at most the orders in 90 days (422 on `refunds_90d`).
        refunds, orders = body.get("refunds_90d"), body.get("orders_90d")
        if isinstance(refunds, int) and isinstance(orders, int) and refunds > orders >= 0:
            body["refunds_90d"] = orders
    elif method == "POST" and path == "/v1/evaluations" and isinstance(body, dict):
        # Only the period due may be recorded (422 `evaluation_not_due`), by the server's
        # clock and calendar: every other day is previewed.
        if isinstance(body.get("day"), str):
            body["dry_run"] = True
    elif method == "POST" and path == "/v1/tickets/{ticket_id}/files":
        # An upload is an image, a video or a PDF, told by its bytes: generated bytes
        # are none of these.
        body = {"file": png()}
    if isinstance(body, (dict, list)):
        case.body = body
    name = header(headers, "Idempotency-Key")
    if name is not None and VALID_KEY.fullmatch(str(headers[name])):
        headers[name] = command_key(headers[name], case)
    # The lists' `cursor` and the feed's `after` are cursors the API gave out.
    cursor = "after" if path == "/v1/events" else "cursor"
    if case.query and cursor in case.query:
        case.query = {k: v for k, v in case.query.items() if k != cursor}
    if KEYS:
        key = KEYS.get(role_for(method, path, case.body)) or KEYS["operator"]
        name = header(headers, "Authorization") or "Authorization"
        headers[name] = f"Bearer {key}"
        if isinstance(kwargs.get("headers"), dict):
            kwargs["headers"].pop(header(kwargs["headers"], "Authorization"), None)
    case.headers = headers


TRACE = os.environ.get("REDRESS_FUZZ_TRACE")


@schemathesis.hook
def after_call(context, case, response):
    """With `REDRESS_FUZZ_TRACE=FILE`: one line per call (phase, positive or negative,
    operation, status, problem code and detail), to see which rule refused an operation's
    positive cases."""
    if not TRACE:
        return
    phase = getattr(getattr(case.meta, "phase", None), "name", "?")
    mode = "positive" if is_positive(case) else "negative"
    code = detail = ""
    try:
        problem = response.json()
        code, detail = problem.get("code", ""), problem.get("detail", "")[:200]
    except Exception:  # not a problem document
        pass
    with open(TRACE, "a", encoding="utf-8") as out:
        out.write(
            f"{phase}\t{mode}\t{case.operation.method.upper()} {case.operation.path}\t"
            f"{response.status_code}\t{code}\t{detail}\n"
        )
