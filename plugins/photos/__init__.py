"""News photos as editors have them (a phone's JPEG, 4000 px, several MB), published light.

A news item's `Image:` (JPEG, PNG or WebP) is resized at build time into a few widths, in WebP for
browsers that take it and JPEG for the rest, upright (EXIF orientation applied) and without the
photo's metadata (a phone records where it was taken). The article shows it with `srcset`,
`sizes`, `width` and `height`; news lists show a small thumbnail. Renditions are cached by the
photo's content hash (core.images) and published under names holding that hash, so they are
cached by browsers for a year. SVG images are published as they are.
Settings: PHOTOS = {"url", "widths", "thumbnail_widths", "formats", "quality", "sizes", "thumbnail_sizes"}.
"""

import os
from dataclasses import dataclass

from pelican import signals
from pelican.generators import Generator

from plugins.core import copy_into_output, plugin_settings
from plugins.core.images import ImageCache, Rendition, is_raster

DEFAULTS = {
    "url": "zdjecia/",
    "widths": [480, 800, 1200, 1600],
    "thumbnail_widths": [160, 320],
    "formats": ["webp", "jpeg"],
    "quality": 75,
    # The article column is at most 44rem wide; on a phone the photo spans the screen.
    "sizes": "(min-width: 48rem) 44rem, calc(100vw - 2rem)",
    "thumbnail_sizes": "10rem",
}


def photos_settings(settings: dict) -> dict:
    return plugin_settings(settings, "PHOTOS", DEFAULTS)


@dataclass(frozen=True)
class Picture:
    """One photo at one purpose (the article, or a thumbnail): what the <picture> element needs."""

    src: str  # the middle JPEG (or the only format), for browsers without srcset
    srcsets: tuple[tuple[str, str], ...]  # (MIME type, "url 480w, url 800w"), preferred first
    sizes: str
    width: int  # of the largest rendition: with height, the aspect ratio the page reserves
    height: int

    @property
    def fallback_srcset(self) -> str:
        return self.srcsets[-1][1]


@dataclass(frozen=True)
class Photo:
    alt: str
    article: Picture
    thumbnail: Picture


def published_name(config: dict, source: str, rendition: Rendition) -> str:
    stem = os.path.splitext(os.path.basename(source))[0]
    return f"{config['url']}{stem}-{rendition.width}.{rendition.digest[:10]}.{rendition.extension}"


def picture(config: dict, siteurl: str, source: str, renditions: list[Rendition], sizes: str) -> Picture:
    formats = [image_format for image_format in config["formats"] if any(r.format == image_format for r in renditions)]
    srcsets = tuple(
        (
            f"image/{image_format}",
            ", ".join(
                f"{siteurl}/{published_name(config, source, r)} {r.width}w"
                for r in renditions
                if r.format == image_format
            ),
        )
        for image_format in formats
    )
    fallback = [r for r in renditions if r.format == formats[-1]]
    largest = fallback[-1]
    middle = fallback[len(fallback) // 2]
    return Picture(f"{siteurl}/{published_name(config, source, middle)}", srcsets, sizes, largest.width, largest.height)


class PhotosGenerator(Generator):
    """Makes the renditions of every news photo and copies them into the output."""

    def generate_context(self):
        config = self.config = photos_settings(self.settings)
        cache = self.cache = ImageCache(os.path.join(self.settings["CACHE_PATH"], "zdjecia"))
        self.outputs: dict[str, str] = {}  # published name -> cached file
        siteurl = self.settings.get("SITEURL", "")
        for article in self.context.get("articles", []) + self.context.get("hidden_articles", []):
            image = getattr(article, "image", "")
            source = os.path.join(self.settings["PATH"], image) if image else ""
            if not source or not is_raster(source) or not os.path.isfile(source):
                continue
            quality = config["quality"]
            large = cache.renditions(source, config["widths"], config["formats"], quality)
            small = cache.renditions(source, config["thumbnail_widths"], config["formats"], quality)
            for rendition in large + small:
                self.outputs[published_name(config, source, rendition)] = rendition.path
            photo = Photo(
                alt=getattr(article, "image_alt", ""),
                article=picture(config, siteurl, source, large, config["sizes"]),
                thumbnail=picture(config, siteurl, source, small, config["thumbnail_sizes"]),
            )
            article.photo = photo
            # In the metadata, so that the pages showing the photo are made again when it changes.
            article.metadata["photo"] = photo

    def planned_outputs(self) -> list[tuple[str, object]]:
        return [(name, None) for name in sorted(self.outputs)]

    def generate_output(self, writer):
        for name, cached in sorted(self.outputs.items()):
            copy_into_output(self.output_path, cached, name)


def get_generators(pelican):
    return PhotosGenerator


# Runs after (plugins.core.order): the news items' images.
NEEDS = ("news",)


def register():
    signals.get_generators.connect(get_generators)
