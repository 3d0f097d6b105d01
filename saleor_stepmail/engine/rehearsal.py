"""A rehearsal: the engine itself, run on recorded history inside a transaction that is rolled
back, so that what it predicts is decided by the code that sends.

Inside `rehearsal_tables()`, the tables the engine writes as it enrols and sends (enrolments,
deliveries and the rows that hang on them) are empty temporary copies of themselves. Postgres
looks a table's name up in the session's temporary schema first, so every statement of the
engine (the ORM's, and chunk.py's own SQL) reads and writes the copies, while scenarios,
steps, the suppression list and the recorded history are the real ones. Real enrolments are
neither seen nor locked, no turn of the shared send rate is taken (sending.RehearsalPool),
and the rollback drops it all.
"""

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime

from django.db import connection, transaction
from django.db.models import Min

from ..models import CallTask, Delivery, DeliveryEvent, DirectMailRow, Enrollment, IssuedVoucher
from ..vocabulary import PENDING_DELIVERY_STATES
from .dispatch import dispatch_rehearsed
from .integration import Integration

# What enrolling and sending write: each gets an empty temporary copy.
SHADOWED = (Enrollment, Delivery, DeliveryEvent, CallTask, DirectMailRow, IssuedVoucher)


@contextmanager
def rehearsal_tables() -> Iterator[None]:
    """A transaction, always rolled back, in which the engine's enrolment tables are empty."""
    quote = connection.ops.quote_name
    with transaction.atomic():
        with connection.cursor() as cursor:
            for model in SHADOWED:
                table = model._meta.db_table
                cursor.execute(
                    """SELECT n.nspname FROM pg_class c
                    JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.oid = to_regclass(%s)""",
                    [table],
                )
                (schema,) = cursor.fetchone()
                cursor.execute(
                    f"CREATE TEMPORARY TABLE {quote(table)} "
                    f"(LIKE {quote(schema)}.{quote(table)} INCLUDING ALL) ON COMMIT DROP"
                )
        try:
            yield
        finally:
            transaction.set_rollback(True)


class RehearsedShop:
    """The shop as a rehearsal of the past must see it, over the host's integration.

    Goals come from the replayed history's events, as they ended enrolments when they
    happened: the shop's data today (a payment made since) would end them too early. Customer
    facts count the orders placed by the moment of each send. Everything else is the shop's.
    """

    def __init__(self, shop: Integration) -> None:
        self._shop = shop
        self.now: datetime | None = None

    def __getattr__(self, name: str):
        return getattr(self._shop, name)

    def goal_signs(self, enrollments: Sequence, *, wanted: dict) -> dict[int, set]:
        return {}

    def customer_facts(self, enrollments: Sequence, *, until: datetime | None = None) -> dict:
        return self._shop.customer_facts(enrollments, until=self.now)


class Clock:
    """Advances a rehearsal from one due delivery to the next, dispatching each as the tick
    would at that moment."""

    def __init__(self, shop: RehearsedShop, *, max_rounds: int) -> None:
        self.shop = shop
        self.max_rounds = max_rounds
        self.rounds = 0

    @property
    def exhausted(self) -> bool:
        return self.rounds >= self.max_rounds

    def run_until(self, moment: datetime | None) -> None:
        """Dispatch everything due before `moment` (None: everything still pending), in the
        order it falls due; what falls due at `moment` waits for the event there."""
        pending = Delivery.objects.filter(state__in=PENDING_DELIVERY_STATES)
        while not self.exhausted:
            due = pending.aggregate(first=Min("available_at"))["first"]
            if due is None or (moment is not None and due >= moment):
                return
            self.shop.now = due
            dispatch_rehearsed(now=due, integration=self.shop)
            self.rounds += 1
