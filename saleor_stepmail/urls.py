"""The plugin's own HTTP: served by Saleor under /plugins/<PLUGIN_ID>/ (StepMailPlugin.webhook),
and by the standalone site under the same prefix."""

from django.urls import path

from .dashboard import app as dashboard_app
from .dashboard import views as dashboard
from .graphql.view import graphql_view
from .tracking import views as tracking
from .tracking.line import line_webhook

urlpatterns: list = [
    path("graphql/", graphql_view, name="stepmail-graphql"),
    path("dashboard/", dashboard.page, name="stepmail-dashboard"),
    path("app/manifest/", dashboard_app.manifest, name="stepmail-app-manifest"),
    path("app/register/", dashboard_app.register, name="stepmail-app-register"),
    path("dashboard/static/<str:version>/<path:name>", dashboard.asset, name="stepmail-asset"),
    path("t/c/<str:token>/", tracking.click, name="stepmail-click"),
    path("t/o/<str:token>/", tracking.open_pixel, name="stepmail-open"),
    path("u/<str:token>/", tracking.unsubscribe, name="stepmail-unsubscribe"),
    path("line/webhook/", line_webhook, name="stepmail-line-webhook"),
    path("line/webhook/<slug:channel>/", line_webhook, name="stepmail-line-webhook-channel"),
]
