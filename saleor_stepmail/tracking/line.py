"""LINE's webhook: /plugins/stepmail/line/webhook/<channel-slug>/ (docs/line.md).

The URL names the shop channel whose LINE official account sends it, so its channel secret
checks the signature. A bad or missing signature is refused (401) and nothing is written; a
channel without a LINE channel secret answers 404. The answer comes right after the events are
stored: the worker applies them (friends enrolled, profiles read, blocks recorded).
"""

import logging

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from ..api.line_events import BadWebhook, line_events_store, line_signature_valid
from ..engine.integration import current_integration

logger = logging.getLogger(__name__)


@csrf_exempt
@require_POST
def line_webhook(request: HttpRequest, channel: str = "") -> HttpResponse:
    secret = current_integration().line_credentials(channel).channel_secret
    if not secret:
        return JsonResponse(
            {"error": f"LINE is not set up for channel {channel!r}: set its channel secret"},
            status=404,
        )
    body = request.body
    if not line_signature_valid(
        secret=secret, body=body, signature=request.headers.get("X-Line-Signature", "")
    ):
        logger.warning("stepmail: LINE webhook for channel %r refused: bad signature", channel)
        return JsonResponse({"error": "bad X-Line-Signature"}, status=401)
    try:
        stored = line_events_store(body=body, channel_slug=channel)
    except BadWebhook as exc:
        return JsonResponse({"error": str(exc)}, status=400)
    return JsonResponse({"stored": stored})
