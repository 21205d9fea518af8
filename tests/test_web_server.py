"""The shipped nginx configuration (deploy/nginx/), run by Debian's nginx on 127.0.0.1."""

import gzip
import os
import re
import urllib.parse

import brotli
import pytest
from bs4 import BeautifulSoup

from plugins.csp import DEFAULT_POLICY, policy_text
from tests.browser import CHROMIUM, CHROMIUM_FLAGS

SHORT = "public, max-age=300"
IMMUTABLE = "public, max-age=31536000, immutable"


def sitemap_paths(server) -> list[str]:
    urls = server.sitemap_urls()
    assert len(urls) > 100
    return [urllib.parse.urlsplit(url).path for url in urls]


def files_in(release: str, suffix: str) -> list[str]:
    return sorted(
        "/" + os.path.relpath(os.path.join(folder, name), release)
        for folder, _, names in os.walk(release)
        for name in names
        if name.endswith(suffix) and not name.startswith(".")
    )


def directives(policy: str) -> dict[str, str]:
    return dict(part.strip().split(" ", 1) for part in policy.split(";") if part.strip())


def assert_security_headers(headers) -> None:
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"] == "strict-origin-when-cross-origin"
    assert "camera=()" in headers["permissions-policy"]
    assert headers["strict-transport-security"].startswith("max-age=31536000")
    assert "content-security-policy" in headers


def test_every_sitemap_url_answers_200_as_utf8_html_with_short_cache_and_security_headers(web_server):
    for path in sitemap_paths(web_server):
        status, headers, body = web_server.get(path)
        assert status == 200, path
        assert headers["content-type"] == "text/html; charset=utf-8", path
        assert headers["cache-control"] == SHORT, path
        assert_security_headers(headers)
        assert b"<h1" in body, path


def test_the_header_policy_is_the_pages_policy_plus_what_only_a_header_can_say(web_server):
    _, headers, body = web_server.get("/")
    header = directives(headers["content-security-policy"])
    meta = BeautifulSoup(body, "html.parser").find("meta", attrs={"http-equiv": "Content-Security-Policy"})
    assert directives(meta["content"]) == directives(policy_text(DEFAULT_POLICY))
    assert {k: v for k, v in header.items() if k != "frame-ancestors"} == directives(meta["content"])
    assert header["frame-ancestors"] == "'none'"


def test_feeds_pdfs_and_images_have_their_own_types(web_server):
    release = os.path.realpath(web_server.output)
    expected = {"rss.xml": "application/rss+xml; charset=utf-8", "atom.xml": "application/atom+xml; charset=utf-8"}
    for suffix, content_type in expected.items():
        feeds = files_in(release, suffix)
        assert feeds, suffix
        for path in feeds:
            status, headers, _ = web_server.get(path)
            assert (status, headers["content-type"], headers["cache-control"]) == (200, content_type, SHORT), path
    pdf = files_in(release, ".pdf")[0]
    status, headers, body = web_server.get(pdf)
    assert (status, headers["content-type"]) == (200, "application/pdf") and body.startswith(b"%PDF")
    assert "default-src 'none'" in headers.get_all("content-security-policy")[-1]


def test_a_webp_image_is_served_as_webp(web_server):
    from PIL import Image

    path = os.path.join(os.path.realpath(web_server.output), "images", "proba-typu.webp")
    Image.new("RGB", (4, 4), "red").save(path, "WEBP")
    os.chmod(path, 0o644)
    status, headers, _ = web_server.get("/images/proba-typu.webp")
    assert (status, headers["content-type"]) == (200, "image/webp")


def test_fingerprinted_assets_are_immutable_and_plain_names_are_not(web_server):
    _, _, body = web_server.get("/")
    soup = BeautifulSoup(body, "html.parser")
    assets = [link["href"] for link in soup.find_all("link", rel="stylesheet")]
    assets += [script["src"] for script in soup.find_all("script", src=True)]
    fingerprinted = [url for url in assets if re.search(r"\.[0-9a-f]{10}\.\w+$", url)]
    assert fingerprinted
    for url in fingerprinted:
        status, headers, _ = web_server.get(urllib.parse.urlsplit(url).path)
        assert (status, headers["cache-control"]) == (200, IMMUTABLE), url
    status, headers, _ = web_server.get("/theme/css/site.css")
    assert (status, headers["cache-control"]) == (200, SHORT)


