"""Content-Security-Policy in a `<meta>` of every page: defence in depth behind the gate.

Whatever slipped past the content checks still cannot run script from
anywhere but the site's own files, load from another host, post a form
elsewhere or change the base URL. Pagefind compiles WebAssembly, hence
'wasm-unsafe-eval' (it allows WebAssembly only, not eval of script).
The same policy goes into the web server's headers (deploy/), which also
cover SVG and PDF files opened directly.
Settings: CSP = {"policy": {directive: value, ...}}.
"""

from pelican import signals

from plugins.core import SettingsError, plugin_settings

DEFAULT_POLICY = {
    "default-src": "'self'",
    "script-src": "'self' 'wasm-unsafe-eval'",
    "style-src": "'self'",
    # Pagefind's stylesheet draws its search icon as a data: SVG; an <img> SVG never runs script.
    "img-src": "'self' data:",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
}
DEFAULTS = {"policy": DEFAULT_POLICY}
# A <meta> policy ignores these (browsers log an error for each): they belong in headers only.
HEADER_ONLY = {"frame-ancestors", "report-uri", "report-to", "sandbox"}


def policy_text(policy: dict) -> str:
    refused = sorted(HEADER_ONLY & set(policy))
    if refused:
        raise SettingsError(f"CSP policy directives {refused} work only as HTTP headers; set them in deploy/")
    return "; ".join(f"{directive} {value}" for directive, value in policy.items())


def add_policy(pelican) -> None:
    config = plugin_settings(pelican.settings, "CSP", DEFAULTS)
    pelican.settings["CONTENT_SECURITY_POLICY"] = policy_text(config["policy"])


# Runs after (plugins.core.order): nothing; it uses no other plugin's work.
NEEDS = ()


def register():
    signals.initialized.connect(add_policy)
