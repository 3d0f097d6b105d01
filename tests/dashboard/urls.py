"""The standalone site plus the fake Saleor sign-in, for the browser tests only."""

from django.urls import path

from standalone.urls import urlpatterns as standalone

from . import fake_saleor

urlpatterns = [
    *standalone,
    path("saleor/graphql/", fake_saleor.graphql),
    path("dashboard-host/", fake_saleor.dashboard_host),
]
