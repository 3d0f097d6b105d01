"""Ways a step reaches a customer: one class per kind, each filling the hooks of base.Channel.

A new channel is a module with its Channel subclass, and its line in CHANNELS below.
"""

from .base import (
    Channel,
    PermanentFailure,
    Receipt,
    Throttled,
    TransientFailure,
    UnregisteredChannel,
)
from .email import EmailChannel
from .line import LineChannel
from .offline import CallTaskChannel, DirectMailChannel
from .webhook import WebhookChannel


class ChannelRegistry(dict[str, Channel]):
    """The channels by kind, in the order the operator page lists them. A kind without a
    channel (a step stored before its module was taken out) answers an UnregisteredChannel,
    which skips the step's mail with the reason instead of failing the chunk."""

    def __missing__(self, kind: str) -> Channel:
        return UnregisteredChannel(kind)


CHANNELS = ChannelRegistry(
    (channel.kind, channel)
    for channel in (
        EmailChannel(),
        WebhookChannel(),
        CallTaskChannel(),
        DirectMailChannel(),
        LineChannel(),
    )
)

__all__ = ["CHANNELS", "Channel", "PermanentFailure", "Receipt", "Throttled", "TransientFailure"]
