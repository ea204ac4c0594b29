"""How fast `aicontract serve` answers on this machine: a real server on a free localhost port,
plain HTTP and Debian's headless chromium (Selenium + chromedriver).

    python benchmarks/web.py          # -n 20 for more rounds

Prints, each as the median (and worst) of N rounds:
- page: GET of each page over HTTP (server time + transfer);
- page load in chromium: navigation start to the load event of /draft/cooperation, and to the
  first check result in the panel (the form built and validated once);
- docx: POST /api/v1/draft?format=docx of the bundled example, first request and then warm;
  and in chromium: click on “下载 .docx” until the file is on disk.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PAGES = ["/", "/draft/cooperation", "/ip-options", "/batch", "/review", "/api"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return (time.perf_counter() - start) * 1000


def fetch(url: str, data: bytes | None = None, headers: dict | None = None) -> bytes:
    request = urllib.request.Request(url, data=data, headers=headers or {}, method="POST" if data else "GET")
    with urllib.request.urlopen(request, timeout=60) as response:
        return response.read()


def line(name: str, values: list[float]) -> str:
    return f"{name:<58} median {statistics.median(values):7.1f} ms   worst {max(values):7.1f} ms   (n={len(values)})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("-n", type=int, default=10, help="rounds per measurement")
    args = parser.parse_args()
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    started = time.perf_counter()
    server = subprocess.Popen([sys.executable, "-m", "aicontract.cli", "serve", "--port", str(port)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        while True:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    break
            except OSError:
                time.sleep(0.05)
        print(f"server ready after {(time.perf_counter() - started) * 1000:.0f} ms (imports, library and templates warmed)")
        example = (ROOT / "examples" / "cooperation.yaml").read_bytes()
        yaml_headers = {"Content-Type": "application/yaml"}
        first = timed(lambda: fetch(base + "/api/v1/draft?format=docx", example, yaml_headers))
        for page in PAGES:
            print(line(f"GET {page}", [timed(lambda: fetch(base + page)) for _ in range(args.n)]))
        print(f"{'POST /api/v1/draft?format=docx (example), first request':<58} {first:7.1f} ms")
        print(line("POST /api/v1/draft?format=docx (example), warm",
                   [timed(lambda: fetch(base + "/api/v1/draft?format=docx", example, yaml_headers)) for _ in range(args.n)]))
        browser_rounds(base, args.n)
    finally:
        server.terminate()
        server.wait(timeout=20)


def browser_rounds(base: str, rounds: int) -> None:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    with tempfile.TemporaryDirectory() as tmp:
        options = webdriver.ChromeOptions()
        options.binary_location = "/usr/bin/chromium"
        for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                         "--window-size=1500,1000", f"--user-data-dir={tmp}/profile"):
            options.add_argument(argument)
        driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
        downloads = Path(tmp) / "downloads"
        downloads.mkdir()
        driver.execute_cdp_cmd("Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(downloads)})
        wait = WebDriverWait(driver, 30, poll_frequency=0.01)
        try:
            driver.get(base + "/draft/cooperation")
            driver.execute_script("localStorage.clear()")
            example = json.loads(fetch(base + "/api/v1/families/cooperation/example"))
            driver.execute_script("localStorage.setItem('aicontract.draft.cooperation', arguments[0])",
                                  json.dumps({"answers": example, "touched": [], "step": 0}))
            loads, checked, downloaded = [], [], []
            for _ in range(rounds):
                driver.get(base + "/draft/cooperation")
                wait.until(lambda d: "尚未检查" not in d.find_element(By.ID, "check-status").text)
                timing = driver.execute_script(
                    "const n = performance.getEntriesByType('navigation')[0]; return [n.loadEventEnd, performance.now()]")
                loads.append(timing[0])
                checked.append(timing[1])
                for old in downloads.iterdir():
                    old.unlink()
                target = downloads / "JZ-ZWAI-2026-001.docx"
                start = time.perf_counter()
                driver.find_element(By.CSS_SELECTOR, "[data-download='docx']").click()
                wait.until(lambda d: target.exists() and target.stat().st_size > 0)
                downloaded.append((time.perf_counter() - start) * 1000)
            print(line("chromium: /draft/cooperation navigation to load event", loads))
            print(line("chromium: /draft/cooperation to the first check result", checked))
            print(line("chromium: click “下载 .docx” to the file on disk (example)", downloaded))
        finally:
            driver.quit()


if __name__ == "__main__":
    os.chdir(ROOT)
    main()
