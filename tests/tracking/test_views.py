import time
from urllib.parse import urlsplit

import pytest
from django.test import RequestFactory

from saleor_stepmail.engine.dispatch import dispatch_due
from saleor_stepmail.engine.enrollment import record_event
from saleor_stepmail.engine.links import plugin_url, unsubscribe_url
from saleor_stepmail.engine.tokens import (
    OPEN_SALT,
    click_token_create,
    delivery_token_create,
)
from saleor_stepmail.http import serve
from saleor_stepmail.models import Delivery, DeliveryEvent, Enrollment, Suppression

from ..factories import make_scenario, order_created

pytestmark = pytest.mark.django_db


def _path(url: str) -> str:
    """The standalone site serves the plugin's URL space at the same path as Saleor."""
    return urlsplit(url).path


def test_click_records_the_click_and_redirects_to_the_target(client, sent_delivery):
    token = click_token_create(delivery_id=sent_delivery.pk, url="https://shop.example/p/tea?a=1")

    response = client.get(_path(plugin_url("stepmail-click", token)))

    assert response.status_code == 302
    assert response["Location"] == "https://shop.example/p/tea?a=1"
    click = DeliveryEvent.objects.get(type="clicked")
    assert (click.delivery_id, click.metadata) == (
        sent_delivery.pk,
        {"url": "https://shop.example/p/tea?a=1"},
    )


def test_tampered_or_unknown_click_token_redirects_nowhere(client, sent_delivery):
    token = click_token_create(delivery_id=sent_delivery.pk, url="https://shop.example/")
    evil = click_token_create(delivery_id=sent_delivery.pk, url="https://evil.example/")
    forged = f"{evil.rsplit(':', 1)[0]}:{token.rsplit(':', 1)[1]}"

    for bad in (forged, "not-a-token", token[:-2]):
        response = client.get(_path(plugin_url("stepmail-click", bad)))
        assert response.status_code == 400
        assert "Location" not in response
    assert not DeliveryEvent.objects.filter(type="clicked").exists()


def test_click_link_works_through_the_saleor_plugin_path(sent_delivery):
    token = click_token_create(delivery_id=sent_delivery.pk, url="https://shop.example/")
    request = RequestFactory().get(f"/plugins/stepmail/t/c/{token}/")

    response = serve(request, f"/t/c/{token}/")

    assert (response.status_code, response["Location"]) == (302, "https://shop.example/")


def test_open_pixel_is_a_gif_and_records_an_open(client, sent_delivery):
    token = delivery_token_create(delivery_id=sent_delivery.pk, salt=OPEN_SALT)

    response = client.get(_path(plugin_url("stepmail-open", token)))

    assert response.status_code == 200 and response["Content-Type"] == "image/gif"
    assert response.content.startswith(b"GIF89a")
    assert DeliveryEvent.objects.filter(delivery=sent_delivery, type="opened").count() == 1


def test_an_unsubscribe_token_is_no_open_token(client, sent_delivery):
    path = _path(unsubscribe_url(sent_delivery)).replace("/u/", "/t/o/")

    assert client.get(path).status_code == 400


def test_unsubscribe_page_asks_in_japanese_and_english_and_changes_nothing(client, sent_delivery):
    response = client.get(_path(unsubscribe_url(sent_delivery)))

    page = response.content.decode()
    assert response.status_code == 200
    assert "配信停止" in page and "Unsubscribe" in page and 'method="post"' in page
    assert not Suppression.objects.exists()
    assert Enrollment.objects.get().state == "active"


def test_one_click_post_unsubscribes_from_every_scenario(client, public_url, clock, outbox):
    make_scenario(slug="follow-up", delays=(0, 3))
    make_scenario(slug="newsletter", trigger="order_created", goals=(), delays=(0, 5))
    record_event(order_created(clock.now))
    dispatch_due(now=clock.now)
    assert Enrollment.objects.filter(state="active").count() == 2
    delivery = Delivery.objects.filter(state="sent").first()

    response = client.post(
        _path(unsubscribe_url(delivery)),
        data="List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )

    assert response.status_code == 200 and "配信を停止しました" in response.content.decode()
    assert Suppression.objects.get().reason == "unsubscribed"
    assert set(Enrollment.objects.values_list("state", "exit_reason")) == {
        ("unsubscribed", "unsubscribed")
    }
    assert not Delivery.objects.filter(state="scheduled").exists()
    outbox.clear()
    dispatch_due(now=clock.advance(days=30))
    record_event(order_created(clock.now, order_id="order-3", first=False))
    dispatch_due(now=clock.advance(days=30))
    assert outbox == []


def test_unsubscribing_twice_records_one_event(client, sent_delivery):
    path = _path(unsubscribe_url(sent_delivery))

    client.post(path)
    client.post(path)

    assert DeliveryEvent.objects.filter(type="unsubscribed").count() == 1


def test_tampered_unsubscribe_token_is_refused(client, sent_delivery):
    path = _path(unsubscribe_url(sent_delivery))

    assert client.post(path[:-3] + "x/").status_code == 400
    assert not Suppression.objects.exists()


def test_a_link_in_a_mail_older_than_the_tracking_period_still_works_but_records_nothing(
    client, sent_delivery, monkeypatch
):
    year_and_a_month_ago = time.time() - 400 * 86400
    monkeypatch.setattr("django.core.signing.time.time", lambda: year_and_a_month_ago)
    click = click_token_create(delivery_id=sent_delivery.pk, url="https://shop.example/p/tea")
    pixel = delivery_token_create(delivery_id=sent_delivery.pk, salt=OPEN_SALT)
    monkeypatch.undo()

    clicked = client.get(_path(plugin_url("stepmail-click", click)))
    opened = client.get(_path(plugin_url("stepmail-open", pixel)))

    assert (clicked.status_code, clicked["Location"]) == (302, "https://shop.example/p/tea")
    assert opened.status_code == 200
    assert not DeliveryEvent.objects.filter(type__in=["clicked", "opened"]).exists()
