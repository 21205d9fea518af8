"""The preview's site in memory (wachock.live): a saved news item or page is written again from the
model, byte for byte as a full build writes it, and whatever the model cannot show is left to one."""

import os
import shutil

import pytest

from plugins.core.session import session_of
from tests.sitebuild import PROJECT_ROOT, SETTINGS_FILE, build_site, copy_fixture_content, strict_templates
from tests.test_incremental import NEWS, NEWS_PAGE, STATIC_PAGE
from tests.test_validation_cache import append, cold_build
from wachock import releases
from wachock.live import LiveSite

PAGE = "pages/marcinkow.md"
NEWS_LIST = "aktualnosci/index.html"


@pytest.fixture
def live(tmp_path):
    content = copy_fixture_content(str(tmp_path / "work"))
    overrides = {
        "PATH": content,
        "JINJA_ENVIRONMENT": strict_templates(),
        "CACHE_PATH": os.path.join(os.path.dirname(content), ".cache"),
    }
    site = LiveSite(SETTINGS_FILE, str(tmp_path / "output"), overrides)
    site.build()
    yield site, content
    site.close()


def overlay_files(site: LiveSite) -> dict[str, bytes]:
    found = {}
    for folder, _, names in os.walk(site.overlay):
        for name in names:
            path = os.path.join(folder, name)
            with open(path, "rb") as handle:
                found[os.path.relpath(path, site.overlay)] = handle.read()
    return found


def test_saved_news_item_and_page_are_written_from_memory_as_a_full_build_writes_them(live):
    site, content = live
    release = releases.current_release(site.output)
    append(content, NEWS, "\nDopisek dotyczący terminu sesji budżetowej.\n")
    append(content, PAGE, "\nŚwietlica czynna codziennie.\n")
    update = site.quick_update({os.path.join(content, NEWS), os.path.join(content, PAGE)})
    assert update is not None
    assert {NEWS_PAGE, STATIC_PAGE} <= set(update.own) and NEWS_LIST in update.others
    assert set(overlay_files(site)) == set(update.own)  # the edited pages first, on their own
    site.write_pages(update.others)
    written = overlay_files(site)
    assert "Dopisek dotyczący terminu sesji budżetowej." in written[NEWS_PAGE].decode()
    assert "Świetlica czynna codziennie." in written[STATIC_PAGE].decode()
    # Every page the model wrote is the page a fresh checkout of the edited content builds.
    cold = cold_build(content, site.output, JINJA_ENVIRONMENT=strict_templates())
    assert {name: cold[name] for name in written} == written
    # The published release is not touched: the overlay is only the preview's.
    with open(os.path.join(release, NEWS_PAGE), encoding="utf-8") as handle:
        assert "Dopisek" not in handle.read()
    assert releases.current_release(site.output) == release


def test_a_saved_event_is_written_from_memory_as_a_full_build_writes_it(live):
    site, content = live
    event = "wydarzenia/jarmark.md"
    append(content, event, "\nStoiska czynne do zmroku.\n")
    update = site.quick_update({os.path.join(content, event)})
    assert update is not None
    site.write_pages(update.others)
    written = overlay_files(site)
    own = [name for name in update.own if "Stoiska czynne do zmroku." in written[name].decode()]
    assert own == update.own and len(own) == 1  # the event's own page
    cold = cold_build(content, site.output, JINJA_ENVIRONMENT=strict_templates())
    assert {name: cold[name] for name in written} == written


def test_a_saved_magazine_issue_of_the_demo_is_written_from_memory_as_a_full_build_writes_it(tmp_path):
    content = str(tmp_path / "work" / "content")
    shutil.copytree(os.path.join(PROJECT_ROOT, "content"), content)
    issue = "dookola-wachocka/2025/dookola-wachocka-12.md"
    site = LiveSite(SETTINGS_FILE, str(tmp_path / "output"), {"PATH": content, "CACHE_PATH": str(tmp_path / "c")})
    try:
        site.build()
        append(content, issue, "\nW numerze także przepis na pierniki.\n")
        update = site.quick_update({os.path.join(content, issue)})
        assert update is not None and len(update.own) == 1
        site.write_pages(update.others)
        written = overlay_files(site)
        assert "przepis na pierniki" in written[update.own[0]].decode()
        cold = cold_build(content, site.output)
        assert {name: cold[name] for name in written} == written
    finally:
        site.close()


def test_the_next_quick_update_starts_from_the_last_one(live):
    site, content = live
    append(content, NEWS, "\nPierwszy dopisek.\n")
    assert site.quick_update({os.path.join(content, NEWS)}) is not None
    append(content, NEWS, "\nDrugi dopisek.\n")
    update = site.quick_update({os.path.join(content, NEWS)})
    page = overlay_files(site)[NEWS_PAGE].decode()
    assert update is not None and "Pierwszy dopisek." in page and "Drugi dopisek." in page


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(lambda text: text.replace("Title: Uchwała", "Title: Zmieniona uchwała"), id="a new title"),
        pytest.param(lambda text: text.replace("Tags: budżet, ", "Tags: "), id="a tag less"),
        pytest.param(lambda text: text + '\n<noscript><p title="</noscript>"></noscript>\n', id="refused by the gate"),
        pytest.param(lambda text: text + "\n![Plan]({static}/images/nie-ma-takiego.png)\n", id="a missing image"),
    ],
)
def test_what_memory_cannot_show_is_left_to_a_full_build(live, change):
    site, content = live
    path = os.path.join(content, NEWS)
    with open(path, encoding="utf-8") as handle:
        before = handle.read()
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(change(before))
    _, news = site.contents[path]
    text_before = news.content
    assert site.quick_update({path}) is None
    assert overlay_files(site) == {} and news.content == text_before
    assert session_of(site.settings).state.problems == []  # the full build that follows reports them


def test_new_and_unknown_files_are_left_to_a_full_build(live):
    site, content = live
    assert not site.knows(os.path.join(content, "aktualnosci/nowa.md"))
    assert site.quick_update({os.path.join(content, "aktualnosci/nowa.md")}) is None


def test_only_a_preview_build_keeps_its_model(tmp_path):
    content = copy_fixture_content(str(tmp_path / "work"))
    settings = build_site(content, str(tmp_path / "output"))
    assert "site-model" not in session_of(settings).parts
