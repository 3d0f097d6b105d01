"""Headless Chromium from the system (Debian's chromium + chromium-driver), driven by Selenium.
No browser is downloaded; without one the browser tests skip and say how to get it."""

import shutil
import tempfile
from pathlib import Path

import pytest

ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts" / "dashboard"
CHROMIUM = next(filter(None, map(shutil.which, ("chromium", "chromium-browser"))), None)
CHROMEDRIVER = shutil.which("chromedriver")
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
)
DESKTOP = (1280, 900)
PHONE = (390, 844)


def chromium(*, language: str = "en-US"):
    """A fresh headless Chromium with its own profile; skips when none is installed."""
    if not (CHROMIUM and CHROMEDRIVER):
        pytest.skip(
            "Chromium not found: `apt-get install chromium chromium-driver` "
            "(scripts/browser does it as root)"
        )
    selenium = pytest.importorskip("selenium.webdriver", reason="pip install -e '.[dev]'")
    from selenium.webdriver.chrome.service import Service

    options = selenium.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in FLAGS:
        options.add_argument(flag)
    profile = tempfile.mkdtemp(prefix="stepmail-chromium-")
    options.add_argument(f"--user-data-dir={profile}")
    options.add_argument(f"--lang={language}")
    downloads = Path(profile) / "downloads"
    options.add_experimental_option(
        "prefs",
        {
            "intl.accept_languages": language,
            # What the page offers for download (CSV exports) lands here, for the tests to read.
            "download.default_directory": str(downloads),
            "download.prompt_for_download": False,
        },
    )
    # The console's messages, for the tests to assert that the page logged no error.
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = selenium.Chrome(options=options, service=Service(executable_path=CHROMEDRIVER))
    driver.set_window_size(*DESKTOP)
    driver.profile_dir = profile
    driver.downloads = downloads
    return driver


def screenshot(driver, name: str, size: tuple[int, int] = DESKTOP, *, ready: str = "") -> Path:
    """The whole page at `size` (width, at least that height) as artifacts/dashboard/<name>.png.
    With `ready` (a CSS selector) the page is loaded again at that size first, as a phone
    would load it, and shot once `ready` shows."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    driver.set_window_size(*size)
    if ready:
        from selenium.webdriver.common.by import By
        from selenium.webdriver.support import expected_conditions
        from selenium.webdriver.support.ui import WebDriverWait

        driver.refresh()
        WebDriverWait(driver, 10).until(
            expected_conditions.visibility_of_element_located((By.CSS_SELECTOR, ready))
        )
    height = driver.execute_script("return document.documentElement.scrollHeight")
    driver.set_window_size(size[0], max(size[1], height + 140))
    path = ARTIFACTS / f"{name}.png"
    driver.save_screenshot(str(path))
    driver.set_window_size(*size)
    return path


def console_errors(driver) -> list[str]:
    """The errors the page logged to the console since the last call (the log is drained)."""
    return [entry["message"] for entry in driver.get_log("browser") if entry["level"] == "SEVERE"]


def fill(element, text: str) -> None:
    """Replace what a field holds, as typing does: emptied the way React sees it (a controlled
    input ignores clear()), then typed."""
    element.parent.execute_script(
        """
        const [field] = arguments;
        const proto = field instanceof HTMLTextAreaElement ? HTMLTextAreaElement : HTMLInputElement;
        Object.getOwnPropertyDescriptor(proto.prototype, "value").set.call(field, "");
        field.dispatchEvent(new Event("input", { bubbles: true }));
        """,
        element,
    )
    element.send_keys(text)
