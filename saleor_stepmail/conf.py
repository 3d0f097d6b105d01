"""The app's settings: defaults, overridden by STEPMAIL_<NAME> environment variables (how a
Saleor deployment sets them, since a plugin cannot edit Saleor's settings.py), overridden by
`STEPMAIL = {...}` in Django settings."""

import os
from dataclasses import dataclass, fields
from datetime import timedelta
from functools import cache

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.signals import setting_changed
from django.dispatch import receiver


@dataclass(frozen=True)
class StepMailSettings:
    tick_seconds: int = 30
    batch_size: int = 200
    # Messages sent in one transaction. A worker has two chunks in flight (engine/dispatch.py):
    # at most twice this many are sent again if it dies, and a goal event waits at most for
    # this many sends and the other chunk's calls queued ahead of them.
    send_chunk_size: int = 25
    # Provider calls in flight at once, per worker process (engine/sending.py). As many as a
    # chunk holds: its calls go out in one wave, and a chunk takes about one round trip.
    send_concurrency: int = 25
    # The longest one provider call or webhook request may take, all of it (connect, send,
    # answer), not per socket read. A goal exit waits at most ceil(2 * send_chunk_size /
    # send_concurrency) times this for a chunk in flight.
    send_timeout_seconds: int = 30
    # Sends per second across all workers and machines, through one budget in Postgres
    # (engine/budget.py); 0: no limit.
    max_sends_per_second: float = 0
    # When more is due than one batch, the tick queues this many more dispatch tasks, so that
    # other worker processes share the backlog (each claims with SKIP LOCKED).
    dispatch_fanout: int = 4
    # Inbound hook events applied per transaction (engine/inbox.py).
    inbound_batch_size: int = 50
    # A claimed batch must be sent within the lease, or another worker takes it again.
    lease_seconds: int = 300
    # How long one dispatch task keeps claiming batches before it returns to the worker.
    dispatch_budget_seconds: int = 25
    max_attempts: int = 5
    retry_base_seconds: int = 60
    from_email: str = ""
    # Quiet hours: mail goes out only in this window ("09:00-21:00"), in the scenario's time
    # zone; empty means any time. Inside Saleor the channel's plugin configuration decides.
    send_window: str = ""
    # Across all scenarios, per customer: at most this many step mails a day / a week (0: no
    # cap). The rest wait, they are not dropped.
    max_mails_per_day: int = 0
    max_mails_per_week: int = 0
    # Dotted path to an engine.integration.Integration; the Saleor adapter is used when Saleor is.
    integration: str = ""
    # The storefront page that confirms a subscription; the mail links to it with ?token=...
    subscribe_confirm_url: str = ""
    # Asking again re-sends the confirmation only this long after the last one, and twice as
    # long after each further one: someone else's address cannot be flooded through the form.
    subscribe_resend_minutes: int = 15
    # Confirmation mails per hour across all addresses; more requests are refused (0: no cap).
    subscribe_confirmations_per_hour: int = 1000
    # Confirmation mails per hour asked for by one client (IP address); more are refused, so
    # that one caller cannot use up the shop's hourly number (0: no cap).
    subscribe_confirmations_per_client_hour: int = 10
    # Days the plugin keeps history that nothing reads any more: the shop's hook events after
    # they were applied (but those the integration reads back: standalone, the order history),
    # checkout snapshots after their last change, direct-mail rows after their export. The
    # tick deletes older ones (engine/erasure.py). 0 keeps them forever.
    retention_days: int = 400
    # Webhook steps may reach private, loopback and link-local addresses (an internal SMS or
    # call-centre gateway). Off: a staff member's URL cannot probe the shop's own network.
    webhook_private_networks: bool = False
    # The plugin's absolute URL as customers reach it (https://api.shop.example/plugins/stepmail):
    # the base of click, open and unsubscribe links and of the App manifest's URLs. Empty: inside
    # Saleor, its PUBLIC_URL + /plugins/stepmail (engine/links.py public_root).
    public_url: str = ""
    # Signs those links; empty means SECRET_KEY. Changing it breaks links in mail already sent.
    tracking_secret: str = ""
    # A 1x1 image in HTML mail that records opens (when the integration enables tracking).
    track_opens: bool = True
    # Clicks and opens on a mail older than this are not recorded (its links still work).
    tracking_link_days: int = 365
    # An order counts as a conversion of the last mail that touched the customer within these
    # days: after a click, else after an open, else after the send (engine/attribution.py).
    attribution_click_days: int = 7
    attribution_open_days: int = 3
    attribution_send_days: int = 3
    # An A/B winner is called only when every variant has been sent at least this many times.
    experiment_min_sends: int = 100
    # Where the operator page (/plugins/stepmail/dashboard/) signs staff in with tokenCreate:
    # Saleor's own API, on the same origin inside Saleor.
    saleor_api_url: str = "/graphql/"
    # Origins of the Saleor Dashboard that may show the operator page in its frame, space
    # separated (https://dashboard.shop.example). The page's own origin always may; no other
    # site can frame it (clickjacking).
    dashboard_origins: str = ""
    # A checkout with an email and lines, untouched this long, counts as abandoned
    # (engine/abandonment.py). The beat tick looks for them.
    checkout_idle_minutes: int = 60
    # The storefront's cart page for a checkout, with {token} for the checkout's token, e.g.
    # https://shop.example/cart?checkout={token}. Inside Saleor the channel's plugin
    # configuration ("Cart URL") decides. Empty: the mail has no link back to the cart.
    cart_url_template: str = ""
    # Whether checkouts without a customer account (guests) get abandoned-checkout mail.
    # Inside Saleor the channel's plugin configuration decides.
    abandoned_checkout_guests: bool = False
    # When several active scenarios start on the same trigger, a customer enters only the oldest
    # (engine/enrollment.py scenario_enroll). Inside Saleor the channel's plugin configuration
    # decides.
    one_scenario_per_trigger: bool = False
    # LINE (docs/line.md). The Messaging API's base URL: tests point it at a double.
    line_api_url: str = "https://api.line.me"
    # Every LINE request (push, profile, ID-token verify) ends within this many seconds in all.
    line_timeout_seconds: int = 10
    # Outside Saleor, the shop's LINE channels; inside Saleor each channel's plugin
    # configuration holds them.
    line_channel_access_token: str = ""
    line_channel_secret: str = ""
    line_login_channel_id: str = ""
    line_login_channel_secret: str = ""

    @property
    def lease(self) -> timedelta:
        return timedelta(seconds=self.lease_seconds)

    @property
    def checkout_idle(self) -> timedelta:
        return timedelta(minutes=self.checkout_idle_minutes)


