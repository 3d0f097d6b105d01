import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]


def test_demo_runs_ten_days_through_a_worker_and_writes_each_mail(tmp_path):
    database = connection.settings_dict
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}/"
        f"{database['NAME']}",
    }

    run = subprocess.run(
        [sys.executable, "-m", "standalone.demo", "--days", "10", "--out", str(tmp_path)],
        env=env,
        cwd=Path(__file__).resolve().parents[1],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )

    assert run.returncode == 0, run.stderr
    assert "misaki@example.com" in run.stdout and "converted  paid" in run.stdout
    assert "converted  purchased_again" in run.stdout
    mails = sorted(tmp_path.glob("*.eml"))
    assert len(mails) == 8  # 花子 3 before buying again, 健 3 so far, 美咲 2 before paying
    first = mails[0].read_bytes()
    assert b"List-Unsubscribe-Post: List-Unsubscribe=One-Click" in first