def test_an_svg_opened_on_its_own_is_sandboxed(web_server):
    svg = files_in(os.path.realpath(web_server.output), ".svg")[0]
    status, headers, _ = web_server.get(svg)
    assert status == 200 and headers["content-type"].startswith("image/svg+xml")
    assert any("sandbox" in policy for policy in headers.get_all("content-security-policy"))


def test_an_unknown_address_answers_the_sites_404_page_with_404(web_server):
    with open(os.path.join(web_server.output, "404.html"), "rb") as handle:
        expected = handle.read()
    for path in ("/nie-ma-takiej-strony/", "/aktualnosci/nie-ma.html", "/404.html"):
        status, headers, body = web_server.get(path)
        assert status == 404, path
        assert body == expected, path
        assert headers["content-type"] == "text/html; charset=utf-8"
        assert_security_headers(headers)


def test_dot_files_and_folders_without_an_index_are_not_shown(web_server):
    assert os.path.exists(os.path.join(web_server.output, ".build-record.json"))
    for path in ("/.build-record.json", "/theme/css/", "/theme/", "/images/", "/.git/config"):
        status, _, body = web_server.get(path)
        assert status == 404, path
        assert b"Index of" not in body


@pytest.mark.parametrize("encoding,decode", [("br", brotli.decompress), ("gzip", gzip.decompress)])
def test_precompressed_copies_are_sent_when_asked_for(web_server, encoding, decode):
    release = os.path.realpath(web_server.output)
    for path in ("/", "/aktualnosci/rss.xml", "/theme/css/site.css", "/sitemap.xml"):
        _, plain_headers, plain = web_server.get(path)
        status, headers, body = web_server.get(path, {"Accept-Encoding": f"{encoding}"})
        assert status == 200 and headers["content-encoding"] == encoding, path
        assert "Accept-Encoding" in headers["vary"]
        assert decode(body) == plain, path
        assert headers["content-type"] == plain_headers["content-type"]
        assert "content-encoding" not in plain_headers
    # every text file of the release has both copies, made by the build
    for page in files_in(release, ".html"):
        if os.path.getsize(release + page) >= 256:
            assert os.path.exists(release + page + ".gz") and os.path.exists(release + page + ".br"), page


def test_plain_http_and_the_bare_domain_go_to_the_canonical_https_address(web_server):
    status, headers, _ = web_server.get("/kontakt/", https=False)
    assert (status, headers["location"]) == (301, "https://www.wachock.pl/kontakt/")
    status, headers, _ = web_server.get("/kontakt/", host="wachock.pl")
    assert (status, headers["location"]) == (301, "https://www.wachock.pl/kontakt/")


def test_the_build_status_page_is_served_beside_the_site_and_not_indexed(web_server):
    status, headers, body = web_server.get("/stan-budowania/")
    assert status == 200 and headers["x-robots-tag"] == "noindex" and headers["cache-control"] == "no-store"
    assert "Zmiany opublikowane" in body.decode()
    for path in [*sitemap_paths(web_server)[:1], "/", "/mapa-strony/"]:
        assert b"stan-budowania" not in web_server.get(path)[2]


@pytest.mark.browser
def test_under_the_servers_headers_no_page_type_logs_a_csp_violation_and_search_works(web_server):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_FLAGS + web_server.chromium_flags()
        )
        page = chromium.new_page()
        problems: list[str] = []
        page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
        page.on("pageerror", lambda error: problems.append(str(error)))
        page.on("response", lambda r: problems.append(f"{r.status} {r.url}") if r.status >= 400 else None)
        paths = ["/", "/aktualnosci/", "/kontakt/", "/bip/", "/statystyka-odwiedzin/", "/dookola-wachocka/"]
        for path in paths:
            response = page.goto(web_server.base_url + path)
            assert response.status == 200 and response.headers["content-security-policy"]
        page.goto(web_server.base_url + "/szukaj/?q=deficyt")
        page.wait_for_selector(".pagefind-ui__result-link", timeout=15_000)
        results = page.locator(".pagefind-ui__result-link").all_inner_texts()
        chromium.close()
    assert any("Uchwała Nr XII/85/2024" in title for title in results)
    assert problems == []
