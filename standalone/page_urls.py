from django.urls import path

from . import signin
from .urls import urlpatterns as standalone

# The page signs staff in at /graphql/ of its own origin, as it does inside Saleor.
urlpatterns = [*standalone, path("graphql/", signin.graphql)]
