"""Rules of the API that JSON Schema cannot state, for scripts/schemathesis.sh.

The OpenAPI description states every rule about one field (patterns, lengths, ranges, enums,
one-of for tagged bodies). A few rules relate fields to each other or to the server's clock;
the description says them in words, and these hooks make schemathesis's generated bodies
follow them, so that its positive cases reach the business logic instead of the validation.
Bodies that are not of the expected shape (schemathesis's negative cases) pass unchanged.
"""

import itertools
from datetime import datetime, timezone

import schemathesis

# The API's largest amount (redress_domain::AMOUNT_MINOR_MAX).
AMOUNT_MINOR_MAX = 10**13
ORDERS = itertools.count(1)


def integral(value):
    """JSON Schema's `integer` takes 5.0; the API's integers are written without a fraction."""
    return int(value) if isinstance(value, float) and value.is_integer() else value


def integers(value):
    """`value` with every integral float written as an integer, through lists and objects."""
    if isinstance(value, dict):
        return {k: integers(v) for k, v in value.items()}
    if isinstance(value, list):
        return [integers(v) for v in value]
    return integral(value)


@schemathesis.hook("map_body").skip_for(method="POST", path="/v1/orders")
def integers_without_fractions(context, body):
    """Every body: JSON Schema's `integer` takes 5.0, which no client's integer type writes;
    the API reads integers (serde's `i64`/`u32`) and refuses it."""
    return integers(body)


@schemathesis.hook("map_body").apply_to(method="POST", path="/v1/orders")
def order_adds_up(context, body):
    """An order is new (its id is not taken), its items add up to what was paid, in its
    currency, and it was paid by now."""
    body = integers(body)
    if not isinstance(body, dict):
        return body
    if isinstance(body.get("id"), str) and body["id"]:
        # Another order's id is a state refusal (409 `order_exists`, or 422 when the bodies
        # differ), not a validation rule; keep the generated id as a prefix.
        body["id"] = f"{body['id'][:48]}-h{next(ORDERS)}"
    items, paid = body.get("items"), body.get("paid")
    if (
        not isinstance(items, list)
        or not items
        or not all(isinstance(i, dict) and isinstance(i.get("amount"), dict) for i in items)
        or not isinstance(paid, dict)
    ):
        return body
    currency = paid.get("currency")
    seen = set()
    for n, item in enumerate(items):
        amount = item["amount"]
        amount["amount"] = integral(amount.get("amount"))
        if not isinstance(amount.get("amount"), int) or isinstance(amount["amount"], bool):
            return body
        amount["currency"] = currency
        # Lines small enough that their sum stays an amount, and one at least 1 (a zero
        # payment is refused on its own).
        amount["amount"] = amount["amount"] % (AMOUNT_MINOR_MAX // len(items))
        # Item ids are unique within an order.
        if item.get("id") in seen:
            item["id"] = f"I-{n}"
        seen.add(item.get("id"))
    if all(item["amount"]["amount"] == 0 for item in items):
        items[0]["amount"]["amount"] = 1
    paid["amount"] = sum(item["amount"]["amount"] for item in items)
    paid_at = body.get("paid_at")
    if isinstance(paid_at, str):
        try:
            when = datetime.fromisoformat(paid_at.replace("Z", "+00:00"))
            future = when > datetime.now(timezone.utc)
        except ValueError:
            future = True
        if future:
            body["paid_at"] = "2026-01-01T00:00:00Z"
    return body
