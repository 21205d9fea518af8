"""Development settings of the Gmina Wąchock site (see publishconf.py for production)."""

import os

PROJECT_ROOT = os.path.dirname(os.path.abspath(__file__))

SITENAME = "Miasto i Gmina Wąchock"
SITESUBTITLE = "Oficjalny serwis Urzędu Miasta i Gminy Wąchock"
SITEURL = ""
RELATIVE_URLS = False
DEFAULT_LANG = "pl"
TIMEZONE = "Europe/Warsaw"

PATH = "content"
OUTPUT_PATH = "output"
THEME = "theme"
THEME_STATIC_DIR = "theme"

# The project is installed as a package (`pip install -e .`): plugins are imported by name.
PLUGIN_PATHS = []
PLUGINS = [
    "plugins.validation",
    "plugins.csp",
    "plugins.town",
    "plugins.typography",
    "plugins.news",
    "plugins.photos",
    "plugins.groups",
    "plugins.villages",
    "plugins.waste_collection",
    "plugins.bip",
    "plugins.council",
    "plugins.public_notices",
    "plugins.service_cards",
    "plugins.ledger",
    "plugins.events",
    "plugins.noticeboard",
    "plugins.magazine",
    "plugins.feeds",
    "plugins.alerts",
    "plugins.visit_statistics",
    "plugins.accessibility",
    "plugins.privacy",
    "plugins.search",
    "plugins.incremental",
    "plugins.assets",
    "plugins.sitemap",
    # Last: it compresses what every plugin above has written.
    "plugins.compression",
]

# --- Content locations -------------------------------------------------------
ARTICLE_PATHS = ["aktualnosci"]
PAGE_PATHS = ["pages"]
STATIC_PATHS = ["images", "pliki"]
ARTICLE_TRANSLATION_ID = None  # same-title news are separate documents, never translations
PAGE_TRANSLATION_ID = None
IGNORE_FILES = [".#*", "*~", ".*.swp"]
# Readings of content files are cached by the file's SHA-256 (Pelican's reader layer) and dropped
# when the Markdown settings or the project's code change (plugins/validation); PDF texts, covers and
# asset checks are cached by content hash too.
CACHE_CONTENT = True
LOAD_CONTENT_CACHE = True
CONTENT_CACHING_LAYER = "reader"
CHECK_MODIFIED_METHOD = "sha256"
CACHE_PATH = ".cache"
USE_FOLDER_AS_CATEGORY = False

# --- URLs: readable, transliterated, with the year; see plugins/news ---------
SLUG_REGEX_SUBSTITUTIONS = [
    (r"/", "-"),  # "XII/123/2024" and "XII/12/32024" must not merge
    (r"[^\w\s-]", ""),
    (r"(?u)\A\s*", ""),
    (r"(?u)\s*\Z", ""),
    (r"[-\s]+", "-"),
]
ARTICLE_URL = "aktualnosci/{date:%Y}/{slug}/"
ARTICLE_SAVE_AS = "aktualnosci/{date:%Y}/{slug}/index.html"
PAGE_URL = "{slug}/"
PAGE_SAVE_AS = "{slug}/index.html"
CATEGORY_URL = "aktualnosci/kategoria/{slug}/"
CATEGORY_SAVE_AS = "aktualnosci/kategoria/{slug}/index.html"
TAG_URL = "aktualnosci/tag/{slug}/"
TAG_SAVE_AS = "aktualnosci/tag/{slug}/index.html"
YEAR_ARCHIVE_URL = "aktualnosci/{date:%Y}/"
YEAR_ARCHIVE_SAVE_AS = "aktualnosci/{date:%Y}/index.html"
ARCHIVES_URL = "aktualnosci/archiwum/"
ARCHIVES_SAVE_AS = "aktualnosci/archiwum/index.html"
CATEGORIES_URL = "aktualnosci/kategorie/"
CATEGORIES_SAVE_AS = "aktualnosci/kategorie/index.html"
TAGS_URL = "aktualnosci/tagi/"
TAGS_SAVE_AS = "aktualnosci/tagi/index.html"
NEWS_URL = "aktualnosci/"
NEWS_SAVE_AS = "aktualnosci/index.html"
AUTHOR_SAVE_AS = ""
AUTHORS_SAVE_AS = ""
DRAFT_SAVE_AS = ""
DRAFT_PAGE_SAVE_AS = ""

