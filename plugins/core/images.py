"""Raster images resized at build time, as phones take them: several MB, 4000 px, EXIF-rotated.

Each rendition is made once per (content hash, width, format, quality) and kept in a cache folder;
the orientation a phone records in EXIF is applied, and no metadata (GPS position, camera, time)
is written to the published files.
"""

import io
import os
from dataclasses import dataclass

from PIL import Image, ImageOps

from .attachments import file_digest

RASTER_EXTENSIONS = (".jpg", ".jpeg", ".png", ".webp")
SAVE_OPTIONS = {
    "webp": lambda quality: {"format": "WEBP", "quality": quality, "method": 6},
    "jpeg": lambda quality: {"format": "JPEG", "quality": quality, "optimize": True, "progressive": True},
}
EXTENSIONS = {"webp": "webp", "jpeg": "jpg"}
ROTATED_ORIENTATIONS = (5, 6, 7, 8)  # EXIF orientations that swap width and height


@dataclass(frozen=True)
class Rendition:
    path: str  # the cached file
    width: int
    height: int
    format: str  # "webp" or "jpeg"
    digest: str  # of the source image, for the published name

    @property
    def extension(self) -> str:
        return EXTENSIONS[self.format]


def is_raster(path: str) -> bool:
    return os.path.splitext(path)[1].lower() in RASTER_EXTENSIONS


def upright_size(image: Image.Image) -> tuple[int, int]:
    """The size as the photo is meant to be seen, read from the header without decoding the pixels."""
    orientation = image.getexif().get(0x0112, 1)
    return (image.height, image.width) if orientation in ROTATED_ORIENTATIONS else (image.width, image.height)


def encode(image: Image.Image, image_format: str, quality: int) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, **SAVE_OPTIONS[image_format](quality))  # no exif= argument: metadata is dropped
    return buffer.getvalue()


class ImageCache:
    """Renditions of source images, one file per source hash, width, format and quality."""

    def __init__(self, folder: str):
        self.folder = folder
        self.encoded = 0  # renditions actually made in this build (for tests)
        self.digests: dict[tuple, str] = {}

    def digest(self, source: str) -> str:
        """The source's content hash, read once per version of the file (each photo has two sets)."""
        status = os.stat(source)
        key = (source, status.st_size, status.st_mtime_ns)
        if key not in self.digests:
            self.digests[key] = file_digest(source)
        return self.digests[key]

    def renditions(self, source: str, widths: list[int], formats: list[str], quality: int) -> list[Rendition]:
        digest = self.digest(source)
        with Image.open(source) as image:
            width, height = upright_size(image)
            # Never enlarged: a photo narrower than a width is published at its own width once.
            chosen = sorted({min(wanted, width) for wanted in widths})
            planned = [
                Rendition(
                    os.path.join(self.folder, f"{digest[:20]}-{size}-q{quality}.{EXTENSIONS[image_format]}"),
                    size,
                    max(1, round(height * size / width)),
                    image_format,
                    digest,
                )
                for size in chosen
                for image_format in formats
            ]
            missing = [rendition for rendition in planned if not os.path.isfile(rendition.path)]
            if missing:
                self.make(image, missing, quality)
        return planned

    def make(self, image: Image.Image, missing: list[Rendition], quality: int) -> None:
        upright = ImageOps.exif_transpose(image)
        if upright.mode in ("RGBA", "LA", "P"):
            # Transparent parts on the page's white, not on black.
            upright = upright.convert("RGBA")
            background = Image.new("RGB", upright.size, "white")
            background.paste(upright, mask=upright.getchannel("A"))
            upright = background
        upright = upright.convert("RGB")
        os.makedirs(self.folder, exist_ok=True)
        for rendition in missing:
            resized = upright.resize((rendition.width, rendition.height), Image.Resampling.LANCZOS)
            temporary = f"{rendition.path}.tmp{os.getpid()}"
            with open(temporary, "wb") as handle:
                handle.write(encode(resized, rendition.format, quality))
            os.replace(temporary, rendition.path)
            self.encoded += 1
