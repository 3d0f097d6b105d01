import pytest
from django.test import override_settings

from saleor_stepmail.engine.tokens import (
    OPEN_SALT,
    UNSUBSCRIBE_SALT,
    InvalidToken,
    click_token_create,
    click_token_read,
    delivery_token_create,
    delivery_token_read,
)


def test_click_token_gives_back_its_delivery_and_url():
    token = click_token_create(delivery_id=42, url="https://shop.example/p/tea?x=1")

    assert click_token_read(token) == (42, "https://shop.example/p/tea?x=1")


def test_a_changed_click_token_is_refused():
    payload, signature = click_token_create(delivery_id=42, url="https://shop.example/").rsplit(
        ":", 1
    )
    evil = click_token_create(delivery_id=42, url="https://evil.example/").rsplit(":", 1)[0]

    for tampered in (f"{evil}:{signature}", f"{payload}:{signature[::-1]}", payload, "garbage"):
        with pytest.raises(InvalidToken):
            click_token_read(tampered)


def test_a_token_of_one_kind_is_not_accepted_as_another():
    open_token = delivery_token_create(delivery_id=7, salt=OPEN_SALT)

    with pytest.raises(InvalidToken):
        delivery_token_read(open_token, salt=UNSUBSCRIBE_SALT)
    with pytest.raises(InvalidToken):
        click_token_read(open_token)


def test_tracking_secret_signs_instead_of_secret_key():
    with override_settings(STEPMAIL={"tracking_secret": "one"}):
        token = delivery_token_create(delivery_id=7, salt=UNSUBSCRIBE_SALT)
        assert delivery_token_read(token, salt=UNSUBSCRIBE_SALT) == 7
    with override_settings(STEPMAIL={"tracking_secret": "two"}), pytest.raises(InvalidToken):
        delivery_token_read(token, salt=UNSUBSCRIBE_SALT)
