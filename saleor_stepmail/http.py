"""Routing what Saleor hands to the plugin's `webhook` to the app's views."""

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import Resolver404, resolve


def serve(request: HttpRequest, path: str) -> HttpResponse:
    """Answer `/plugins/<PLUGIN_ID><path>`; `path` is what follows the plugin id ("/graphql/")."""
    try:
        match = resolve(
            path if path.startswith("/") else f"/{path}", urlconf="saleor_stepmail.urls"
        )
    except Resolver404:
        return JsonResponse({"error": f"no such page: {path}"}, status=404)
    return match.func(request, *match.args, **match.kwargs)
