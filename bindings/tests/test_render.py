"""The brief in a real browser: Debian's chromium, headless, offline. The screenshot
(build/brief_screenshot.png) and the printed PDF (build/brief.pdf) are kept as artifacts."""

from __future__ import annotations

import re
import subprocess
import tempfile
from pathlib import Path

from PIL import Image  # python3-pil, which python3-matplotlib depends on

CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
    "--disable-extensions",
    "--enable-logging=stderr",
    "--v=0",
]


def run_chromium(chromium: str, page: Path, *flags: str) -> str:
    """Runs chromium on the page with a fresh profile; returns its log (stderr)."""
    with tempfile.TemporaryDirectory(prefix="inspectsim-chromium-") as profile:
        done = subprocess.run(
            [chromium, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", *flags, page.resolve().as_uri()],
            capture_output=True, text=True, timeout=180,
        )
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stderr


def console_messages(log: str) -> list[str]:
    """Lines of the page's console (a page without scripts should have none) and script errors."""
    return [line for line in log.splitlines() if ":CONSOLE" in line or "Uncaught" in line]


def test_brief_renders_in_chromium_without_console_errors(chromium, kazakhstan_brief, artifacts):
    screenshot = artifacts / "brief_screenshot.png"
    if screenshot.exists():
        screenshot.unlink()
    log = run_chromium(chromium, kazakhstan_brief["path"], f"--screenshot={screenshot}", "--window-size=1200,1600",
                       "--hide-scrollbars")
    assert console_messages(log) == [], "\n".join(console_messages(log))
    assert screenshot.exists() and screenshot.stat().st_size > 50_000
    with Image.open(screenshot) as image:
        assert image.size == (1200, 1600)
        grey = image.convert("L")
        histogram = grey.histogram()
    # Not a blank page: text (dark pixels), the page (white), charts (many shades).
    pixels = 1200 * 1600
    assert sum(histogram[:80]) > pixels * 0.01
    assert sum(histogram[250:]) > pixels * 0.3
    assert sum(1 for n in histogram if n > 0) > 100


def test_brief_prints_on_two_pages(chromium, kazakhstan_brief, artifacts):
    pdf = artifacts / "brief.pdf"
    if pdf.exists():
        pdf.unlink()
    log = run_chromium(chromium, kazakhstan_brief["path"], f"--print-to-pdf={pdf}", "--no-pdf-header-footer")
    assert console_messages(log) == []
    pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf.read_bytes()))
    assert pages == 2, f"the brief prints on {pages} pages, not 2"


def test_console_errors_are_caught(chromium, tmp_path):
    """The check above would see a script error, were there one."""
    page = tmp_path / "broken.html"
    page.write_text("<!DOCTYPE html><p>x</p><script>undefinedFunction()</script>")
    log = run_chromium(chromium, page, f"--screenshot={tmp_path / 'broken.png'}", "--window-size=400,300")
    assert any("undefinedFunction" in line for line in console_messages(log))
