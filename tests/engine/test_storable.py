from saleor_stepmail.engine.storable import storable_json, storable_text


def test_text_from_outside_loses_nul_and_lone_surrogates_and_is_bounded():
    assert storable_text("accepted\x00 \ud800!", limit=500) == "accepted \ufffd!"
    assert storable_text("x" * 600, limit=500) == "x" * 500
    assert storable_text(ValueError("bad\x00"), limit=10) == "bad"


def test_json_from_outside_is_cleaned_in_keys_and_nested_values():
    assert storable_json({"a\x00": ["b\x00", 1, None, {"c": "\udcff"}]}) == {
        "a": ["b", 1, None, {"c": "\ufffd"}]
    }
