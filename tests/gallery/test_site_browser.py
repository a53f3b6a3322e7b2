"""The static site in headless Chromium from file://: no errors, filters work, links land.

Needs Debian's `chromium` at /usr/bin/chromium and the `playwright` Python package (which
drives it; its own browser download is never used). Screenshots go to a tmp folder.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from needs import missing
from sharing_fixtures import small_gallery

from fusionsmile.gallery.site import write_site

CHROMIUM = Path("/usr/bin/chromium")
if not CHROMIUM.exists():
    missing("Debian's chromium is not installed at /usr/bin/chromium", module_level=True)
sync_api = pytest.importorskip("playwright.sync_api", reason="the playwright package is missing")

ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="module")
def browser() -> Iterator[sync_api.Browser]:
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield launched
        launched.close()


def visible_titles(page: sync_api.Page) -> list[str]:
    return sorted(page.locator(".card:visible .card-title").all_inner_texts())


def test_gallery_in_the_browser(browser: sync_api.Browser, tmp_path: Path) -> None:
    started = time.monotonic()
    gallery, (first, _second, _third, remix) = small_gallery(tmp_path / "gallery")
    index = write_site(gallery, tmp_path / "site")
    shots = tmp_path / "screenshots"
    shots.mkdir()

    page = browser.new_page(viewport={"width": 1280, "height": 900})
    problems: list[str] = []
    page.on("console", lambda message: problems.append(f"console {message.type}: {message.text}")
            if message.type in ("error", "warning") else None)  # fmt: skip
    page.on("pageerror", lambda error: problems.append(f"page error: {error}"))
    page.on("requestfailed", lambda request: problems.append(f"failed: {request.url}"))

    page.goto(index.as_uri())
    page.wait_for_load_state("load")
    all_titles = sorted(entry.title for entry in gallery.entries())
    assert visible_titles(page) == all_titles
    assert page.locator(".card img").evaluate_all(
        "images => images.every(image => image.complete && image.naturalWidth > 0)"
    )
    page.screenshot(path=shots / "index.png", full_page=True)

    page.locator('.chip[data-tag="night"]').click()
    assert visible_titles(page) == ["Lantern grin", "Tide pool"]
    assert page.locator("#shown").inner_text() == "2"
    page.screenshot(path=shots / "tag-night.png")
    page.locator('.chip[data-tag="night"]').click()  # a second click lets go
    assert visible_titles(page) == all_titles

    page.locator('.chip[data-mood="love"]').click()
    assert visible_titles(page) == ["Heartbeat"]
    page.locator("#clear").click()

    page.locator("#search").fill("BIRTHDAY stars")  # story words, any case, all must match
    assert visible_titles(page) == ["Lantern grin"]
    page.locator("#search").fill("lantern")
    assert visible_titles(page) == ["Lantern grin", "Lantern grin, remixed"]
    page.locator("#search").fill("no such smile")
    assert visible_titles(page) == []
    assert page.locator("#empty").is_visible()
    page.screenshot(path=shots / "no-match.png")
    page.locator("#search").fill("")

    page.locator(f'.card[data-id="{remix.id}"] .card-title a').click()
    page.wait_for_load_state("load")
    assert page.url.endswith(f"/entries/{remix.id}.html")
    parent_link = page.locator(".lineage.parents a")
    assert parent_link.all_inner_texts() == ["Lantern grin"]
    assert page.locator(".lineage.parents .unknown").inner_text() == "f" * 12
    downloads = page.locator(".download").evaluate_all("links => links.map(link => link.href)")
    assert len(downloads) == 2  # bundle and picture (no GLB in this gallery)
    for url in downloads:
        assert Path(unquote(urlsplit(url).path)).is_file(), url
    page.screenshot(path=shots / "entry.png", full_page=True)

    parent_link.click()
    page.wait_for_load_state("load")
    assert page.url.endswith(f"/entries/{first.id}.html")
    page.locator(".entry-chips .tags a", has_text="#party").click()  # back to a filtered index
    page.wait_for_load_state("load")
    assert visible_titles(page) == ["Lantern grin", "Lantern grin, remixed"]

    assert problems == []
    page.close()
    print(f"browser test: {time.monotonic() - started:.1f} s, screenshots in {shots}")
