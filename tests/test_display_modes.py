"""What people see in every display mode, by computed style in Chromium (the demo site).

axe reports what it can decide; a heading black on black in contrast mode slipped past it. Here every
visible text's colour is compared with the background it actually sits on (WCAG 1.4.3), the focus ring
with the background around it (1.4.11), and no word of a heading, the site's name, a menu item, a
button or a table header may be broken across lines, in each mode: default, "Kontrast", "Większy
tekst", both, the device's `prefers-contrast: more`, `forced-colors: active`, and 200% zoom (a 1280 px
window zoomed to 640 CSS px), at phone and desktop widths.
"""

import json

import pytest

from tests.browser import LocalSite

PAGES = {
    "home": "/",
    "article": "/aktualnosci/2024/ostrzezenie-hydrologiczne-wzrost-stanu-wody-w-kamiennej/",
    "contact": "/kontakt/",
    "village with waste collection": "/solectwo-parszow/",
    "bip document": "/bip/prawo-lokalne/uchwaly-rady-miejskiej/2024/"
    "uchwala-nr-xii-85-2024-w-sprawie-uchwaly-budzetowej-gminy-wachock-na-rok-2025/",
    "bip history": "/bip/prawo-lokalne/uchwaly-rady-miejskiej/2024/"
    "uchwala-nr-xii-85-2024-w-sprawie-uchwaly-budzetowej-gminy-wachock-na-rok-2025/historia/",
    "council session": "/bip/rada-miejska/sesje/2026/xxx-sesja-rady-miejskiej-w-wachocku-25-czerwca-2026-r/",
    "statistics year": "/statystyka-odwiedzin/2019/",
    "councillor": "/bip/rada-miejska/sklad/lukasz-zawada/",
    "bip register": "/bip/rejestr-zmian/",
    "calendar": "/kalendarz/",
    "calendar month": "/kalendarz/miesiac/2026-12/",
    "waste district": "/odbior-odpadow/wachock-polnoc/",
    "service card": "/bip/jak-zalatwic-sprawe/2026/dowod-osobisty/",
    "404": "/404.html",
}
MODES = {
    "default": {},
    "contrast": {"choices": {"contrast": True}},
    "larger text": {"choices": {"text": True}},
    "contrast and larger text": {"choices": {"contrast": True, "text": True}},
    "device asks for more contrast": {"context": {"contrast": "more"}},
    "forced colours": {"context": {"forced_colors": "active", "color_scheme": "dark"}},
}
WIDTHS = (320, 375, 640, 1280)  # 640: a 1280 px window at 200% zoom

CONTRAST = """() => {
  const parse = c => { const m = c.match(/rgba?\\(([^)]+)\\)/); if (!m) return null;
    const p = m[1].split(/[\\s,\\/]+/).filter(Boolean).map(Number);
    return {r: p[0], g: p[1], b: p[2], a: p.length > 3 ? p[3] : 1}; };
  const channel = v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
  const luminance = c => 0.2126 * channel(c.r) + 0.7152 * channel(c.g) + 0.0722 * channel(c.b);
  const ratio = (a, b) => {
    const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p);
    return (x + 0.05) / (y + 0.05);
  };
  const background = element => {
    for (let e = element; e; e = e.parentElement) {
      const c = parse(getComputedStyle(e).backgroundColor);
      if (c && c.a > 0.5) return c;
    }
    return parse(getComputedStyle(document.documentElement).backgroundColor) || {r: 255, g: 255, b: 255, a: 1};
  };
  const failures = [];
  const seen = new Set();
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode, element = node.parentElement;
    if (!node.textContent.trim() || seen.has(element)) continue;
    if (element.closest('svg, [hidden], noscript, script, style')) continue;
    seen.add(element);
    const style = getComputedStyle(element), box = element.getBoundingClientRect();
    if (style.visibility !== 'visible' || box.width < 2 || box.height < 2) continue;
    if (style.clipPath.includes('inset(50%')) continue;  // visually hidden, for screen readers
    const size = parseFloat(style.fontSize), bold = parseInt(style.fontWeight, 10) >= 700;
    const needed = size >= 24 || (bold && size >= 18.66) ? 3 : 4.5;
    const found = ratio(parse(style.color), background(element));
    const what = `${element.tagName.toLowerCase()}.${element.className} „${node.textContent.trim().slice(0, 40)}”`;
    if (found < needed) failures.push(`${what}: ${found.toFixed(2)} < ${needed}`);
  }
  return failures;
}"""

