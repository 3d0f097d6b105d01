"""Channels that leave the inbox: a phone call for staff, a paper mail for the printer.

Both write a row in the chunk's transaction instead of calling a provider; the row is the
message. A retried delivery finds its row (one per delivery) instead of adding a second one.
"""

from ...models import CallTask, DirectMailRow
from ...vocabulary import ChannelKind
from ..catalogue import ADDRESS_FIELDS
from .base import Channel, Outgoing, PermanentFailure, Receipt

# Where a Saleor-shaped context keeps an address, most specific first.
ADDRESS_PATHS = (
    ("order", "shipping_address"),
    ("order", "billing_address"),
    ("customer", "default_shipping_address"),
    ("customer", "address"),
)


def context_address(context: dict) -> dict:
    """The customer's postal address from the context, in Saleor's field names; {} if none."""
    for outer, inner in ADDRESS_PATHS:
        address = (context.get(outer) or {}).get(inner)
        if isinstance(address, dict) and address.get("street_address_1"):
            return {key: str(address.get(key) or "") for key in ADDRESS_FIELDS}
    return {}


def context_phone(context: dict) -> str:
    phone = (context.get("customer") or {}).get("phone")
    return str(phone or context_address(context).get("phone") or "")


class CallTaskChannel(Channel):
    kind = ChannelKind.CALL_TASK
    label = {"en": "Phone call by staff", "ja": "電話（スタッフが架電）"}
    test_send_refusal = (
        "a call_task step cannot be test-sent: it would put a call task in the staff's list; "
        "preview the step to read the note"
    )
    transactional = True

    def build_payload(self, outgoing: Outgoing) -> CallTask:
        phone = context_phone(outgoing.context)
        if not phone:
            raise PermanentFailure("no phone number in the customer's or the order's facts")
        # The rendered text is the script for staff: what to say, which order it is about.
        note = "\n\n".join(p for p in (outgoing.message.subject, outgoing.message.text) if p)
        return CallTask(delivery=outgoing.delivery, phone=phone, note=note)

    def transmit(self, payload: CallTask) -> CallTask:
        task, _ = CallTask.objects.get_or_create(
            delivery=payload.delivery, defaults={"phone": payload.phone, "note": payload.note}
        )
        return task

    def parse_result(self, payload: CallTask, result: CallTask) -> Receipt:
        return Receipt(provider_id=f"call-task-{result.pk}")


class DirectMailChannel(Channel):
    kind = ChannelKind.DM_EXPORT
    label = {"en": "Direct mail (printer export)", "ja": "ダイレクトメール（印刷用に書き出し）"}
    test_send_refusal = (
        "a dm_export step cannot be test-sent: it would queue an address for the printer; "
        "preview the step to read the text"
    )
    transactional = True

    def build_payload(self, outgoing: Outgoing) -> DirectMailRow:
        address = context_address(outgoing.context)
        if not address:
            raise PermanentFailure("no postal address in the order's or the customer's facts")
        return DirectMailRow(delivery=outgoing.delivery, address=address)

    def transmit(self, payload: DirectMailRow) -> DirectMailRow:
        row, _ = DirectMailRow.objects.get_or_create(
            delivery=payload.delivery, defaults={"address": payload.address}
        )
        return row

    def parse_result(self, payload: DirectMailRow, result: DirectMailRow) -> Receipt:
        return Receipt(provider_id=f"direct-mail-{result.pk}")
