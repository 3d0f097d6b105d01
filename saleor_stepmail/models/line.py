"""LINE users the shop knows: friends of its official account, customers who linked LINE."""

from django.db import models
from django.db.models import Q


class LineUser(models.Model):
    """One LINE user id: whether they follow the shop's account, and which customer they are.

    A friend (from LINE's `follow` webhook event) may never link a shop account; a linked
    customer (from the storefront's LINE Login) may not be a friend yet. `blocked_at` is set by
    `unfollow`: no LINE message reaches them until they add the account again.
    """

    line_user_id = models.CharField(max_length=64, unique=True)
    # The shop channel whose LINE account they follow (the webhook URL's channel).
    channel_slug = models.SlugField(max_length=255, blank=True)
    display_name = models.CharField(max_length=200, blank=True)
    # The linked shop customer (account id and address); empty while not linked.
    user_id = models.CharField(max_length=64, blank=True)
    email = models.EmailField(max_length=254, blank=True)
    linked_at = models.DateTimeField(null=True, blank=True)
    followed_at = models.DateTimeField(null=True, blank=True)
    blocked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user_id"], condition=~Q(user_id=""), name="lineuser_one_per_customer"
            ),
            models.CheckConstraint(
                condition=Q(user_id="") | Q(linked_at__isnull=False),
                name="lineuser_linked_has_time",
            ),
        ]
        indexes = [
            models.Index(fields=["email"], condition=~Q(email=""), name="lineuser_email"),
        ]

    def __str__(self) -> str:
        return f"LINE user {self.pk}"
