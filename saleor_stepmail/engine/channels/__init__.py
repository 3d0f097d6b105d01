"""Ways a step reaches a customer. Each channel fills the hooks of channels.base.Channel."""

from ...vocabulary import ChannelKind
from .base import Channel, PermanentFailure, Receipt, Throttled, TransientFailure
from .email import EmailChannel
from .line import LineChannel
from .offline import CallTaskChannel, DirectMailChannel
from .webhook import WebhookChannel

CHANNELS: dict[str, Channel] = {
    ChannelKind.EMAIL: EmailChannel(),
    ChannelKind.WEBHOOK: WebhookChannel(),
    ChannelKind.CALL_TASK: CallTaskChannel(),
    ChannelKind.DM_EXPORT: DirectMailChannel(),
    ChannelKind.LINE: LineChannel(),
}

__all__ = ["CHANNELS", "Channel", "PermanentFailure", "Receipt", "Throttled", "TransientFailure"]
