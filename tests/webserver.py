"""Debian's nginx running the shipped configuration (deploy/nginx/) on 127.0.0.1, over TLS.

The production server file is used as it is, with only its addresses and paths moved into a
temporary folder: ports on 127.0.0.1, a test certificate, /srv/wachock -> the folder. When the
tests run as root (CI), nginx runs as `nobody`, as an unprivileged web server would.
"""

import datetime
import http.client
import os
import pwd
import re
import shutil
import socket
import ssl
import subprocess
import tempfile
import time
import xml.etree.ElementTree as ET

from wachock.build import PROJECT_ROOT

NGINX = "/usr/sbin/nginx"
BROTLI_MODULE = "/usr/lib/nginx/modules/ngx_http_brotli_static_module.so"
DEPLOY = os.path.join(PROJECT_ROOT, "deploy", "nginx")
SITE_HOST = "www.wachock.pl"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def write_test_certificate(folder: str) -> None:
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, SITE_HOST)])
    now = datetime.datetime.now(datetime.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=2))
        .add_extension(x509.SubjectAlternativeName([x509.DNSName(SITE_HOST), x509.DNSName("wachock.pl")]), False)
        .sign(key, hashes.SHA256())
    )
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, "fullchain.pem"), "wb") as handle:
        handle.write(certificate.public_bytes(serialization.Encoding.PEM))
    with open(os.path.join(folder, "privkey.pem"), "wb") as handle:
        handle.write(
            key.private_bytes(
                serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
            )
        )


def substitute(text: str, replacements: list[tuple[str, str]]) -> str:
    """Each pattern must be found: a changed production file fails here instead of going untested."""
    for pattern, replacement in replacements:
        text, count = re.subn(pattern, replacement, text, flags=re.MULTILINE)
        if not count:
            raise AssertionError(f"deploy/nginx: nothing matched {pattern!r}; update tests/webserver.py")
    return text


