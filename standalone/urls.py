from django.urls import include, path

from saleor_stepmail.constants import PLUGIN_ID

# The same URL space as inside Saleor: /plugins/<PLUGIN_ID>/...
urlpatterns = [path(f"plugins/{PLUGIN_ID}/", include("saleor_stepmail.urls"))]
