"""The app's settings: `STEPMAIL = {...}` in Django settings overrides these defaults."""

from dataclasses import dataclass, fields
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


@dataclass(frozen=True)
class StepMailSettings:
    tick_seconds: int = 30
    batch_size: int = 200
    # Messages sent in one transaction: at most this many are sent again if a worker dies
    # mid-chunk, and a goal event waits at most for this many sends.
    send_chunk_size: int = 25
    # A claimed batch must be sent within the lease, or another worker takes it again.
    lease_seconds: int = 300
    # How long one dispatch task keeps claiming batches before it returns to the worker.
    dispatch_budget_seconds: int = 25
    max_attempts: int = 5
    retry_base_seconds: int = 60
    from_email: str = ""
    # Dotted path to an engine.integration.Integration; the Saleor adapter is used when Saleor is.
    integration: str = ""

    @property
    def lease(self) -> timedelta:
        return timedelta(seconds=self.lease_seconds)


def stepmail_settings() -> StepMailSettings:
    overrides = getattr(settings, "STEPMAIL", {})
    known = {f.name for f in fields(StepMailSettings)}
    unknown = {key.lower() for key in overrides} - known
    if unknown:
        raise ImproperlyConfigured(
            f"Unknown STEPMAIL settings: {', '.join(sorted(unknown))}; "
            f"known: {', '.join(sorted(known))}"
        )
    return StepMailSettings(**{key.lower(): value for key, value in overrides.items()})
