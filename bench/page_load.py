"""The operator page's first load on loopback: `make page`'s server (standalone.page_settings,
its demo sign-in) on a database of its own, headless Chromium with an empty cache.

Prints the bytes the browser fetched and, from the start of the navigation: the sign-in form
shown (cold cache), the scenario list shown after signing in, and the list shown again on a
reload (warm cache: the files come under a version that is cached for good). The baseline is
the same server's bare HTML page (no script) in the same run. Asserts nothing about time.
"""

import argparse
import os
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _setup import ROOT, bench_django  # noqa: E402

DATABASE = "stepmail_bench_page"
PAGE = "/plugins/stepmail/dashboard/"
# How long after the navigation started the element `css` was first shown, in ms.
SHOWN_AT = """
const [css, done] = arguments;
const check = () => {
  const el = document.querySelector(css);
  if (el && el.offsetParent !== null) done(performance.now());
  else requestAnimationFrame(check);
};
check();
"""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def serve(port: int) -> subprocess.Popen:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "standalone.page_settings",
        "PYTHONPATH": str(ROOT),
    }
    server = subprocess.Popen(
        [sys.executable, "-m", "django", "runserver", f"127.0.0.1:{port}", "--noreload"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return server
        except OSError:
            time.sleep(0.1)
    server.kill()
    raise SystemExit("the page server did not start")


def shown_at(driver, css: str) -> float:
    driver.set_script_timeout(30)
    return driver.execute_async_script(SHOWN_AT, css)


def one_run(url: str) -> dict[str, float]:
    from selenium.webdriver.common.by import By

    from standalone.signin import DEMO_EMAIL, DEMO_PASSWORD
    from tests.dashboard.browser import chromium

    driver = chromium()
    try:
        driver.get(url.replace(PAGE, "/plugins/stepmail/app/manifest/"))
        bare = driver.execute_script(
            "return performance.getEntriesByType('navigation')[0].responseEnd"
        )
        driver.get(url)
        figures = {
            "manifest JSON (baseline)": bare,
            "sign-in form, cold": shown_at(driver, "#signin-email"),
        }
        figures["kB fetched, cold"] = driver.execute_script(
            "return performance.getEntriesByType('resource')"
            ".reduce((n, r) => n + r.transferSize, 0) / 1024"
        )
        driver.find_element(By.ID, "signin-email").send_keys(DEMO_EMAIL)
        driver.find_element(By.ID, "signin-password").send_keys(DEMO_PASSWORD)
        driver.find_element(By.CSS_SELECTOR, "form button[type=submit]").click()
        start = driver.execute_script("return performance.now()")
        figures["scenario list after sign-in"] = shown_at(driver, "table.scenarios") - start
        driver.refresh()
        figures["scenario list, reload (warm)"] = shown_at(driver, "table.scenarios")
        return figures
    finally:
        driver.quit()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    bench_django(DATABASE)
    from saleor_stepmail.presets import scenario_create_from_preset

    scenario_create_from_preset(preset="second-purchase", language="ja")
    port = free_port()
    server = serve(port)
    try:
        runs = [one_run(f"http://127.0.0.1:{port}{PAGE}") for _ in range(args.runs)]
    finally:
        server.terminate()
        server.wait()
    print(f"median of {args.runs} runs, ms from the navigation's start (kB: bytes fetched)")
    for name in runs[0]:
        print(f"  {name:<32} {statistics.median(r[name] for r in runs):8.1f}")


if __name__ == "__main__":
    main()
