"""Ways a step reaches a customer. Each channel fills the hooks of channels.base.Channel."""

from ..engine.vocabulary import ChannelKind
from .base import Channel, PermanentFailure, TransientFailure
from .email import EmailChannel

CHANNELS: dict[str, Channel] = {ChannelKind.EMAIL: EmailChannel()}

__all__ = ["CHANNELS", "Channel", "PermanentFailure", "TransientFailure"]
