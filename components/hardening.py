"""What the web server does before and after every request, whoever sends it.

- A request larger than ``max_request_bytes`` is refused (413) from its ``Content-Length``
  before anything reads or decodes its body (Flask's ``MAX_CONTENT_LENGTH`` is set to the
  same size); a body that does not state its length (chunked) is refused (411): browsers
  always state it.
- The ``Host`` header must be one of the allowed names (Flask's ``TRUSTED_HOSTS``): a
  request for another name gets 400, so a DNS-rebinding page cannot talk to the server.
- A request that changes something (POST, PUT, PATCH, DELETE) must come from a page of this
  server: its ``Origin`` (or, failing that, ``Referer``) must name the host it was sent to.
- Every answer carries security headers: a Content-Security-Policy under which Dash runs
  (scripts from this server plus the hashes of Dash's own inline scripts, no framing),
  ``X-Content-Type-Options: nosniff``, no referrer leaving the site, and ``no-store`` on
  everything but static files, so case data does not stay in shared caches.
"""

from __future__ import annotations

import ipaddress
from urllib.parse import urlsplit

import dash
import flask

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
LOOPBACK_NAMES = ("127.0.0.1", "localhost", "::1")
STATIC_PREFIXES = ("/assets/", "/_dash-component-suites/", "/_favicon.ico")


def is_loopback(host: str) -> bool:
    """Whether listening on ``host`` keeps the server on this machine.

    >>> is_loopback("127.0.0.1"), is_loopback("localhost"), is_loopback("0.0.0.0")
    (True, True, False)
    """
    if host in ("localhost", ""):
        return host == "localhost"
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def allowed_hosts(listen_host: str, configured: str = "") -> list[str]:
    """Host names the server answers to: the loopback names, the address it listens on
    (unless it is a wildcard) and ``CASEGRAPH_ALLOWED_HOSTS`` (comma-separated; a name
    starting with a dot allows its subdomains).

    >>> allowed_hosts("0.0.0.0", "cases.example.org")
    ['127.0.0.1', 'localhost', '::1', 'cases.example.org']
    """
    names = list(LOOPBACK_NAMES)
    if listen_host and listen_host not in ("0.0.0.0", "::", "") and listen_host not in names:
        names.append(listen_host)
    for name in str(configured or "").split(","):
        name = name.strip().lower()
        if name and name not in names:
            names.append(name)
    return names


def install(app: dash.Dash, *, hosts: list[str], max_request_bytes: int,
            secure_cookies: bool = False) -> None:
    server = app.server
    server.config.update(
        MAX_CONTENT_LENGTH=max_request_bytes,
        TRUSTED_HOSTS=hosts,
        SESSION_COOKIE_NAME="casegraph_session",
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=secure_cookies,
    )
    policy: list[str] = []

    @server.before_request
    def _check_request():
        flask.request.host  # noqa: B018 - reading it checks it against TRUSTED_HOSTS (400)
        length = flask.request.content_length
        if length is not None and length > max_request_bytes:
            flask.abort(413)
        if "chunked" in flask.request.headers.get("Transfer-Encoding", "").lower():
            flask.abort(411)
        if flask.request.method not in SAFE_METHODS and not _same_origin():
            return flask.jsonify({"error": "this request did not come from a casegraph page"
                                  }), 403
        return None

    @server.after_request
    def _headers(response: flask.Response) -> flask.Response:
        if not policy:
            policy.append(content_security_policy(app))
        headers = response.headers
        headers["Content-Security-Policy"] = policy[0]
        headers["X-Content-Type-Options"] = "nosniff"
        headers["X-Frame-Options"] = "DENY"
        headers["Referrer-Policy"] = "same-origin"
        headers["Cross-Origin-Opener-Policy"] = "same-origin"
        headers["Cross-Origin-Resource-Policy"] = "same-origin"
        headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()"
        if not flask.request.path.startswith(STATIC_PREFIXES):
            headers["Cache-Control"] = "no-store"
        return response


def _same_origin() -> bool:
    origin = flask.request.headers.get("Origin")
    if not origin or origin == "null":
        origin = flask.request.headers.get("Referer", "")
    if not origin:
        return False
    return urlsplit(origin).netloc.lower() == flask.request.host.lower()


def content_security_policy(app: dash.Dash) -> str:
    """The CSP header: everything from this server; inline scripts only Dash's own (by
    hash); inline styles allowed (Dash components set them); no framing by anyone."""
    scripts = " ".join(["'self'", *app.csp_hashes()])
    return "; ".join([
        "default-src 'self'",
        f"script-src {scripts}",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data: blob:",
        "font-src 'self' data:",
        "connect-src 'self'",
        "worker-src 'self' blob:",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ])
