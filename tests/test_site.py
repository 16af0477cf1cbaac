"""The documentation site, built the way CI builds it and checked in a real browser.

The site is built with ``mkdocs build --strict`` into a temporary folder, served
by Python's http.server on 127.0.0.1 (a free port, in a thread of this process)
and opened in headless Chromium, Debian's ``chromium`` package driven by
Playwright. Playwright cannot download its own browser here, so a missing
Chromium is a failure that says how to install it, never a silent skip.
"""

from __future__ import annotations

import functools
import os
import re
import shutil
import subprocess
import sys
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urldefrag, urljoin, urlparse

import pytest

from conftest import ROOT

CHROMIUM = Path(os.environ.get("DATELINE_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--no-first-run"]
# A copy of the home page screenshot for people to look at; DATELINE_SITE_SCREENSHOT overrides the place.
SCREENSHOT_COPY = os.environ.get("DATELINE_SITE_SCREENSHOT") or (
    "/work/staging/site_home.png" if Path("/work/staging").is_dir() else "")
SITE_NAME = "Dateline"
TIMEOUT_MS = 20_000


def _need(module: str):
    try:
        return __import__(module)
    except ImportError:
        pytest.fail(f"the site tests need the Python package {module!r}: install the docs extra with "
                    f"`.venv/bin/pip install -e '.[docs]'` (mkdocs, mkdocs-material, mkdocstrings[python], "
                    f"matplotlib, playwright)", pytrace=False)


def nav_pages() -> list[tuple[str, str]]:
    """(title, page source) for every page in the navigation of mkdocs.yml, in order."""
    yaml = _need("yaml")
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))

    def walk(items):
        for item in items:
            if isinstance(item, str):
                yield item, item
                continue
            ((title, value),) = item.items()
            if isinstance(value, list):
                yield from walk(value)
            else:
                yield title, value

    return list(walk(config["nav"]))


def page_url(source: str) -> str:
    """The URL path of a page under MkDocs' directory URLs: guidelines/events.md -> guidelines/events/."""
    path = source[:-3]
    if path == "index" or path.endswith("/index"):
        return path[:-5]
    return path + "/"


# --- fixtures --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    _need("mkdocs")
    out = tmp_path_factory.mktemp("site") / "site"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    proc = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--config-file", str(ROOT / "mkdocs.yml"),
         "--site-dir", str(out)],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, f"mkdocs build --strict failed:\n{proc.stdout}\n{proc.stderr}"
    return out


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the signature is http.server's
        pass


@pytest.fixture(scope="module")
def base_url(site):
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(site)))
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, name="site-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.is_file():
        pytest.fail(
            f"Chromium is missing ({CHROMIUM} not found): the site test runs Debian's chromium package. "
            f"Install it with `make browser` (or `sudo apt-get install -y chromium`), or point "
            f"DATELINE_CHROMIUM at a Chromium binary.", pytrace=False)
    _need("playwright")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        try:
            yield b
        finally:
            b.close()