DIRECT_TEMPLATES = ["index", "news", "archives", "categories", "tags"]
PAGINATED_TEMPLATES = {
    "news": None,
    "category": None,
    "tag": None,
    "period_archives": None,
    "group": None,
}
DEFAULT_PAGINATION = 10
PAGINATION_PATTERNS = (
    (1, "{url}", "{save_as}"),
    (2, "{base_name}/strona/{number}/", "{base_name}/strona/{number}/index.html"),
)
TEMPLATE_PAGES = {
    "404.html": "404.html",
    "sitemap_html.html": "mapa-strony/index.html",
    "search.html": "szukaj/index.html",
}

# Feeds are written by plugins/feeds with feedgen, not by Pelican's own writer.
FEED_ALL_ATOM = None
FEED_ALL_RSS = None
CATEGORY_FEED_ATOM = None
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None

# --- Plugin settings: one validated dict per plugin -------------------------
NEWS = {
    "categories": ["Aktualności", "Komunikaty", "Kultura", "Sport", "Inwestycje", "Oświata"],
    "alert_category": "Komunikaty",
    "home_latest": 6,
    "home_alerts": 3,
}

# The information groups mirror the town's SMS service (shared/seeds report).
GROUPS = {
    "names": [
        "Zagrożenie powodziowe",
        "Marcinków",
        "Parszów",
        "Rataje",
        "Węgłów",
        "Wielka Wieś",
        "Wąchock Północ",
        "Wąchock Południe",
    ],
    "url": "aktualnosci/grupa/{slug}/",
    "save_as": "aktualnosci/grupa/{slug}/index.html",
    "index_url": "aktualnosci/grupy/",
    "index_save_as": "aktualnosci/grupy/index.html",
}

# The BIP's publisher, editors and category tree are in content/dane/bip.yaml; the accessibility
# statement's data in content/dane/dostepnosc.yaml.
BIP = {"register_per_page": 20}

# A page may name a template of its own: "contact" adds the office's data (content/dane/urzad.yaml).
VALIDATION = {"templates": ["contact"]}

VISIT_STATISTICS = {
    "visits_file": "statystyki/odwiedziny-bip.csv",
    "sms_file": "statystyki/informator-sms.csv",
}

SITEMAP = {
    "exclude": ["404.html"],
}

# The search index in sections, each indexed by a Pagefind process of its own: an edit re-indexes its
# own section, and no process holds the whole site's index (plugins/search, README "Incremental builds").
SEARCH = {"sections": ("aktualnosci/", "bip/")}

# The office's facts and the navigation are data files the office edits: content/dane/*.yaml
# (plugins/town, plugins/bip, plugins/accessibility).

MARKDOWN = {
    "extension_configs": {
        # Column alignment as `align`, not `style`: content may carry no style attributes (the gate).
        "markdown.extensions.extra": {
            "tables": {"use_align_attribute": True},
            # The link back from a footnote, said by screen readers: in Polish ("%d" is its number).
            "footnotes": {"BACKLINK_TITLE": "Wróć do miejsca odsyłacza %d w tekście"},
        },
        "markdown.extensions.toc": {"permalink": False},
        "markdown.extensions.smarty": {
            "substitutions": {
                "left-double-quote": "„",
                "right-double-quote": "”",
                "left-single-quote": "‚",
                "right-single-quote": "’",
                "ndash": "–",
                "mdash": "—",
            }
        },
    },
    "output_format": "html5",
}
TYPOGRIFY = False
# Titles and metadata are escaped; rendered Markdown is marked `| safe` where shown.
JINJA_ENVIRONMENT = {"trim_blocks": True, "lstrip_blocks": True, "autoescape": True}