class Nginx:
    """`with Nginx() as server:` serves server.root/output (the live link) on server.https_port."""

    def __init__(self):
        self.root = tempfile.mkdtemp(prefix="wachock-nginx-")
        os.chmod(self.root, 0o755)
        self.srv = os.path.join(self.root, "srv")
        self.output = os.path.join(self.srv, "output")
        self.status_page = os.path.join(self.srv, "stan-budowania", "index.html")
        self.http_port = free_port()
        self.https_port = free_port()
        self.process = None

    def configure(self) -> str:
        prefix = os.path.join(self.root, "nginx")
        for folder in ("snippets", "sites-available", "logs", "temp", "certificate"):
            os.makedirs(os.path.join(prefix, folder), exist_ok=True)
        os.makedirs(self.srv, exist_ok=True)
        for name in os.listdir(os.path.join(DEPLOY, "snippets")):
            shutil.copy(os.path.join(DEPLOY, "snippets", name), os.path.join(prefix, "snippets", name))
        shutil.copy("/etc/nginx/mime.types", os.path.join(prefix, "mime.types"))
        certificate = os.path.join(prefix, "certificate")
        write_test_certificate(certificate)
        with open(os.path.join(DEPLOY, "sites-available", "wachock.conf"), encoding="utf-8") as handle:
            production = handle.read()
        site = substitute(
            production,
            [
                (r"^\s*listen \[::\].*\n", ""),
                (r"listen 80;", f"listen 127.0.0.1:{self.http_port};"),
                (r"listen 443 ssl", f"listen 127.0.0.1:{self.https_port} ssl"),
                (r"/etc/letsencrypt/live/www\.wachock\.pl", certificate),
                (r"/srv/wachock", self.srv),
                (r"/var/www/letsencrypt", os.path.join(self.root, "acme")),
            ],
        )
        with open(os.path.join(prefix, "sites-available", "wachock.conf"), "w", encoding="utf-8") as handle:
            handle.write(site)
        temp = os.path.join(prefix, "temp")
        main = f"""
load_module {BROTLI_MODULE};
pid {prefix}/logs/nginx.pid;
error_log {prefix}/logs/error.log warn;
worker_processes 1;
events {{ worker_connections 256; }}
http {{
    include mime.types;
    default_type application/octet-stream;
    access_log {prefix}/logs/access.log combined;
    client_body_temp_path {temp}/body;
    proxy_temp_path {temp}/proxy;
    fastcgi_temp_path {temp}/fastcgi;
    uwsgi_temp_path {temp}/uwsgi;
    scgi_temp_path {temp}/scgi;
    include sites-available/wachock.conf;
}}
"""
        path = os.path.join(prefix, "nginx.conf")
        with open(path, "w", encoding="utf-8") as handle:
            handle.write(main)
        for folder, _, _ in os.walk(prefix):
            writable = folder.startswith((os.path.join(prefix, "temp"), os.path.join(prefix, "logs")))
            os.chmod(folder, 0o777 if writable else 0o755)
        return path

    def run_as(self) -> dict:
        """Root (CI) starts nginx as `nobody`; anyone else starts it as themselves."""
        if os.geteuid() != 0:
            return {}
        nobody = pwd.getpwnam("nobody")
        return {"user": nobody.pw_uid, "group": nobody.pw_gid, "extra_groups": []}

    def __enter__(self):
        if not os.path.exists(NGINX) or not os.path.exists(BROTLI_MODULE):
            raise AssertionError(
                "nginx or its brotli module is missing: `make test` installs Debian's nginx-light and "
                "libnginx-mod-http-brotli-static (as root)"
            )
        config = self.configure()
        prefix = os.path.dirname(config)
        check = subprocess.run(
            [NGINX, "-t", "-p", prefix, "-c", config, "-e", f"{prefix}/logs/error.log"],
            capture_output=True,
            text=True,
            **self.run_as(),
        )
        if check.returncode != 0 or "[warn]" in check.stderr:
            raise AssertionError(f"nginx refuses the shipped configuration:\n{check.stderr}")
        self.process = subprocess.Popen(
            [NGINX, "-p", prefix, "-c", config, "-e", f"{prefix}/logs/error.log", "-g", "daemon off;"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            **self.run_as(),
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.https_port), timeout=0.2).close()
                return self
            except OSError:
                time.sleep(0.05)
        self.process.kill()
        self.process.wait()
        raise AssertionError(f"nginx did not start: {self.process.stderr.read().decode()}")

    def __exit__(self, *exc):
        if self.process:
            self.process.terminate()
            self.process.wait(timeout=10)
            self.process.stderr.close()
        shutil.rmtree(self.root, ignore_errors=True)

    @property
    def base_url(self) -> str:
        return f"https://{SITE_HOST}"

    def get(self, path: str, headers: dict | None = None, host: str = SITE_HOST, https: bool = True):
        """One request; returns (status, headers: case-insensitive, `get_all` for repeated ones, body)."""
        if https:
            context = ssl.create_default_context(
                cafile=os.path.join(self.root, "nginx", "certificate", "fullchain.pem")
            )
            connection = http.client.HTTPSConnection(host, self.https_port, context=context, timeout=10)
            connection.sock = context.wrap_socket(
                socket.create_connection(("127.0.0.1", self.https_port), timeout=10), server_hostname=host
            )
        else:
            connection = http.client.HTTPConnection("127.0.0.1", self.http_port, timeout=10)
        try:
            connection.request("GET", path, headers={"Host": host, **(headers or {})})
            response = connection.getresponse()
            return response.status, response.msg, response.read()
        finally:
            connection.close()

    def sitemap_urls(self) -> list[str]:
        """Every page the served sitemap lists (absolute https://www.wachock.pl/… addresses)."""
        status, _, body = self.get("/sitemap.xml")
        assert status == 200
        locations = ET.fromstring(body).findall("s:url/s:loc", {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"})
        return [location.text for location in locations]

    def chromium_flags(self) -> list[str]:
        """Chromium reaches www.wachock.pl at this server, trusting nothing else."""
        target = f"127.0.0.1:{self.https_port}"
        return [
            f"--host-resolver-rules=MAP {SITE_HOST} {target},MAP wachock.pl {target}",
            "--ignore-certificate-errors",
        ]
