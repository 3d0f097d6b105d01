"""Steps that leave the inbox: phone calls for staff, paper mail for the printer, vouchers."""

from django.db import models

from ..vocabulary import CallTaskState
from .base import choices_check
from .enrollment import Delivery


class CallTask(models.Model):
    """A phone call a call_task step asks staff to make (a thank-you call on arrival)."""

    delivery = models.OneToOneField(Delivery, on_delete=models.CASCADE, related_name="call_task")
    phone = models.CharField(max_length=64, blank=True)
    state = models.CharField(max_length=8, choices=CallTaskState.choices, default="open")
    note = models.TextField(blank=True)
    done_by = models.CharField(max_length=254, blank=True)
    done_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [choices_check("state", CallTaskState)]
        indexes = [models.Index(fields=["state", "created_at"], name="calltask_state_created")]

    def __str__(self) -> str:
        return f"call task {self.pk} ({self.state})"


class DirectMailRow(models.Model):
    """A customer's postal address queued by a dm_export step for the next printer batch."""

    delivery = models.OneToOneField(Delivery, on_delete=models.CASCADE, related_name="direct_mail")
    address = models.JSONField(default=dict)
    batch = models.CharField(max_length=64, blank=True)
    exported_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [
            models.Index(
                fields=["created_at"],
                condition=models.Q(exported_at__isnull=True),
                name="directmail_unexported",
            ),
            # The retention sweep deletes rows exported long ago (engine/erasure.py).
            models.Index(
                fields=["exported_at"],
                condition=models.Q(exported_at__isnull=False),
                name="directmail_exported",
            ),
        ]

    def __str__(self) -> str:
        return f"direct mail {self.pk}"


class IssuedVoucher(models.Model):
    """A single-use voucher code issued for one delivery; a retried send shows the same code."""

    delivery = models.OneToOneField(Delivery, on_delete=models.CASCADE, related_name="voucher")
    code = models.CharField(max_length=255)
    shop_voucher_id = models.CharField(max_length=64, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        # The tick's expiry sweep filters on expires_at.
        indexes = [models.Index(fields=["expires_at"], name="issuedvoucher_expires")]

    def __str__(self) -> str:
        return f"voucher {self.code}"
