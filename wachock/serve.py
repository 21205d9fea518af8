"""The editors' preview: build, serve on 127.0.0.1, rebuild on every change."""

import functools
import logging
import os
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

from watchfiles import watch

from .build import BuildFailed, build

logger = logging.getLogger(__name__)


class SiteRequestHandler(SimpleHTTPRequestHandler):
    """Serves the built site; unknown addresses get the site's own 404 page."""

    def send_error(self, code, message=None, explain=None):
        not_found_page = os.path.join(self.directory, "404.html")
        if code != 404 or not os.path.isfile(not_found_page):
            return super().send_error(code, message, explain)
        with open(not_found_page, "rb") as handle:
            body = handle.read()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def log_message(self, format, *args):  # noqa: A002 (stdlib signature)
        logger.debug("%s %s", self.address_string(), format % args)


def make_server(directory: str, host: str = "127.0.0.1", port: int = 8000) -> ThreadingHTTPServer:
    handler = functools.partial(SiteRequestHandler, directory=directory)
    return ThreadingHTTPServer((host, port), handler)


def build_and_report(settings_file: str, output: str, **options) -> bool:
    try:
        build(settings_file, output, **options)
    except BuildFailed as failure:
        logger.error("%s", failure)
        return False
    logger.info("Strona zbudowana: %s", output)
    return True


def serve(settings_file: str, output: str, port: int, watched: list[str], **options) -> None:
    build_and_report(settings_file, output, **options)
    os.makedirs(output, exist_ok=True)
    server = make_server(output, port=port)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    logger.info("Podgląd: http://127.0.0.1:%s/ (Ctrl+C kończy)", port)
    try:
        for changes in watch(*watched):
            logger.info("Zmiana w %s plikach, buduję ponownie…", len(changes))
            build_and_report(settings_file, output, **options)
    except KeyboardInterrupt:
        pass
    finally:
        server.shutdown()
