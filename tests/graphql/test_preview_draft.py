"""An editor's live preview: unsaved texts rendered, nothing saved, broken templates named."""

import pytest

from tests.factories import make_scenario

from .conftest import gid, no_errors

pytestmark = pytest.mark.django_db

PREVIEW_DRAFT = """
mutation($id: ID!, $draft: StepmailStepDraftInput) {
  stepmailStepPreview(id: $id, draft: $draft) {
    preview { subject text }
    errors { field message code }
  }
}
"""


def test_preview_renders_unsaved_texts_without_saving_them(api):
    step = make_scenario(delays=(0,)).steps.get()
    draft = {"subjectTemplate": "Welcome back, {{ customer.first_name }}"}

    result = no_errors(
        api(PREVIEW_DRAFT, {"id": gid("StepmailStep", step.pk), "draft": draft}, token="designer"),
        "stepmailStepPreview",
    )

    assert result["preview"] == {"subject": "Welcome back, Hana", "text": "Hello Hana, order 1001."}
    step.refresh_from_db()
    assert step.subject_template.startswith("Step ")


def test_preview_of_a_broken_draft_names_the_field(api):
    step = make_scenario(delays=(0,)).steps.get()
    draft = {"subjectTemplate": "Hi {% if customer %}"}

    payload = api(
        PREVIEW_DRAFT, {"id": gid("StepmailStep", step.pk), "draft": draft}, token="designer"
    )

    (error,) = payload["data"]["stepmailStepPreview"]["errors"]
    assert (error["field"], error["code"]) == ("subjectTemplate", "INVALID_TEMPLATE")
