"""The review page's own controls in real headless Chromium, on a hand-made analysis (no engine wait).

Language switch, the Move menu's theme names, undo after a reject, and the against-list per theme.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urljoin

import pytest
from _webapp import TINY_FRAMEWORK, fake_result, markdown_document, running_server

from inkaart.review import Store
from inkaart.web import create_app

CHROMIUM = Path("/usr/bin/chromium")
LONG_NAME = "Armoede, schulden en bestaanszekerheid van huishoudens met een laag inkomen in stad en regio"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs the Debian chromium package at /usr/bin/chromium"),
]
sync_api = pytest.importorskip("playwright.sync_api", reason="needs the playwright package")
# The first decision loads the embedder to re-rank with it; later ones answer at once.
sync_api.expect.set_options(timeout=120_000)


@pytest.fixture(scope="module")
def review_url(tmp_path_factory: pytest.TempPathFactory):
    folder = tmp_path_factory.mktemp("ui")
    url = f"sqlite:///{folder / 'db.sqlite'}"
    store = Store(url, folder / "files")
    record = store.add_document("akkoord.md", markdown_document(), 10_000_000)
    analysis_id = store.create_analysis(record.id, framework_yaml=TINY_FRAMEWORK)
    assert store.jobs.claim(analysis_id)
    result = fake_result(store.load_document(record.id))
    result["themes"][1]["name"] = LONG_NAME
    store.jobs.finish(analysis_id, result)
    store.close()
    app = create_app(url, cache_path=folder / "cache.sqlite", files_dir=folder / "files")
    with running_server(app) as base:
        yield f"{base}/analyses/{analysis_id}", result


@pytest.fixture()
def page(review_url):
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=["--headless", "--no-sandbox", "--disable-gpu"]
        )
        context = browser.new_context(viewport={"width": 1280, "height": 1000})
        page = context.new_page()
        page.goto(review_url[0])
        page.fill('input[name="reviewer"]', "tester")
        page.click("form.reviewer button")
        yield page
        context.close()
        browser.close()


def item(page, theme_id: str, passage_id: str, direction: str = "for"):
    selector = ".against-list .proposal" if direction == "against" else "ol.proposals .proposal"
    return page.locator(f'#theme-{theme_id} {selector}[data-passage="{passage_id}"]')


def test_the_page_speaks_the_frameworks_language_and_switches(page) -> None:
    assert page.get_attribute("html", "lang") == "nl", "a Dutch framework opens in Dutch"
    sync_api.expect(page.locator("#theme-klimaat section.against h3")).to_have_text("Werkt tegen")
    assert page.locator('#theme-klimaat button[value="reject"]').first.inner_text() == "Afwijzen"
    page.click('form.language button[value="en"]')
    assert page.get_attribute("html", "lang") == "en"
    sync_api.expect(page.locator("#theme-klimaat section.against h3")).to_have_text("Works against")
    assert page.locator('#theme-klimaat button[value="reject"]').first.inner_text() == "Reject"
    icon = page.get_attribute('link[rel="icon"]', "href")
    assert page.request.get(urljoin(page.url, icon)).status == 200


def test_the_move_menu_shows_whole_theme_names(page, review_url) -> None:
    passage_id = review_url[1]["themes"][0]["contributions"][2]["passage_id"]
    proposal = item(page, "klimaat", passage_id)
    proposal.locator("details.move-menu summary").click()
    target = proposal.locator('details.move-menu button[value="armoede"]')
    sync_api.expect(target).to_have_text(LONG_NAME)
    clipped = target.evaluate("button => button.scrollWidth > button.clientWidth + 1")
    assert not clipped, "the whole name is on screen"
    target.click()
    sync_api.expect(page.locator("#flash")).to_contain_text("door tester")
    sync_api.expect(item(page, "armoede", passage_id)).to_have_class("proposal status-accepted")


def test_a_reject_can_be_undone(page, review_url) -> None:
    passage_id = review_url[1]["themes"][0]["contributions"][0]["passage_id"]
    item(page, "klimaat", passage_id).locator('button[value="reject"]').click()
    sync_api.expect(page.locator("#flash")).to_contain_text("afgewezen door tester")
    sync_api.expect(item(page, "klimaat", passage_id)).to_have_count(0)
    page.locator("#flash button[data-undo]").click()
    sync_api.expect(page.locator("#flash")).to_contain_text("ongedaan gemaakt door tester")
    sync_api.expect(item(page, "klimaat", passage_id)).to_have_class("proposal status-proposed")
    page.reload()
    sync_api.expect(item(page, "klimaat", passage_id)).to_have_class("proposal status-proposed")


def test_against_passages_are_accepted_and_rejected(page, review_url) -> None:
    first, second = (c["passage_id"] for c in review_url[1]["themes"][0]["against"])
    item(page, "klimaat", first, "against").locator('button[value="reject"]').click()
    sync_api.expect(item(page, "klimaat", first, "against")).to_have_count(0)
    rejected = page.locator(f'#theme-klimaat section.against details.rejected li[data-passage="{first}"]')
    sync_api.expect(rejected).to_have_count(1)
    item(page, "klimaat", second, "against").locator('button[value="accept"]').click()
    sync_api.expect(item(page, "klimaat", second, "against")).to_have_class("proposal against-item status-accepted")
    assert item(page, "klimaat", second).count() == 0, "it did not become a contribution"
