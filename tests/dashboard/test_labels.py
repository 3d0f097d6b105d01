"""What the engine can name has a label on the operator page in both languages: every fact of
the catalogue (the condition builder lists them by label) and every fixed reason an enrolment
ends with. The page's labels live in frontend/src/i18n/; their unit tests check the schema's
enums, this checks what only the Python side knows."""

import json
from pathlib import Path

import pytest

from saleor_stepmail.api.enrollments import MANUAL_EXIT_REASON
from saleor_stepmail.engine.attribution import HOLDOUT
from saleor_stepmail.engine.catalogue import CATALOGUE
from saleor_stepmail.engine.dispatch import STEP_DEACTIVATED
from saleor_stepmail.engine.enrollment import ALL_STEPS_DONE
from saleor_stepmail.engine.line import UNFOLLOWED
from saleor_stepmail.vocabulary import Goal

I18N = Path(__file__).resolve().parents[2] / "frontend" / "src" / "i18n"
REASONS = [
    *(goal.value for goal in Goal),
    ALL_STEPS_DONE,
    MANUAL_EXIT_REASON,
    UNFOLLOWED,
    HOLDOUT,
    STEP_DEACTIVATED,
    "customer_deleted",
]


@pytest.fixture(params=["en", "ja"])
def labels(request) -> dict[str, str]:
    return json.loads((I18N / f"{request.param}.json").read_text(encoding="utf-8"))


def test_every_fact_of_the_catalogue_has_a_label(labels):
    assert [f.name for f in CATALOGUE if f"fact.{f.name}" not in labels] == []
    assert {f.type for f in CATALOGUE} <= {k.removeprefix("factType.") for k in labels}


def test_every_reason_an_enrolment_ends_with_has_a_label(labels):
    assert [r for r in REASONS if f"reason.{r}" not in labels] == []
