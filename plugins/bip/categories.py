"""The BIP category tree, from the office's data file content/dane/bip.yaml.

Every category has an explicit, permanent slug (its folder under content/bip/ and its URL), so
renaming a category's title moves nothing.
"""

from dataclasses import dataclass, field

from plugins.core.shown import shown_key


@dataclass
class Category:
    title: str
    slug: str
    parent: "Category | None" = None
    own_responsible: str = ""  # "Osoba odpowiedzialna za treść" for documents that name none
    children: list["Category"] = field(default_factory=list)
    documents: list = field(default_factory=list)  # current documents, newest first
    # Pages other plugins publish in this category: (title, URL, note), e.g. councillors, named votes.
    listed: list[tuple[str, str, str]] = field(default_factory=list)

    @property
    def path(self) -> str:
        """Folder below content/bip/ and URL part below bip/: prawo-lokalne/uchwaly-rady-miejskiej."""
        return f"{self.parent.path}/{self.slug}" if self.parent else self.slug

    @property
    def responsible(self) -> str:
        return self.own_responsible or (self.parent.responsible if self.parent else "")

    @property
    def url(self) -> str:
        return f"bip/{self.path}/"

    @property
    def save_as(self) -> str:
        return f"bip/{self.path}/index.html"

    @property
    def lineage(self) -> list["Category"]:
        return ([*self.parent.lineage] if self.parent else []) + [self]

    @property
    def crumbs(self) -> list[tuple[str, str]]:
        return [("BIP", "bip/")] + [(category.title, category.url) for category in self.lineage]

    def walk(self):
        yield self
        for child in self.children:
            yield from child.walk()

    @property
    def document_count(self) -> int:
        return sum(len(category.documents) + len(category.listed) for category in self.walk())

    # What a page may show of it (core.shown): of its documents only what a list shows, so editing a
    # document's text does not make its category's page again. `walk` goes over `children`.
    SHOWN = (
        "title", "url", "crumbs", "lineage.title", "children.title", "children.url", "children.document_count",
        "document_count", "documents.title", "documents.url", "documents.date", "documents.status", "listed",
    )  # fmt: skip
    DERIVED = ("walk",)

    @property
    def record_key(self) -> str:
        return shown_key(self)


def build_tree(categories: list[dict]) -> list[Category]:
    roots = []
    for entry in categories:
        root = Category(entry.get("title", ""), entry.get("slug", ""), own_responsible=entry.get("responsible", ""))
        root.children = [
            Category(
                child.get("title", ""), child.get("slug", ""), parent=root, own_responsible=child.get("responsible", "")
            )
            for child in entry.get("children", [])
        ]
        roots.append(root)
    return roots


def by_path(roots: list[Category]) -> dict[str, Category]:
    return {category.path: category for root in roots for category in root.walk()}


def category_for(relative_folder: str, categories: dict[str, Category]) -> Category | None:
    """The deepest category whose folder contains the document (year subfolders allowed)."""
    parts = relative_folder.replace("\\", "/").strip("/").split("/")
    for length in range(len(parts), 0, -1):
        found = categories.get("/".join(parts[:length]))
        if found is not None:
            return found
    return None