@pytest.fixture
def page(browser):
    """A fresh page that records JavaScript errors and failed loads; the test fails if there were any."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, service_workers="block")
    context.set_default_timeout(TIMEOUT_MS)
    pg = context.new_page()
    errors: list[str] = []
    pg.on("pageerror", lambda err: errors.append(f"{pg.url}: JavaScript error: {err}"))
    pg.on("console", lambda msg: errors.append(f"{pg.url}: console: {msg.text} ({msg.location.get('url')})")
          if msg.type == "error" else None)
    # ERR_ABORTED is a load cut short by leaving the page (the search worker, typically), not a failure.
    pg.on("requestfailed", lambda req: errors.append(f"{pg.url}: failed to load {req.url}: {req.failure}")
          if urlparse(req.url).hostname == "127.0.0.1" and "ERR_ABORTED" not in (req.failure or "") else None)
    yield pg
    context.close()
    assert errors == [], "the browser reported errors:\n" + "\n".join(errors)


# --- tests -------------------------------------------------------------------------------


def test_every_page_in_the_navigation_renders_with_its_title(page, base_url):
    pages = nav_pages()
    assert pages, "mkdocs.yml has no navigation"
    page.goto(base_url)
    rendered = page.locator("nav.md-nav--primary a.md-nav__link[href]").evaluate_all(
        "links => links.map(a => [a.textContent.trim(), a.href])")
    rendered_titles = [t for t, _ in rendered]
    for title, source in pages:
        assert title in rendered_titles, f"{title!r} ({source}) is not in the rendered navigation"

    for title, source in pages:
        response = page.goto(urljoin(base_url, page_url(source)))
        assert response is not None and response.status == 200, f"{source}: HTTP {response and response.status}"
        home = source == "index.md"
        expected = SITE_NAME if home else f"{title} - {SITE_NAME}"
        assert page.title() == expected, f"{source}: title {page.title()!r}, expected {expected!r}"
        h1 = page.locator("article h1").first
        assert h1.is_visible() and h1.inner_text().strip(), f"{source}: no visible heading"
        body = page.locator("article").inner_text()
        assert len(body.split()) >= 40, f"{source}: the page is nearly empty"
        if not home:
            active = page.locator("nav.md-nav--primary .md-nav__link--active").first.inner_text().strip()
            assert active == title, f"{source}: active navigation entry {active!r}, expected {title!r}"


def test_home_page_screenshot(page, base_url, tmp_path):
    page.goto(base_url)
    page.locator("article h1").first.wait_for()
    shot = tmp_path / "site_home.png"
    page.screenshot(path=str(shot))
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    if SCREENSHOT_COPY:
        Path(SCREENSHOT_COPY).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(shot, SCREENSHOT_COPY)


def test_search_finds_a_guideline_term(page, base_url):
    page.goto(base_url)
    box = page.locator("input.md-search__input")
    box.click()
    box.press_sequentially("factuality", delay=20)  # real key presses: the search listens to them
    results = page.locator(".md-search-result__item a")
    results.first.wait_for()
    hrefs = results.evaluate_all("links => links.map(a => a.href)")
    assert any("/guidelines/events/" in h for h in hrefs), f"search for 'factuality' found {hrefs}"


def test_statistics_charts_are_present(page, base_url):
    charts = sorted(p.name for p in (ROOT / "docs" / "assets" / "charts").glob("*.svg"))
    assert charts, "no charts in docs/assets/charts: run `make build`"
    page.goto(urljoin(base_url, page_url("dataset.md")))
    images = page.locator("article img.dateline-chart")
    images.first.wait_for()
    shown = images.evaluate_all(
        "imgs => imgs.map(i => ({src: i.src, alt: i.alt, ok: i.complete && i.naturalWidth > 0,"
        " width: i.getBoundingClientRect().width}))")
    assert sorted(Path(urlparse(s["src"]).path).name for s in shown) == charts
    for s in shown:
        assert s["ok"], f"chart {s['src']} did not load"
        assert s["alt"], f"chart {s['src']} has no alt text"
        assert s["width"] > 300, f"chart {s['src']} is drawn {s['width']}px wide"
    # The numbers beside the charts are the generated tables.
    assert page.locator("article table").count() >= 2


def test_leaderboard_table_is_present(page, base_url):
    sources = dict((source, title) for title, source in nav_pages())
    if "leaderboard.md" not in sources:
        pytest.skip("no leaderboard page in the navigation yet (it comes with `dateline bench`)")
    page.goto(urljoin(base_url, page_url("leaderboard.md")))
    table = page.locator("article table").first
    table.wait_for()
    assert table.locator("tbody tr").count() >= 1, "the leaderboard table has no rows"


def test_no_broken_internal_links(page, base_url):
    """Crawl every internal link from the home page: every target loads, every #anchor exists."""
    origin = urlparse(base_url).netloc
    pages: dict[str, set[str] | int] = {}  # HTML page -> the ids on it, or the HTTP status it failed with
    assets: dict[str, int] = {}  # anything else -> HTTP status
    links: list[tuple[str, str]] = []  # (page, absolute href)
    todo, seen = [base_url], {base_url}
    while todo:
        url = todo.pop()
        response = page.goto(url)
        if response is None or response.status != 200:
            pages[url] = response.status if response else 0
            continue
        pages[url] = set(page.locator("[id]").evaluate_all("els => els.map(e => e.id)"))
        for href in page.locator("a[href], img[src], link[href]").evaluate_all("els => els.map(e => e.href || e.src)"):
            if urlparse(href).netloc != origin:
                continue
            links.append((url, href))
            target = urldefrag(href)[0]
            if target not in seen:
                seen.add(target)
                if target.endswith(("/", ".html")):
                    todo.append(target)
                else:
                    assets[target] = page.request.get(target).status

    broken = set()
    for source, href in links:
        target, fragment = urldefrag(href)
        found = pages.get(target, assets.get(target))
        if isinstance(found, int) and found != 200:
            broken.add(f"{source} -> {href}: HTTP {found}")
        elif isinstance(found, set) and fragment and fragment not in found:
            broken.add(f"{source} -> {href}: no element with id {fragment!r}")
    assert len(pages) >= len(nav_pages()), f"the crawl reached only {sorted(pages)}"
    assert not broken, "broken internal links:\n" + "\n".join(sorted(broken))


def _python_blocks(markdown: str) -> list[str]:
    return re.findall(r"```python\n(.*?)```", markdown, re.S)


def test_quick_start_snippets_are_short_and_run(tmp_path):
    """The quick start's Python examples run as written, from the repository root, offline."""
    blocks = _python_blocks((ROOT / "docs" / "quickstart.md").read_text(encoding="utf-8"))
    assert len(blocks) >= 2
    env = {**os.environ, "HF_HOME": str(tmp_path / "hf"), "HF_DATASETS_OFFLINE": "1", "HF_HUB_OFFLINE": "1"}
    for code in blocks:
        lines = [line for line in code.splitlines() if line.strip()]
        assert len(lines) <= 5, f"a quick-start example is longer than five lines:\n{code}"
        proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True,
                              timeout=300)
        assert proc.returncode == 0, f"quick-start example failed:\n{code}\n{proc.stderr[-3000:]}"
