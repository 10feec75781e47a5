"""Screenshot of JupyterLab on the qlaudit kernel showing a Chinese frame (docs/img/jupyterlab_explore.png).

    .venv/bin/python tools/screenshot_lab.py [OUT.png]

Starts a real JupyterLab server (headless, on 127.0.0.1, a random token, ``--allow-root``) on a scratch copy of
``notebooks/explore.ipynb`` (so the committed notebook keeps no outputs) beside a link to ``data/``, opens it in
Debian's headless Chromium with selenium, runs every cell from the Run menu, scrolls to the table of the 侨联工作经费
vouchers and saves the window as PNG (quantised to a palette to stay small). Needs chromium, chromium-driver and
fonts-noto-cjk (``python3 tasks.py test`` installs them as root). Not part of the test suite.
"""

from __future__ import annotations

import json
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
TARGET_CAPTION = "全部凭证，按金额从大到小"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_lab(workdir: Path, port: int, token: str) -> subprocess.Popen:
    settings = workdir / "lab-settings"
    quiet = settings / "@jupyterlab" / "apputils-extension"
    quiet.mkdir(parents=True)
    (quiet / "notification.jupyterlab-settings").write_text(json.dumps({"fetchNews": "false",
                                                                         "checkForUpdates": False}))
    command = [str(BIN / "jupyter"), "lab", "--no-browser", "--allow-root", f"--port={port}", "--ip=127.0.0.1",
               f"--ServerApp.token={token}", f"--notebook-dir={workdir}", f"--LabApp.user_settings_dir={settings}",
               f"--LabApp.workspaces_dir={workdir / 'workspaces'}"]
    server = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=(workdir / "lab.log").open("w"))
    for _ in range(120):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/api/status?token={token}", timeout=2)
            return server
        except OSError:
            time.sleep(0.5)
    server.terminate()
    raise SystemExit(f"JupyterLab did not start; see {workdir / 'lab.log'}")


def browser(width: int, height: int):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium") or "/usr/bin/chromium"
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run", "--lang=zh-CN",
                "--proxy-server=127.0.0.1:9", f"--window-size={width},{height}",
                "--force-device-scale-factor=1"):
        options.add_argument(arg)
    return webdriver.Chrome(service=Service(shutil.which("chromedriver") or "/usr/bin/chromedriver"), options=options)


def wait_for(driver, script: str, seconds: float = 90):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = driver.execute_script(script)
        if value:
            return value
        time.sleep(0.5)
    raise SystemExit(f"timed out waiting for: {script}")


def run_all_cells(driver) -> None:
    from selenium.webdriver.common.by import By

    menu = next(e for e in driver.find_elements(By.CSS_SELECTOR, ".lm-MenuBar-itemLabel") if e.text.strip() == "Run")
    menu.click()
    time.sleep(1)
    items = driver.find_elements(By.CSS_SELECTOR, ".lm-Menu-item")
    next(i for i in items if i.text.strip().startswith("Run All Cells")).click()


def shoot(out: Path, width: int = 1360, height: int = 860) -> None:
    from PIL import Image

    with tempfile.TemporaryDirectory(prefix="qlaudit-lab-") as tmp:
        workdir = Path(tmp)
        (workdir / "notebooks").mkdir()
        shutil.copy(ROOT / "notebooks" / "explore.ipynb", workdir / "notebooks" / "explore.ipynb")
        (workdir / "data").symlink_to(ROOT / "data")
        port, token = free_port(), secrets.token_hex(16)
        server = start_lab(workdir, port, token)
        driver = browser(width, height)
        try:
            driver.get(f"http://127.0.0.1:{port}/lab/tree/notebooks/explore.ipynb?token={token}")
            wait_for(driver, "return document.querySelector('.jp-Notebook .jp-Cell')")
            kernel = wait_for(driver, "const e = document.querySelector('.jp-Toolbar-kernelName');"
                                      "return e && e.textContent.includes('qlaudit') && e.textContent")
            print("kernel:", kernel.strip())
            wait_for(driver, "const e = document.querySelector('.jp-Notebook-ExecutionIndicator');"
                             "return !e || e.getAttribute('data-status') === 'idle'", 60)
            from selenium.webdriver.common.by import By

            driver.find_element(By.CSS_SELECTOR, ".jp-SideBar.jp-mod-left .lm-TabBar-tab.lm-mod-current").click()
            run_all_cells(driver)
            caption = ("return [...document.querySelectorAll('caption')].find("
                       f"c => c.textContent.includes('{TARGET_CAPTION}'))")
            wait_for(driver, caption, 180)
            wait_for(driver, "return [...document.querySelectorAll('.jp-InputArea-prompt')].every("
                             "p => !p.textContent.includes('*'))", 180)
            driver.execute_script("""
                const caption = [...document.querySelectorAll('caption')].find(c => c.textContent.includes(arguments[0]));
                const cell = caption.closest('.jp-Cell');
                cell.scrollIntoView({block: 'start'});
                document.querySelectorAll('.jp-Notebook').forEach(n => n.scrollTop -= 60);
            """, TARGET_CAPTION)
            time.sleep(1.5)
            raw = workdir / "raw.png"
            driver.save_screenshot(str(raw))
        finally:
            driver.quit()
            server.terminate()
            server.wait(timeout=30)
        image = Image.open(raw).convert("RGB").quantize(colors=128, method=Image.Quantize.MEDIANCUT)
        out.parent.mkdir(parents=True, exist_ok=True)
        image.save(out, optimize=True)
    print(f"{out}: {out.stat().st_size // 1024} KB")


if __name__ == "__main__":
    shoot(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / "img" / "jupyterlab_explore.png")
