"""Headless Chromium (Debian's chromium + chromium-driver, installed by `python3 tasks.py test`) driven by selenium,
with the network cut off: every request that is not a file:// or data: URL goes to a closed local port."""

import json
import shutil
from pathlib import Path

import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"


def chromium_available() -> bool:
    return Path(CHROMIUM).exists() and Path(CHROMEDRIVER).exists()


requires_chromium = pytest.mark.skipif(not chromium_available(),
                                       reason="Debian chromium/chromium-driver not installed (python3 tasks.py test installs them)")


def open_page(path: Path, width: int = 1200, height: int = 900):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--proxy-server=127.0.0.1:9", "--proxy-bypass-list=<-loopback>", f"--window-size={width},{height}"):
        options.add_argument(arg)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.get(path.resolve().as_uri())
    return driver


def network_events(driver) -> list[dict]:
    return [json.loads(e["message"])["message"] for e in driver.get_log("performance")]
