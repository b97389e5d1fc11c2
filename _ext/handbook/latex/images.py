"""Images in print: every format the website shows is converted into one xelatex reads.

SVG goes through rsvg-convert (Debian's librsvg2-bin); GIF, WebP, BMP and TIFF through Pillow, first
frame only. Every converter, and Pillow's check of a PNG or JPEG, runs in a process of its own with
a time limit and a memory limit. An image still in a format xelatex cannot read
(the converter missing, failing or stopped, a remote image, a format nobody converts), and a PNG or
JPEG that Pillow cannot decode (xelatex would stop on it), is left out of the PDF with one located
warning, so that one picture never stops a document; a remote image is left out before Sphinx
would download it.
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
from pathlib import Path

from docutils import nodes
from sphinx.builders.latex import LaTeXBuilder
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.transforms.post_transforms.images import ImageConverter
from sphinx.util.images import guess_mimetype

from handbook import diagnostics

#: Seconds a converter may take for one image, and the memory it may use (an SVG of nested `<use>`
#: takes rsvg-convert 10 s and 428 MB before it gives up).
CONVERT_TIME_LIMIT = 30
CONVERT_MEMORY = 1 << 30


def limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (CONVERT_MEMORY, CONVERT_MEMORY))


def run_converter(command: list[str], time_limit: float = CONVERT_TIME_LIMIT) -> bool:
    """Whether a converter ran to success within the time and memory limits; never raises."""
    try:
        process = subprocess.Popen(
            command,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            preexec_fn=limit_memory,
        )
    except OSError:
        return False
    try:
        return process.wait(timeout=time_limit) == 0
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
        return False


class SvgConverter(ImageConverter):
    """SVG to PDF with rsvg-convert. An SVG it rejects, or that takes it too long, is not
    converted (and so left out by `ImagesInPrint`), where sphinxcontrib.rsvgconverter would stop
    the whole build."""

    conversion_rules: list[tuple[str, str]] = [("image/svg+xml", "application/pdf")]

    def is_available(self) -> bool:
        return run_converter(["rsvg-convert", "--version"])

    def convert(self, _from: str | os.PathLike[str], _to: str | os.PathLike[str]) -> bool:
        if run_converter(["rsvg-convert", "--format=pdf", f"--output={_to}", str(_from)]):
            return True
        Path(_to).unlink(missing_ok=True)
        return False


class PillowConverter(ImageConverter):
    """Raster formats xelatex does not read, to PNG with Pillow."""

    # The base class declares it as an instance attribute.
    conversion_rules: list[tuple[str, str]] = [
        (source, "image/png") for source in ("image/gif", "image/webp", "image/bmp", "image/tiff")
    ]

    def is_available(self) -> bool:
        try:
            import PIL  # noqa: F401
        except ImportError:
            return False
        return True

    def convert(self, _from: str | os.PathLike[str], _to: str | os.PathLike[str]) -> bool:
        if run_converter([sys.executable, "-c", PILLOW_CONVERT, str(_from), str(_to)]):
            return True
        Path(_to).unlink(missing_ok=True)
        return False


# Pillow runs in a process of its own, within the converters' time and memory limits: a picture
# made to take Pillow minutes or gigabytes stops only itself.
PILLOW_CONVERT = """
import sys
from PIL import Image
with Image.open(sys.argv[1]) as image:
    image.seek(0)
    alpha = "A" in image.getbands() or "transparency" in image.info
    image.convert("RGBA" if alpha else "RGB").save(sys.argv[2], "PNG")
"""
PILLOW_DECODE = """
import sys
from PIL import Image
with Image.open(sys.argv[1]) as image:
    image.verify()
with Image.open(sys.argv[1]) as image:
    image.load()
"""


def leave_out(image: nodes.image) -> None:
    """Take an image (with its figure, if it has one) out of the document, with a warning at its line."""
    diagnostics.warn(
        f"image {image.get('uri', '')!r} cannot be printed: it is left out of the PDF (the website shows it)",
        "image",
        image,
    )
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
    """After every converter (priority 200): an image xelatex still cannot read, or a PNG or JPEG
    it would stop on, is left out."""

    default_priority = 300
    formats = ("latex",)

    def run(self, **kwargs) -> None:
        # formats = ("latex",): the builder is Sphinx's LaTeX builder.
        readable = set(LaTeXBuilder.supported_image_types)
        for image in list(self.document.findall(nodes.image)):
            candidates: dict[str, str] = image.get("candidates", {})
            if "*" in candidates:
                found = guess_mimetype(Path(self.env.srcdir, candidates["*"]))
            else:
                found = next((kind for kind in candidates if kind in readable), None)
            if found in RASTER and not decodes(Path(self.env.srcdir, candidates.get("*") or candidates[found])):
                found = None
            if found not in readable:
                leave_out(image)


#: What xelatex decodes itself (with libpng and libjpeg), and stops the whole document on when it
#: cannot.
RASTER = ("image/png", "image/jpeg")


def decodes(path: Path) -> bool:
    """Whether Pillow reads the whole image, within the converters' limits: its structure
    (`verify`) and every pixel (`load`)."""
    return run_converter([sys.executable, "-c", PILLOW_DECODE, str(path)])