FOCUS = """selector => {
  const element = document.querySelector(selector);
  if (!element) return null;
  element.focus();
  const style = getComputedStyle(element);
  return {outline: style.outlineStyle, width: parseFloat(style.outlineWidth), colour: style.outlineColor,
          shadow: style.boxShadow, focused: document.activeElement === element};
}"""

BROKEN_WORDS = """() => {
  const broken = [];
  const selectors = '.site-brand__name, h1, h2, .site-nav a, button, th, .facts dt, .metryczka dt';
  for (const element of document.querySelectorAll(selectors)) {
    if (element.getBoundingClientRect().width < 2) continue;
    const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) {
      const node = walker.currentNode, text = node.textContent;
      // A line may end after a hyphen ("e-/mail"), as Polish typesetting allows; never inside a word.
      for (const match of text.matchAll(/[^\\s\\u00a0-]+/g)) {
        const range = document.createRange();
        range.setStart(node, match.index);
        range.setEnd(node, match.index + match[0].length);
        const lines = new Set([...range.getClientRects()].filter(r => r.width > 0).map(r => Math.round(r.top)));
        if (lines.size > 1) broken.push(`${element.tagName.toLowerCase()} „${match[0]}”`);
      }
    }
  }
  return broken;
}"""


# Tables whose rows stack on phones never scroll; at desktop width no table does; and the hint under a
# table shows exactly when it scrolls.
SCROLLING_TABLES = """width => [...document.querySelectorAll('.table-scroll')].flatMap(region => {
  const scrolls = region.scrollWidth > region.clientWidth + 1;
  const hint = region.nextElementSibling;
  const problems = [], caption = (region.querySelector('caption') || region).textContent.trim().slice(0, 60);
  if (scrolls && (width >= 1280 || region.classList.contains('table-scroll--stacked'))) problems.push(caption);
  if (hint && hint.classList.contains('table-scroll__hint') && !hint.hidden !== scrolls)
    problems.push('podpowiedź „przewiń” ' + (scrolls ? 'brak' : 'zbędna') + ': ' + caption);
  return problems;
})"""


@pytest.fixture(scope="module")
def site(demo_site):
    with LocalSite(demo_site) as local:
        yield local


def mode_context(browser, mode: dict, width: int, site):
    context = browser.new_context(viewport={"width": width, "height": 800}, locale="pl-PL", **mode.get("context", {}))
    if mode.get("choices"):
        # What display.js remembers from the buttons, in place before the first page runs.
        context.add_init_script(
            f"window.localStorage.setItem('wachock-wyglad', {json.dumps(json.dumps(mode['choices']))})"
        )
    return context


@pytest.mark.browser
@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("mode_name", sorted(MODES))
def test_every_text_is_readable_focus_is_visible_and_no_word_breaks_in_each_display_mode(
    browser, site, mode_name, width
):
    mode = MODES[mode_name]
    context = mode_context(browser, mode, width, site)
    page = context.new_page()
    problems = {}
    try:
        for name, path in PAGES.items():
            page.goto(site.url + path)
            if mode.get("choices", {}).get("contrast"):
                assert page.evaluate("document.documentElement.dataset.contrast") == "high"
            found = [f"kontrast: {failure}" for failure in page.evaluate(CONTRAST)]
            found += [f"słowo złamane: {word}" for word in page.evaluate(BROKEN_WORDS)]
            if page.evaluate("document.documentElement.scrollWidth - window.innerWidth") > 0:
                found.append("strona szersza niż ekran")
            found += [f"tabela przewija się w bok: {caption}" for caption in page.evaluate(SCROLLING_TABLES, width)]
            for selector in ("main a[href]", ".site-header a[href]"):
                focus = page.evaluate(FOCUS, selector)
                if focus and not (focus["focused"] and focus["outline"] != "none" and focus["width"] >= 2):
                    found.append(f"brak widocznego obramowania fokusu: {selector} {focus}")
            if found:
                problems[name] = found
    finally:
        context.close()
    assert problems == {}
