"""Images in print: every format the website shows is converted into one xelatex reads.

SVG goes through rsvg-convert (`sphinxcontrib.rsvgconverter`, Debian's librsvg2-bin); GIF, WebP,
BMP and TIFF through Pillow, first frame only. An image still in a format xelatex cannot read
(the converter missing or failing, a remote image, a format nobody converts) is left out of the
PDF with one located warning, so that one picture never stops a document; a remote image is
left out before Sphinx would download it.
"""

from __future__ import annotations

import os
from pathlib import Path

from docutils import nodes
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.transforms.post_transforms.images import ImageConverter
from sphinx.util import logging
from sphinx.util.images import guess_mimetype

logger = logging.getLogger(__name__)


class PillowConverter(ImageConverter):
    """Raster formats xelatex does not read, to PNG with Pillow."""

    # The base class declares it as an instance attribute.
    conversion_rules: list[tuple[str, str]] = [  # noqa: RUF012
        (source, "image/png") for source in ("image/gif", "image/webp", "image/bmp", "image/tiff")]

    def is_available(self) -> bool:
        try:
            import PIL  # noqa: F401
        except ImportError:
            return False
        return True

    def convert(self, _from: str | os.PathLike[str], _to: str | os.PathLike[str]) -> bool:
        from PIL import Image, UnidentifiedImageError

        try:
            with Image.open(_from) as image:
                image.seek(0)
                image.convert("RGBA" if "A" in image.getbands() or "transparency" in image.info else "RGB").save(_to, "PNG")
        except (OSError, UnidentifiedImageError, ValueError):
            return False
        return True


def leave_out(image: nodes.image) -> None:
    """Take an image (with its figure, if it has one) out of the document, with a warning at its line."""
    logger.warning("image %r cannot be printed: it is left out of the PDF (the website shows it)",
                   image.get("uri", ""), location=image, type="handbook", subtype="image")
    holder = image.parent
    if isinstance(holder, nodes.figure):
        holder.parent.remove(holder)
    else:
        holder.remove(image)


class RemoteImagesInPrint(SphinxPostTransform):
    """Before Sphinx would download it (priority 100): an image on another site is left out of
    print, so that a build never depends on the network."""

    default_priority = 50
    formats = ("latex",)

    def run(self, **kwargs) -> None:
        for image in list(self.document.findall(nodes.image)):
            if "?" in image.get("candidates", {}) or "://" in image.get("uri", ""):
                leave_out(image)


class ImagesInPrint(SphinxPostTransform):
    """After every converter (priority 200): an image xelatex still cannot read is left out."""

    default_priority = 300
    formats = ("latex",)

    def run(self, **kwargs) -> None:
        readable = set(self.env._builder_cls.supported_image_types)
        for image in list(self.document.findall(nodes.image)):
            candidates = image.get("candidates", {})
            if "*" in candidates:
                found = guess_mimetype(Path(self.env.srcdir, candidates["*"]))
            else:
                found = next((kind for kind in candidates if kind in readable), None)
            if found not in readable:
                leave_out(image)
