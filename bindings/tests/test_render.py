"""The brief in a real browser: Debian's chromium, headless, offline. The screenshot
(build/brief_screenshot.png), each chart alone (build/brief_chart*.png) and the printed PDFs
(build/brief.pdf on A4, build/brief-*-letter.pdf on US Letter; poppler's pdftotext reads them)
are kept as artifacts."""

from __future__ import annotations

import re
import subprocess
import tempfile
from pathlib import Path

import pytest
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


def _page_texts(pdf: Path) -> list[str]:
    """Each page's text (poppler's pdftotext)."""
    pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf.read_bytes()))
    texts = []
    for page in range(1, pages + 1):
        done = subprocess.run(["pdftotext", "-layout", "-f", str(page), "-l", str(page), str(pdf), "-"],
                              capture_output=True, text=True, timeout=60)
        assert done.returncode == 0, done.stderr
        texts.append(done.stdout)
    return texts


@pytest.fixture(scope="module")
def kyrgyzstan_brief(artifacts) -> dict:
    """A brief with long default labels (the scenarios' titles) and striking changes: more text on page 1."""
    from inspectsim import brief

    path = artifacts / "test_brief_kyrgyzstan.html"
    text = brief.write_brief(path, "scenarios/kyrgyzstan/baseline.yaml",
                             ["scenarios/kyrgyzstan/unannounced.yaml", "scenarios/kyrgyzstan/unannounced-no-exemption.yaml"],
                             replications=3, years=2)
    return {"path": path, "html": text, "country": "Kyrgyzstan"}


@pytest.mark.parametrize("paper", ["A4", "letter"])
@pytest.mark.parametrize("which", ["kazakhstan", "kyrgyzstan"])
def test_brief_prints_on_two_pages_then_the_appendix(chromium, kazakhstan_brief, kyrgyzstan_brief, artifacts, tmp_path,
                                                     paper, which):
    """A4 and US Letter: the brief fills pages 1 and 2 exactly (nothing spills over), the appendix
    starts on page 3."""
    made = {"kazakhstan": dict(kazakhstan_brief, country="Kazakhstan"), "kyrgyzstan": kyrgyzstan_brief}[which]
    page = made["path"]
    if paper != "A4":
        page = tmp_path / f"brief-{paper}.html"
        page.write_text(made["html"].replace("@page { size: A4;", f"@page {{ size: {paper};"))
    pdf = artifacts / f"brief-{which}-{paper}.pdf"
    if which == "kazakhstan" and paper == "A4":
        pdf = artifacts / "brief.pdf"
    if pdf.exists():
        pdf.unlink()
    log = run_chromium(chromium, page, f"--print-to-pdf={pdf}", "--no-pdf-header-footer")
    assert console_messages(log) == []
    size = {"A4": (595, 842), "letter": (612, 792)}[paper]
    box = re.search(rb"/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)", pdf.read_bytes())
    assert box and (round(float(box.group(1))), round(float(box.group(2)))) == size
    texts = _page_texts(pdf)
    assert len(texts) >= 3, f"{len(texts)} pages"
    assert texts[0].lstrip().startswith(f"{made['country']}: what would change for workers?")
    assert "The inspectorate today" in texts[0]
    assert texts[1].lstrip().startswith("The scenario.")
    assert "The assumptions that matter most" in texts[1] and "Made with inspectsim" in texts[1]
    assert texts[2].lstrip().startswith("Appendix A.")
    assert all("Appendix" not in t for t in texts[:2])
    # Pages 1 and 2 as images (poppler's pdftoppm): ink on each, none in the paper's margins (nothing
    # wider than the page or cut at its foot).
    done = subprocess.run(["pdftoppm", "-r", "50", "-gray", "-png", "-f", "1", "-l", "2", str(pdf), str(tmp_path / "page")],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    for image_path in sorted(tmp_path.glob("page-*.png")):
        with Image.open(image_path) as image:
            grey = image.convert("L")
            width, height = grey.size
            pixels = grey.load()
            margin = round(8 / 25.4 * 50)  # 8 mm, inside the brief's 11-12 mm page margins
            inked = lambda xs, ys: sum(1 for x in xs for y in ys if pixels[x, y] < 160)
            assert inked(range(margin, width - margin), range(margin, height - margin)) > 2000, image_path.name
            for side, xs, ys in (("left", range(margin), range(height)), ("right", range(width - margin, width), range(height)),
                                 ("top", range(width), range(margin)), ("bottom", range(width), range(height - margin, height))):
                assert inked(xs, ys) == 0, f"{image_path.name}: ink in the {side} margin"


def _svgs(page: str) -> list[str]:
    return re.findall(r"<svg.*?</svg>", page, re.S)


def test_every_chart_renders_with_ink_in_chromium(chromium, kazakhstan_brief, tmp_path, artifacts):
    """Each chart alone in the browser: not empty (dark ink, many shades for bands and lines),
    and drawn inside its box (a white margin all round: nothing cut off)."""
    charts = _svgs(kazakhstan_brief["html"])
    assert len(charts) == 3
    for i, svg in enumerate(charts):
        page = tmp_path / f"chart{i}.html"
        page.write_text('<!DOCTYPE html><html><body style="margin:0;background:#fff">'
                        f'<div style="width:760px;padding:20px">{svg}</div></body></html>')
        shot = artifacts / f"brief_chart{i}.png"
        shot.unlink(missing_ok=True)
        run_chromium(chromium, page, f"--screenshot={shot}", "--window-size=800,900", "--hide-scrollbars")
        with Image.open(shot) as image:
            grey = image.convert("L")
            width, height = grey.size
            pixels = grey.load()
            dark = [(x, y) for y in range(0, height, 2) for x in range(0, width, 2) if pixels[x, y] < 100]
            shades = len([n for n in grey.histogram() if n > 0])
        assert len(dark) > 200, f"chart {i} is (nearly) empty"
        assert shades > 40, f"chart {i} has no shades (no bands, no antialiasing)"
        xs, ys = [x for x, _ in dark], [y for _, y in dark]
        assert min(xs) >= 18 and max(xs) <= 782 and min(ys) >= 18, f"chart {i} drawn outside its box"


def test_console_errors_are_caught(chromium, tmp_path):
    """The check above would see a script error, were there one."""
    page = tmp_path / "broken.html"
    page.write_text("<!DOCTYPE html><p>x</p><script>undefinedFunction()</script>")
    log = run_chromium(chromium, page, f"--screenshot={tmp_path / 'broken.png'}", "--window-size=400,300")
    assert any("undefinedFunction" in line for line in console_messages(log))
