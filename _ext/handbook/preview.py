"""`make serve` (`python -m handbook serve`): the site rebuilt on every save, the open page
reloaded as soon as its pages are written, the search index written after.

sphinx-autobuild, on every save, starts a new Python that imports Sphinx and every extension
again, and reloads the page once Pagefind has indexed the whole site. The preview builds the site
once in its own process, so that every module a build uses is loaded, and builds each save in a
process forked from it: the build starts with them loaded and ends with its process, so nothing
of one build carries over to the next. The open page reloads as soon as the build has written
its pages (`handbook_pages_written_fd`, a pipe the build writes to), while the build goes on with
the inventory, the feeds and the sitemap. Its builds leave the search index pending
(`handbook_search_index = "later"`): the index is written after the build, beside the old one,
and takes its place (`pagefind.index_pending`), while the old one is still searched.

The server, its reload script and what is watched are sphinx-autobuild's.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import signal
import sys
from collections.abc import Sequence
from pathlib import Path

import uvicorn
import watchfiles
from sphinx.cmd.build import build_main
from sphinx.cmd.build import get_parser as sphinx_build_parser
from sphinx_autobuild.filter import IgnoreFilter
from sphinx_autobuild.middleware import JavascriptInjectorMiddleware
from sphinx_autobuild.server import RebuildServer
from sphinx_autobuild.utils import show_message
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.routing import Mount, WebSocketRoute
from starlette.staticfiles import StaticFiles

from handbook.html import pagefind

#: never watched, besides the build's own folders and what `--ignore` names (sphinx-autobuild's list)
NOT_WATCHED = (
    ".git",
    ".hg",
    ".idea",
    ".mypy_cache",
    "node_modules",
    ".nox",
    ".ruff_cache",
    ".pytest_cache",
    ".pytype",
    ".svn",
    ".tox",
    ".venv",
    "venv",
    ".vscode",
)


def fork_build(build_args: list[str], listening: int = -1) -> int:
    """`sphinx-build` in a process forked from this one; the process's id (this process waits
    for it). `listening`, a file descriptor of this process's, is closed in the build's."""
    pid = os.fork()
    if pid == 0:
        if listening >= 0:
            os.close(listening)
        status = 1
        try:
            # Ctrl-C and a stop end the build as they end sphinx-build, not as they stop the server.
            signal.set_wakeup_fd(-1)
            signal.signal(signal.SIGINT, signal.default_int_handler)
            signal.signal(signal.SIGTERM, signal.SIG_DFL)
            status = build_main(build_args)
        finally:
            sys.stdout.flush()
            sys.stderr.flush()
            os._exit(status)
    return pid


class Preview(RebuildServer):
    """Watches the sources, builds after each change in a forked process, tells the open pages
    to reload, then writes the search index the build left pending."""

    def __init__(
        self, build_args: list[str], site: Path, doctrees: Path, watched: Path, ignore: IgnoreFilter, address: str
    ) -> None:
        super().__init__([watched], ignore, change_callback=None)  # `watch` builds itself
        self.build_args, self.site, self.doctrees, self.address = build_args, site, doctrees, address
        self.indexing: asyncio.Task | None = None

    async def watch(self) -> None:
        self.after_build()  # the first build's
        async for changes in watchfiles.awatch(*self.paths, watch_filter=lambda _, path: not self.ignore(path)):
            shown = sorted(
                {
                    Path(path).relative_to(self.paths[0]).as_posix()
                    for _, path in changes
                    if Path(path).is_relative_to(self.paths[0])
                }
            )
            show_message(f"Detected changes ({', '.join(shown[:5])})")
            show_message("Rebuilding...")
            status = await self.build()
            if status:
                print(f"Sphinx exited with exit code: {status}; the pages served may be out of date.", flush=True)
            show_message(f"Serving on http://{self.address}")
            self.after_build()

    async def build(self) -> int:
        """`sphinx-build` with the preview's arguments, in a process forked from this one; the open
        pages reload once it has written its pages, or else once it ends; its exit status."""
        reading, writing = os.pipe()
        try:
            try:
                # Forked from the event loop's thread, the one that holds no lock a build would need.
                pid = fork_build([*self.build_args, "-D", f"handbook_pages_written_fd={writing}"], listening=reading)
            finally:
                os.close(writing)
            # A byte once the pages are written; the end of the pipe if the build ends before.
            await asyncio.to_thread(os.read, reading, 1)
        finally:
            os.close(reading)
        self.flag.set()
        return os.waitstatus_to_exitcode((await asyncio.to_thread(os.waitpid, pid, 0))[1])

    def after_build(self) -> None:
        """The search index is written while the editor reads the page."""
        if self.indexing is None or self.indexing.done():
            self.indexing = asyncio.create_task(self.index())

    async def index(self) -> None:
        """Write the pending index, again while builds leave it pending."""
        try:
            while (seconds := await asyncio.to_thread(pagefind.index_pending, self.site, self.doctrees)) is not None:
                show_message(f"Search index written by Pagefind in {seconds:.1f} s")
        except (pagefind.PagefindFailed, OSError) as failure:
            print(f"The search index was not written: {failure}", flush=True)


def parser() -> argparse.ArgumentParser:
    """The preview's own options; the rest of the command line is sphinx-build's."""
    preview = argparse.ArgumentParser(
        prog="python -m handbook serve",
        description=__doc__.split("\n\n")[0],
        epilog="Every other argument is sphinx-build's: [options] SOURCEDIR OUTPUTDIR.",
    )
    preview.add_argument("--host", default="127.0.0.1", help="the address to serve at (default 127.0.0.1)")
    preview.add_argument("--port", type=int, default=8000, help="the port to serve at (default 8000)")
    preview.add_argument("--ignore", action="append", default=[], help="a folder or glob not watched (repeatable)")
    return preview


def serve(argv: Sequence[str]) -> int:
    """Build, serve and rebuild until interrupted; 0, or 2 for arguments that are not understood."""
    args, build_args = parser().parse_known_args(list(argv))
    build_args = [*build_args, "-D", "handbook_search_index=later"]
    built = sphinx_build_parser().parse_args(build_args)
    site = Path(built.outputdir).resolve()
    doctrees = Path(built.doctreedir or site / ".doctrees").resolve()
    site.mkdir(parents=True, exist_ok=True)
    ignore = IgnoreFilter(
        [*NOT_WATCHED, *args.ignore, site, doctrees, *([built.warnfile] if built.warnfile else [])], []
    )
    address = f"{args.host}:{args.port}"
    preview = Preview(build_args, site, doctrees, Path(built.sourcedir).resolve(), ignore, address)
    app = Starlette(
        routes=[
            WebSocketRoute("/websocket-reload", preview, name="reload"),
            Mount("/", app=StaticFiles(directory=site, html=True), name="static"),
        ],
        middleware=[Middleware(JavascriptInjectorMiddleware, ws_url=address)],
        lifespan=preview.lifespan,
    )
    show_message("Starting initial build")
    # In this process: every module a build uses is loaded once, for the forked builds after it.
    if status := build_main(build_args):
        print(f"Sphinx exited with exit code: {status}; the pages served may be out of date.", flush=True)
    show_message(f"Serving on http://{address}")
    show_message("Waiting to detect changes...")
    with contextlib.suppress(KeyboardInterrupt):
        uvicorn.run(app, host=args.host, port=args.port, log_level="warning")
    return 0
