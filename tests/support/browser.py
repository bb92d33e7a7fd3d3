"""Headless Chromium for the view tests, driven by Playwright with the system's /usr/bin/chromium.

Playwright never downloads a browser here: it launches `executable_path` (env CHROMIUM, default
/usr/bin/chromium) with a fresh profile folder and flags that stop Chromium's own background
traffic, so the only request a page makes is the one the test is about. When Chromium or the
`playwright` package is missing the tests skip, except on CI (CI=true) where that is a failure.

`open_view(context, path)` loads a file, waits until the network is drawn, and reports console
errors, page errors and every request other than the file itself (those are aborted, not sent).
"""
from __future__ import annotations

import base64
import os
import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from support import unavailable

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
         "--no-first-run"]  # and --headless, which Playwright adds for headless=True
DRAW_TIMEOUT_MS = 60_000
VIEWPORT = {"width": 1200, "height": 900}


@pytest.fixture(scope="session")
def browser_context() -> Iterator[Any]:
    """One headless Chromium (fresh --user-data-dir) for the session, as a Playwright BrowserContext."""
    if not (os.path.isfile(CHROMIUM) and os.access(CHROMIUM, os.X_OK)):
        unavailable(f"Chromium not found at {CHROMIUM} (apt-get install chromium, or set CHROMIUM)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        unavailable("playwright not installed (pip install playwright; no browser download needed)")
    profile = tempfile.mkdtemp(prefix="kg-chromium-")
    try:
        with sync_playwright() as p:
            context = p.chromium.launch_persistent_context(profile, executable_path=CHROMIUM, headless=True,
                                                           args=FLAGS, viewport=VIEWPORT, offline=True)
            try:
                yield context
            finally:
                context.close()
    finally:
        shutil.rmtree(profile, ignore_errors=True)


@dataclass
class LoadedView:
    """A view page after its network was drawn, with what happened while it loaded."""

    page: Any
    url: str
    console_errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)  # every request but the page's own file

    def evaluate(self, script: str, arg: Any = None) -> Any:
        return self.page.evaluate(script, arg)

    def node_count(self) -> int:
        return self.evaluate("() => network.body.data.nodes.length")

    def distinct_colours(self, limit: int = 64) -> int:
        """Distinct pixel colours in a screenshot of the network canvas (up to `limit`): 1 means blank.

        The PNG is decoded by Chromium itself, in a blank page, so no image library is needed.
        """
        png = self.page.locator("#mynetwork").screenshot()
        blank = self.page.context.new_page()
        try:
            return blank.evaluate("""async ([data, limit]) => {
                const img = new Image();
                img.src = "data:image/png;base64," + data;
                await img.decode();
                const canvas = document.createElement("canvas");
                canvas.width = img.width; canvas.height = img.height;
                const ctx = canvas.getContext("2d");
                ctx.drawImage(img, 0, 0);
                const px = ctx.getImageData(0, 0, img.width, img.height).data;
                const seen = new Set();
                for (let i = 0; i < px.length && seen.size < limit; i += 4) {
                    seen.add((px[i] << 16) | (px[i + 1] << 8) | px[i + 2]);
                }
                return seen.size;
            }""", [base64.b64encode(png).decode(), limit])
        finally:
            blank.close()

    def close(self) -> None:
        self.page.close()


def open_view(context: Any, path: str | Path) -> LoadedView:
    """Open an HTML file, wait until vis-network has drawn it (window.kgDrawn), and return what it did."""
    url = Path(path).resolve().as_uri()
    page = context.new_page()
    loaded = LoadedView(page, url)
    page.on("console", lambda msg: loaded.console_errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda err: loaded.console_errors.append(f"page error: {err}"))

    def guard(route: Any) -> None:
        if route.request.url == url:
            route.continue_()
        else:
            loaded.requests.append(route.request.url)
            route.abort()

    page.route("**/*", guard)
    page.goto(url, wait_until="load")
    page.wait_for_function("() => window.kgDrawn === true", timeout=DRAW_TIMEOUT_MS)
    return loaded
