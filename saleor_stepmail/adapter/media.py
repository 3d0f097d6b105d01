"""Product images as mails show them: the first image of a product, as a thumbnail URL."""

from django.db.models import QuerySet
from saleor.core.utils import build_absolute_uri
from saleor.product import ProductMediaTypes
from saleor.product.models import ProductMedia
from saleor.thumbnail.utils import get_thumbnail_size, prepare_image_proxy_url

THUMBNAIL_SIZE = 128


def images_first() -> QuerySet[ProductMedia]:
    """A product's images in the order the Dashboard shows them (for prefetching)."""
    return ProductMedia.objects.filter(type=ProductMediaTypes.IMAGE).order_by("sort_order", "pk")


def thumbnail_url(media_id: int) -> str:
    size = get_thumbnail_size(THUMBNAIL_SIZE)
    return build_absolute_uri(prepare_image_proxy_url(media_id, "ProductMedia", size, None))


def product_thumbnails(product_ids: set[int]) -> dict[int, str]:
    """The first image of each product, in one query."""
    first: dict[int, str] = {}
    media = images_first().filter(product_id__in=product_ids).order_by("product_id", "sort_order")
    for product_id, media_id in media.values_list("product_id", "pk"):
        if product_id not in first:
            first[product_id] = thumbnail_url(media_id)
    return first
