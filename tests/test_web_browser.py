"""The review app in real headless Chromium: upload the bundled agreement, review it, export Word.

Slow on a cold cache (the 50-page agreement embeds some 2,000 sentences); marked ``browser``.
"""

from __future__ import annotations

import io
from importlib import resources
from pathlib import Path

import docx
import pytest
from _webapp import running_server

from inkaart.report.docxout import QUOTE_STYLE
from inkaart.web import create_app

CHROMIUM = Path("/usr/bin/chromium")
ROOT = Path(__file__).resolve().parents[1]
AGREEMENT = Path(str(resources.files("inkaart") / "data" / "coalitieakkoord-2021-2025.pdf"))
ANALYSIS_LIMIT_MS = 15 * 60 * 1000

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs the Debian chromium package at /usr/bin/chromium"),
]
sync_api = pytest.importorskip("playwright.sync_api", reason="needs the playwright package")


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory):
    folder = tmp_path_factory.mktemp("browser")
    app = create_app(
        f"sqlite:///{folder / 'db.sqlite'}", cache_path=folder / "cache.sqlite", files_dir=folder / "files"
    )
    with running_server(app) as url:
        yield url


@pytest.fixture(scope="module")
def page(base_url: str):
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            args=[
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
            ],
        )
        context = browser.new_context(base_url=base_url, viewport={"width": 1280, "height": 1000})
        yield context.new_page()
        context.close()
        browser.close()


def decide(page, item, button: str, action: str) -> None:
    """Click a decision button and wait until the server confirmed it (after its transaction).

    The agreement's framework is Dutch, so the page is too: ``action`` is the Dutch word the message uses.
    """
    item.locator(f'button[value="{button}"]').click()
    sync_api.expect(page.locator("#flash")).to_contain_text(f"opgeslagen: {action} door tester")
    page.evaluate("document.getElementById('flash').textContent = ''")


def proposal(page, theme_id: str, passage_id: str):
    return page.locator(f'#theme-{theme_id} .proposal[data-passage="{passage_id}"]')


def test_review_the_bundled_agreement_and_export_word(page, tmp_path: Path) -> None:
    page.goto("/")
    page.fill('input[name="reviewer"]', "tester")
    page.click("form.reviewer button")
    page.set_input_files('input[name="file"]', str(AGREEMENT))
    page.select_option('select[name="framework"]', "kwetsbaarheden")
    page.click("#upload button")
    page.wait_for_url("**/analyses/*")
    # The progress block polls every second and reloads the page into the review when done.
    page.wait_for_selector("section.theme", timeout=ANALYSIS_LIMIT_MS)

    items = page.locator(".proposal")
    assert items.count() >= 4
    chosen = [(items.nth(i).get_attribute("data-theme"), items.nth(i).get_attribute("data-passage")) for i in range(4)]
    assert len({pid for _, pid in chosen}) == 4, "four different passages to decide on"
    (accept_theme, accept_pid), (reject_theme, reject_pid), (move_theme, move_pid), _ = chosen

    # Accept one proposal with a narrowed quote, selected in the paragraph as an analyst would.
    accepted = proposal(page, accept_theme, accept_pid)
    selected = accepted.evaluate(
        """item => {
            const text = item.querySelector("mark").firstChild;
            const range = document.createRange();
            range.setStart(text, 0);
            range.setEnd(text, Math.min(text.length, 60));
            window.getSelection().removeAllRanges();
            window.getSelection().addRange(range);
            return range.toString();
        }"""
    )
    accepted.locator("[data-narrow]").dispatch_event("click")
    sync_api.expect(page.locator("#flash")).to_have_text("opgeslagen: geaccepteerd door tester")
    sync_api.expect(proposal(page, accept_theme, accept_pid).locator("mark")).to_have_text(selected)

    decide(page, proposal(page, reject_theme, reject_pid), "reject", "afgewezen")
    assert proposal(page, reject_theme, reject_pid).count() == 0

    moving = proposal(page, move_theme, move_pid)
    moved_quote = moving.locator("mark").inner_text()
    moving.locator("details.move-menu summary").click()
    target = _theme_without(page, moving.locator("details.move-menu button"), move_pid)
    decide(page, moving, target, "verplaatst")
    assert proposal(page, target, move_pid).get_attribute("class").split()[-1] == "status-accepted"

    page.fill('#search input[name="q"]', "krijgsmacht defensie")
    page.select_option('#search select[name="mode"]', "keyword")
    page.click("#search button")
    hit = page.locator(".hit").first
    hit.wait_for()
    added_pid = hit.get_attribute("data-passage")
    add_theme = _theme_without(page, hit.locator('select[name="theme_id"] option'), added_pid)
    hit.locator('select[name="theme_id"]').select_option(add_theme)
    hit.locator("button").click()
    sync_api.expect(page.locator("#flash")).to_have_text("opgeslagen: toegevoegd door tester")
    added_quote = proposal(page, add_theme, added_pid).locator("mark").inner_text()

    page.reload()
    kept = page.locator(".proposal.status-accepted mark, .proposal.status-added mark").all_inner_texts()
    assert sorted(kept) == sorted([selected, moved_quote, added_quote])
    _screenshot(page, accept_theme)

    with page.expect_download() as download_info:
        page.click('a[data-export="docx"]')
    exported = docx.Document(io.BytesIO(Path(download_info.value.path()).read_bytes()))
    quotes = [p.text for p in exported.paragraphs if p.style.name == QUOTE_STYLE]
    assert sorted(quotes) == sorted([selected, moved_quote, added_quote])


def _theme_without(page, options, passage_id: str) -> str:
    """A theme (among a select's options or a menu's buttons) that does not list the passage yet."""
    values = options.evaluate_all("options => options.map(option => option.value)")
    return next(v for v in values if page.locator(f'#theme-{v} [data-passage="{passage_id}"]').count() == 0)


def _screenshot(page, theme_id: str) -> None:
    """The review page at the first decided theme, for the README."""
    page.locator(f"#theme-{theme_id}").scroll_into_view_if_needed()
    page.evaluate(f"document.getElementById('theme-{theme_id}').scrollIntoView()")
    shot = ROOT / "docs" / "review.png"
    shot.parent.mkdir(exist_ok=True)
    page.screenshot(path=str(shot))
    assert shot.stat().st_size > 10_000
