"""Information groups: the web twin of the town's SMS service groups.

A news item lists its groups in `Groups:`; each group gets a paginated page
(and, with the feeds plugin, its own feed). Settings: GROUPS = {"names": [...],
"url": ..., "save_as": ..., "index_url": ..., "index_save_as": ...}.
"""

import logging
from operator import attrgetter

from pelican import signals
from pelican.contents import Article
from pelican.generators import Generator
from pelican.urlwrappers import URLWrapper

from plugins.core import Field, paginated_save_as, plugin_settings, session_of, split_list
from plugins.core.feeds import GROUP, announce_feed, news_list_feed

logger = logging.getLogger(__name__)

DEFAULTS = {
    "names": [],
    "url": "grupa/{slug}/",
    "save_as": "grupa/{slug}/index.html",
    "index_url": "grupy/",
    "index_save_as": "grupy/index.html",
}


def groups_settings(settings: dict) -> dict:
    return plugin_settings(settings, "GROUPS", DEFAULTS)


def group_names(settings: dict) -> list[str]:
    return groups_settings(settings)["names"]


class Group(URLWrapper):
    """URLWrapper reads GROUP_URL / GROUP_SAVE_AS from the settings it is given."""


def url_settings(settings: dict) -> dict:
    config = groups_settings(settings)
    return {**settings, "GROUP_URL": config["url"], "GROUP_SAVE_AS": config["save_as"]}


def configured_groups(settings: dict) -> list[Group]:
    """The Group objects of one build, made once (every article asks for them)."""
    return session_of(settings).part(
        "groups", lambda: [Group(name, url_settings(settings)) for name in group_names(settings)]
    )


def attach_groups(content) -> None:
    if not isinstance(content, Article):
        return
    names = split_list(content.metadata.get("groups", "") or "")
    if not names:
        content.groups = []
        return
    by_name = {group.name: group for group in configured_groups(content.settings)}
    # Unknown names were already reported by validation with file and line.
    content.groups = [by_name[name] for name in names if name in by_name]


class GroupsGenerator(Generator):
    """Writes one paginated page per group and an index of all groups."""

    def generate_context(self):
        articles = self.context.get("articles", [])
        self.groups = []
        for group in configured_groups(self.settings):
            members = [a for a in articles if group in getattr(a, "groups", [])]
            self.groups.append((group, sorted(members, key=attrgetter("date"), reverse=True)))
        self._update_context(("groups",))
        self.announce_feeds()
        config = groups_settings(self.settings)
        self.context["GROUPS_INDEX_URL"] = config["index_url"]

    def announce_feeds(self) -> None:
        """One feed per group: what its SMS group hears, in a feed reader (core.feeds)."""
        for number, (group, members) in enumerate(self.groups):
            feed = news_list_feed(
                self.settings,
                "group",
                group,
                members,
                f"Wiadomości: {group.name}",
                f"Wiadomości dla grupy {group.name} (jak w Informatorze SMS).",
                f"mieszkańcy i sprawy: {group.name}",
                rank=(GROUP, number),
            )
            announce_feed(self.context, feed)

    def planned_outputs(self) -> list[tuple[str, object]]:
        outputs = [(groups_settings(self.settings)["index_save_as"], None)]
        for group, articles in self.groups:
            pages = paginated_save_as(self.settings, "group", group.save_as, group.url, len(articles))
            outputs += [(save_as, None) for save_as in pages]
        return outputs

    def generate_output(self, writer):
        config = groups_settings(self.settings)
        for group, articles in self.groups:
            writer.write_file(
                group.save_as,
                self.get_template("group"),
                self.context,
                group=group,
                articles=articles,
                dates=articles,
                paginated={"articles": articles, "dates": articles},
                template_name="group",
                page_name=group.page_name,
                url=group.url,
            )
        writer.write_file(
            config["index_save_as"],
            self.get_template("groups"),
            self.context,
            url=config["index_url"],
        )


def get_generators(pelican):
    return GroupsGenerator


ADDED_FIELDS = {
    "news": (Field("Groups", "choices", choices=group_names, example="nazwa grupy, druga grupa"),),
}

# Runs after (plugins.core.order): news items name their groups.
NEEDS = ("news",)


def register():
    signals.content_object_init.connect(attach_groups)
    signals.get_generators.connect(get_generators)
