"""The HTML report in a real headless browser: it renders, Vietnamese reads right, and
nothing is fetched from the network.

Chromium (Debian's package, `make browser`) is driven over its DevTools pipe: the page
is opened from a file, every request the page makes is recorded, its text is read back
from the DOM and a screenshot is kept in ``tests/.artifacts/`` (git-ignored). A page that
does fetch something is opened the same way, so the check is seen to catch a fetch.
``tests/conftest.py`` leaves this module out when no Chromium is installed.
"""

from __future__ import annotations

import base64
import json
import os
import select
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import danvan
from danvan import Dataset, Observation, Period, Report, parse_quantity

ARTIFACTS = Path(__file__).parent / ".artifacts"
BROWSERS = ("chromium", "chromium-browser", "google-chrome")


def browser() -> str | None:
    """The Chromium on this machine, or None."""
    return next((found for name in BROWSERS if (found := shutil.which(name))), None)


class Chromium:
    """A headless Chromium driven over its DevTools pipe (file descriptors 3 and 4)."""

    def __init__(self, executable: str, profile: Path) -> None:
        to_chrome_r, self._to_chrome = os.pipe()
        self._from_chrome, from_chrome_w = os.pipe()
        # Copies above 4 first, so that placing them at 3 and 4 clobbers nothing.
        reads, writes = os.dup(to_chrome_r), os.dup(from_chrome_w)

        def place() -> None:
            os.dup2(reads, 3)
            os.dup2(writes, 4)

        self.process = subprocess.Popen(
            [
                executable,
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--remote-debugging-pipe",
                "--no-first-run",
                "--disable-background-networking",
                f"--user-data-dir={profile}",
                "--window-size=1200,900",
                "about:blank",
            ],
            preexec_fn=place,
            close_fds=False,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for fd in (to_chrome_r, from_chrome_w, reads, writes):
            os.close(fd)
        self._buffer = b""
        self._next = 0
        self.events: list[dict[str, Any]] = []

    def send(self, method: str, params: dict[str, Any] | None = None, session: str = "") -> int:
        self._next += 1
        message: dict[str, Any] = {"id": self._next, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        os.write(self._to_chrome, json.dumps(message).encode() + b"\0")
        return self._next

    def wait(self, *, reply: int | None = None, event: str = "", timeout: float = 60) -> Any:
        """The reply to message ``reply``, or the next ``event``; every message is kept."""
        until = time.monotonic() + timeout
        while time.monotonic() < until:
            while b"\0" in self._buffer:
                raw, self._buffer = self._buffer.split(b"\0", 1)
                message = json.loads(raw)
                self.events.append(message)
                if reply is not None and message.get("id") == reply:
                    if "error" in message:
                        raise RuntimeError(message["error"])
                    return message["result"]
                if event and message.get("method") == event:
                    return message["params"]
            ready, _, _ = select.select([self._from_chrome], [], [], 0.5)
            if ready:
                chunk = os.read(self._from_chrome, 1 << 20)
                if not chunk:
                    raise RuntimeError("Chromium closed its pipe")
                self._buffer += chunk
        raise TimeoutError(f"no {event or reply} from Chromium in {timeout} s")

    def call(self, method: str, params: dict[str, Any] | None = None, session: str = "") -> Any:
        return self.wait(reply=self.send(method, params, session))

    def close(self) -> None:
        try:
            self.send("Browser.close")
            self.process.wait(timeout=30)
        except (OSError, subprocess.TimeoutExpired):
            self.process.kill()
            self.process.wait()
        finally:
            os.close(self._to_chrome)
            os.close(self._from_chrome)


class Visit:
    """What opening a page showed: its text, its requests, its screenshot."""

    def __init__(self, chrome: Chromium, url: str, screenshot: Path) -> None:
        target = chrome.call("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = chrome.call("Target.attachToTarget", {"targetId": target, "flatten": True})[
            "sessionId"
        ]
        chrome.call("Network.enable", session=session)
        chrome.call("Page.enable", session=session)
        chrome.send("Page.navigate", {"url": url}, session)
        chrome.wait(event="Page.loadEventFired")
        self.text = self.evaluate(chrome, session, "document.body.innerText")
        self.svg_width = self.evaluate(
            chrome,
            session,
            "Math.round(document.querySelector('svg').getBoundingClientRect().width)",
        )
        self.bars = self.evaluate(chrome, session, "document.querySelectorAll('svg rect').length")
        self.scripts_ran = self.evaluate(chrome, session, "window.__ran === true")
        shot = chrome.call(
            "Page.captureScreenshot",
            {"format": "png", "captureBeyondViewport": True},
            session,
        )["data"]
        screenshot.write_bytes(base64.b64decode(shot))
        self.requests = [
            m["params"]["request"]["url"]
            for m in chrome.events
            if m.get("method") == "Network.requestWillBeSent" and m.get("sessionId") == session
        ]

    @staticmethod
    def evaluate(chrome: Chromium, session: str, expression: str) -> Any:
        found = chrome.call(
            "Runtime.evaluate", {"expression": expression, "returnByValue": True}, session
        )
        return found["result"].get("value")


@pytest.fixture(scope="module")
def chrome() -> Iterator[Chromium]:
    executable = browser()
    assert executable is not None  # conftest.py collects this module only with a browser
    with tempfile.TemporaryDirectory() as profile:
        driver = Chromium(executable, Path(profile))
        try:
            yield driver
        finally:
            driver.close()


def _report() -> Report:
    """Tips by province in 2021: an exact figure, estimates, a range, and a name that holds
    markup (which must be shown, never run)."""
    gazetteer = danvan.national_gazetteer()
    hostile = danvan.Place(
        code="99X", name="<script>window.__ran = true</script> Xã Thử", level=danvan.Level.PROVINCE
    )
    places = gazetteer.with_places([hostile])
    figures = [
        ("gần 9.000 tin", "36"),
        ("8.200 tin", "35"),
        ("hơn 3.100 tin", "01"),
        ("từ 400 đến 600 tin", "08"),
        ("70 tin", "99X"),
    ]
    dataset = Dataset(
        places=places,
        observations=[
            Observation(
                id=f"t{i}", metric="tips", value=parse_quantity(text), period=Period.year(2021),
                place=place,
            )
            for i, (text, place) in enumerate(figures)
        ],
    )  # fmt: skip
    result = dataset.aggregate("tips", period=Period.year(2021), by="province")
    return Report.from_aggregation(result, dataset=dataset, show_bounds=True)


def test_the_report_page_renders_in_vietnamese_and_fetches_nothing(chrome: Chromium) -> None:
    """Chromium shows the page: its chart has a bar per figure, its Vietnamese text reads as
    written (estimates marked ≈), markup in a name is text, and the page fetched nothing but
    itself. The screenshot is kept in tests/.artifacts/."""
    ARTIFACTS.mkdir(exist_ok=True)
    page = ARTIFACTS / "report.html"
    page.write_text(_report().to_html(), encoding="utf-8")
    visit = Visit(chrome, page.as_uri(), ARTIFACTS / "report.png")
    assert [page.as_uri()] == visit.requests
    for words in (
        "Tin có giá trị do quần chúng cung cấp",
        "Địa giới hành chính tại ngày",
        "Nam Định",
        "≈ gần 9.000 tin",
        "≈ hơn 3.100 tin",
        "<script>window.__ran = true</script> Xã Thử",
    ):
        assert words in visit.text
    assert (False, True) == (visit.scripts_ran, visit.svg_width > 400)
    assert visit.bars >= 5
    assert (ARTIFACTS / "report.png").read_bytes().startswith(b"\x89PNG")


def test_a_page_that_fetches_is_caught(chrome: Chromium) -> None:
    """The check sees a fetch: a page with an image from the network records its request."""
    ARTIFACTS.mkdir(exist_ok=True)
    page = ARTIFACTS / "fetches.html"
    page.write_text(
        '<!DOCTYPE html><html><body><svg width="10" height="10"><rect width="5" height="5"/>'
        '</svg><img src="http://127.0.0.1:9/x.png"></body></html>',
        encoding="utf-8",
    )
    visit = Visit(chrome, page.as_uri(), ARTIFACTS / "fetches.png")
    assert [page.as_uri(), "http://127.0.0.1:9/x.png"] == visit.requests
