"""Fixtures shared by several test modules. Playwright runs one sync instance per thread, so the session's
headless Chromium (support.browser.browser_context) is defined here once, not imported by each module."""
from support.browser import browser_context  # noqa: F401  (pytest fixture)
