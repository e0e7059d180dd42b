"""Opens, approves and refunds a ticket against a running sandbox server, through the
generated Python client (clients/python, package redress_client) only.

    REDRESS_BASE_URL=http://127.0.0.1:8080 REDRESS_KEYS=keys.json \
        PYTHONPATH=clients/python python clients/python-examples/refund.py

keys.json holds `integration`, `py_merchant` (of M-PY) and `py_buyer` (B-PY) keys.
"""

import datetime
import json
import os
import time

from redress_client import AuthenticatedClient
from redress_client.api.events import list_events
from redress_client.api.orders import place_order
from redress_client.api.payments import refund_result
from redress_client.api.sandbox import get_clock
from redress_client.api.tickets import get_ticket, open_ticket, ticket_action
from redress_client.models import (
    MoneyDto,
    OpenTicketRequest,
    OrderItemDto,
    PlaceOrderRequest,
    Problem,
    ReasonDto,
    RefundResultRequestType0,
    RefundResultRequestType0Type,
    TicketActionRequestType0,
    TicketActionRequestType0Type,
    TicketKindDto,
)

base = os.environ.get("REDRESS_BASE_URL", "http://127.0.0.1:8080")
with open(os.environ.get("REDRESS_KEYS", "keys.json"), encoding="utf-8") as file:
    keys = json.load(file)
integration = AuthenticatedClient(base_url=base, token=keys["integration"])
merchant = AuthenticatedClient(base_url=base, token=keys["py_merchant"])
buyer = AuthenticatedClient(base_url=base, token=keys["py_buyer"])


def check(what, answer):
    if answer is None or isinstance(answer, Problem):
        raise SystemExit(f"{what}: {answer}")
    return answer


run = format(time.time_ns() // 1000, "x")
order_id, ticket_id = f"O-PY-{run}", f"T-PY-{run}"
clock = check("clock", get_clock.sync(client=integration))
now = datetime.datetime.fromisoformat(clock.now.replace("Z", "+00:00"))
price = MoneyDto(amount=20000, currency="CNY")

check(
    "place the order",
    place_order.sync(
        client=integration,
        body=PlaceOrderRequest(
            id=order_id,
            merchant_id="M-PY",
            buyer_id="B-PY",
            items=[
                OrderItemDto(
                    id="I-1",
                    product_id="P-1",
                    category="apparel",
                    quantity=1,
                    amount=price,
                    seven_day_return=True,
                )
            ],
            paid=price,
            paid_at=now - datetime.timedelta(hours=1),
        ),
    ),
)
check(
    "open a ticket",
    open_ticket.sync(
        client=buyer,
        order_id=order_id,
        body=OpenTicketRequest(
            ticket_id=ticket_id,
            kind=TicketKindDto.REFUND_ONLY,
            reason=ReasonDto.DONT_WANT,
            amount=price,
        ),
    ),
)
check(
    "approve",
    ticket_action.sync(
        client=merchant,
        ticket_id=ticket_id,
        body=TicketActionRequestType0(type_=TicketActionRequestType0Type.APPROVE),
    ),
)
check(
    "report the refund paid",
    refund_result.sync(
        client=integration,
        ticket_id=ticket_id,
        body=RefundResultRequestType0(
            type_=RefundResultRequestType0Type.SUCCEEDED,
            payment_reference=f"PAY-{run}",
        ),
    ),
)
ticket = check("read the ticket", get_ticket.sync(client=merchant, ticket_id=ticket_id))
if str(ticket.state) != "refunded":
    raise SystemExit(f"the ticket is {ticket.state}, not refunded")
feed = check("read the feed", list_events.sync(client=merchant, order_id=order_id))
types = [str(event.type_) for event in feed.data]
if "ticket.refunded" not in types:
    raise SystemExit(f"the feed shows {types}")
print(f"python client: ticket {ticket_id} opened, approved and refunded ({', '.join(types)})")
