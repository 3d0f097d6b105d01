"""Small builders for test data: scenarios with steps, and customer events."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from saleor_stepmail.engine.events import Event
from saleor_stepmail.engine.integration import Integration
from saleor_stepmail.models import Scenario, Step, Variant


@dataclass
class Clock:
    now: datetime

    def advance(self, **delta) -> datetime:
        self.now += timedelta(**delta)
        return self.now


def make_scenario(
    *,
    slug: str = "follow-up",
    trigger: str = "first_order",
    goals: tuple[str, ...] = ("purchased_again",),
    delays: tuple[int, ...] = (0, 3, 7),
    reentry: str = "after_exit",
    channels: tuple[str, ...] = (),
    status: str = "active",
    subject: str = "Step {{ step.position }} for {{ customer.first_name|default:'you' }}",
    variants: tuple[tuple[str, int], ...] = (),
) -> Scenario:
    scenario = Scenario.objects.create(
        slug=slug,
        name=slug.replace("-", " ").title(),
        trigger=trigger,
        goals=list(goals),
        reentry=reentry,
        channels=list(channels),
        status=status,
    )
    for position, days in enumerate(delays):
        step = Step.objects.create(
            scenario=scenario,
            position=position,
            delay_days=days,
            subject_template=subject,
            text_template="Hello {{ customer.first_name }}, order {{ order.number }}.",
            html_template="<p>Hello {{ customer.first_name }}, order {{ order.number }}.</p>",
        )
        for name, weight in variants:
            Variant.objects.create(
                step=step, name=name, weight=weight, subject_template=f"[{name}] {subject}"
            )
    return scenario


def order_created(
    at: datetime,
    *,
    email: str = "hana@example.com",
    order_id: str = "order-1",
    first: bool = True,
    paid: bool = True,
    channel: str = "default-channel",
    user_id: str = "",
) -> Event:
    return Event(
        type="order_created",
        occurred_at=at,
        email=email,
        user_id=user_id,
        order_id=order_id,
        channel_slug=channel,
        is_first_order=first,
        is_paid=paid,
        context={"customer": {"first_name": "Hana"}, "order": {"number": order_id}},
    )


def order_event(
    kind: str,
    at: datetime,
    *,
    order_id: str = "order-1",
    email: str = "",
    is_first_order: bool | None = None,
) -> Event:
    return Event(
        type=kind, occurred_at=at, order_id=order_id, email=email, is_first_order=is_first_order
    )


class NoTracking(Integration):
    """A shop whose channel switched tracking off."""

    def tracking_enabled(self, enrollment) -> bool:
        return False


HOST_ROOT = "https://api.host.example/plugins/stepmail"


class HostKnowsThePluginsRoot(Integration):
    """A host that says where it serves the plugin, as Saleor does from its PUBLIC_URL."""

    def public_root(self) -> str:
        return HOST_ROOT
