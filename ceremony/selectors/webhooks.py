"""Reads of the webhooks for the admin: endpoints with their deliveries counted."""

from django.db.models import Q

from ceremony.enums import WebhookStatus
from ceremony.models import WebhookDelivery
from config.core.queries import count_subquery


def webhook_endpoint_list_annotate(queryset):
    """Each endpoint with how many deliveries it has, and how many failed (one query)."""
    return queryset.select_related("event").annotate(
        delivery_count=count_subquery(WebhookDelivery.objects.all(), "endpoint"),
        failed_count=count_subquery(
            WebhookDelivery.objects.filter(Q(status=WebhookStatus.FAILED)), "endpoint"
        ),
    )