def _parse(kind: type, name: str, raw: str):
    if kind is bool:
        if raw.lower() not in {"1", "0", "true", "false", "yes", "no"}:
            raise ImproperlyConfigured(
                f"STEPMAIL_{name.upper()} must be true or false, not {raw!r}"
            )
        return raw.lower() in {"1", "true", "yes"}
    try:
        return kind(raw)
    except ValueError:
        raise ImproperlyConfigured(
            f"STEPMAIL_{name.upper()} must be a {kind.__name__}, not {raw!r}"
        ) from None


@cache
def stepmail_settings() -> StepMailSettings:
    """Read once per process (the dispatch path asks several times per mail); a change of the
    STEPMAIL setting, as tests make with override_settings, reads it again."""
    values = {
        f.name: _parse(f.type, f.name, os.environ[f"STEPMAIL_{f.name.upper()}"])
        for f in fields(StepMailSettings)
        if f"STEPMAIL_{f.name.upper()}" in os.environ
    }
    overrides = {key.lower(): value for key, value in getattr(settings, "STEPMAIL", {}).items()}
    known = {f.name for f in fields(StepMailSettings)}
    unknown = set(overrides) - known
    if unknown:
        raise ImproperlyConfigured(
            f"Unknown STEPMAIL settings: {', '.join(sorted(unknown))}; "
            f"known: {', '.join(sorted(known))}"
        )
    return StepMailSettings(**{**values, **overrides})


@receiver(setting_changed)
def _reread_on_change(*, setting: str, **kwargs) -> None:
    if setting == "STEPMAIL":
        stepmail_settings.cache_clear()
