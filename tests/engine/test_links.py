import re
from urllib.parse import parse_qs, urlsplit

import pytest
from django.test import RequestFactory, override_settings

from saleor_stepmail.engine.dispatch import dispatch_due
from saleor_stepmail.engine.enrollment import record_event
from saleor_stepmail.engine.links import links_tracked, public_root
from saleor_stepmail.engine.tokens import click_token_read
from saleor_stepmail.models import Delivery, Step

from ..conftest import PUBLIC_URL
from ..factories import make_scenario, order_created

pytestmark = pytest.mark.django_db

BODY = (
    '<p><a href="https://shop.example/p/tea?color=green&amp;size=s">Tea</a>'
    "<a class='b' HREF='http://shop.example/cart'>Cart</a>"
    '<a href="mailto:help@shop.example">Mail us</a> <a href="tel:+81312345678">Call</a>'
    '<a href="#top">Top</a> <a href="https://shop.example/?utm_campaign=autumn">Sale</a></p>'
)


def _hrefs(html: str) -> list[str]:
    return re.findall(r"""href=["']([^"']*)""", html, flags=re.IGNORECASE)


def _target(href: str) -> str:
    token = href.removeprefix(f"{PUBLIC_URL}/t/c/").removesuffix("/")
    return click_token_read(token.replace("&amp;", "&"))[1]


@pytest.fixture
def delivery(public_url, clock):
    make_scenario(slug="second-purchase", delays=(0, 3), variants=(("b", 1),))
    record_event(order_created(clock.now))
    return Delivery.objects.select_related("step__scenario", "variant").get(step__position=1)


def test_http_links_go_through_the_click_redirect_with_utm_parameters(delivery):
    tea, cart, mailto, tel, anchor, sale = _hrefs(links_tracked(BODY, delivery=delivery))

    assert tea.startswith(f"{PUBLIC_URL}/t/c/") and cart.startswith(f"{PUBLIC_URL}/t/c/")
    target = urlsplit(_target(tea))
    assert (target.netloc, target.path) == ("shop.example", "/p/tea")
    assert parse_qs(target.query) == {
        "color": ["green"],
        "size": ["s"],
        "utm_source": ["stepmail"],
        "utm_medium": ["email"],
        "utm_campaign": ["second-purchase"],
        "utm_content": ["1/b"],
    }
    assert _target(cart).startswith("http://shop.example/cart?utm_source=stepmail")
    assert (mailto, tel, anchor) == ("mailto:help@shop.example", "tel:+81312345678", "#top")


def test_utm_parameters_the_operator_wrote_are_kept(delivery):
    sale = _hrefs(links_tracked(BODY, delivery=delivery))[-1]

    assert parse_qs(urlsplit(_target(sale)).query)["utm_campaign"] == ["autumn"]


def _one_mail_with_a_link_and_the_footer(clock) -> None:
    scenario = make_scenario(delays=(0,))
    Step.objects.filter(scenario=scenario).update(
        html_template='<a href="https://shop.example/p/tea">Tea</a>'
        '{% include "saleor_stepmail/email/footer.html" %}'
    )
    record_event(order_created(clock.now))


def test_sent_mail_has_tracked_links_open_pixel_and_unsubscribe(public_url, clock, outbox):
    _one_mail_with_a_link_and_the_footer(clock)

    dispatch_due(now=clock.now)

    message = outbox[0]
    html = message.alternatives[0][0]
    tea, unsubscribe = _hrefs(html)
    assert _target(tea).startswith("https://shop.example/p/tea?utm_source=stepmail")
    assert unsubscribe.startswith(f"{PUBLIC_URL}/u/")
    assert f'<img src="{PUBLIC_URL}/t/o/' in html
    assert message.extra_headers["List-Unsubscribe"] == f"<{unsubscribe}>"
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_plain_text_links_are_not_rewritten(public_url, clock, outbox):
    scenario = make_scenario(delays=(0,))
    Step.objects.filter(scenario=scenario).update(text_template="https://shop.example/p/tea")
    record_event(order_created(clock.now))

    dispatch_due(now=clock.now)

    assert outbox[0].body == "https://shop.example/p/tea"


def test_tracking_off_leaves_links_alone_but_keeps_unsubscribe(tracking_off, clock, outbox):
    _one_mail_with_a_link_and_the_footer(clock)

    dispatch_due(now=clock.now)

    html = outbox[0].alternatives[0][0]
    tea, unsubscribe = _hrefs(html)
    assert tea == "https://shop.example/p/tea"
    assert unsubscribe.startswith(f"{PUBLIC_URL}/u/") and "/t/o/" not in html
    assert "List-Unsubscribe" in outbox[0].extra_headers


def test_without_public_url_mail_has_no_tracking_and_no_unsubscribe_header(
    no_public_url, clock, outbox
):
    make_scenario(delays=(0,))
    record_event(order_created(clock.now))

    dispatch_due(now=clock.now)

    assert "/t/" not in outbox[0].alternatives[0][0]
    assert "List-Unsubscribe" not in outbox[0].extra_headers


MANIFEST = "/plugins/stepmail/app/manifest/"


def _manifest_request(settings):
    settings.ALLOWED_HOSTS = ["127.0.0.1"]
    return RequestFactory().get(MANIFEST, HTTP_HOST="127.0.0.1")


def test_configured_public_url_comes_before_the_hosts_root_and_the_request(host_root, settings):
    request = _manifest_request(settings)
    with override_settings(
        STEPMAIL={
            "public_url": f"{PUBLIC_URL}/",
            "integration": "tests.factories.HostKnowsThePluginsRoot",
        }
    ):
        assert public_root(request=request, below="/app/manifest/") == PUBLIC_URL


def test_without_public_url_the_hosts_root_comes_before_the_request(host_root, settings):
    request = _manifest_request(settings)

    assert public_root(request=request, below="/app/manifest/") == host_root


def test_without_public_url_or_a_hosts_root_the_root_is_where_the_request_came(settings):
    request = _manifest_request(settings)
    with override_settings(STEPMAIL={"public_url": ""}):
        assert public_root(request=request, below="/app/manifest/") == (
            "http://127.0.0.1/plugins/stepmail"
        )
        assert public_root() == ""


def test_without_public_url_mail_links_start_at_the_hosts_root(host_root, clock, outbox):
    _one_mail_with_a_link_and_the_footer(clock)

    dispatch_due(now=clock.now)

    tea, unsubscribe = _hrefs(outbox[0].alternatives[0][0])
    assert tea.startswith(f"{host_root}/t/c/")
    assert unsubscribe.startswith(f"{host_root}/u/")
