"""Logging in: the login page, the first-run set-up page, logout, and the gate that answers
401 (or sends a page to the login form) for every route but static assets without a valid
session.

These are plain Flask views, not Dash: the Dash page and its callbacks are only served to a
logged-in user. Sessions are Flask's signed cookies through Flask-Login; the cookie carries
the user's name and account epoch, so a role change, a new password or a disabled account
ends every older session at its next request. A session ends after ``idle_minutes`` without
a request and ``max_hours`` after the login, whatever happens.
"""

from __future__ import annotations

import html
import logging
import time
from typing import Any
from urllib.parse import urlsplit

import flask
from flask_login import LoginManager, UserMixin, current_user, login_user, logout_user

from casegraph import audit as A
from casegraph.access import Refused
from casegraph.audit import AuditUnavailable
from casegraph.session import records_for
from casegraph.users import User, UserError, check_name, check_password

log = logging.getLogger(__name__)

# reachable without a session: the forms themselves and static files
PUBLIC_PREFIXES = ("/assets/",)
PUBLIC_PATHS = ("/login", "/_favicon.ico")
SETUP_PREFIX = "/setup/"
NAME_LIMIT, PASSWORD_LIMIT = 64, 1024


class LoginUser(UserMixin):
    """What Flask-Login keeps for a request: the account and its actor."""

    def __init__(self, user: User):
        self.account = user
        self.actor = user.actor

    def get_id(self) -> str:
        return self.account.session_id


def install(server: flask.Flask, ws: Any, *, idle_minutes: int, max_hours: int) -> None:
    """Flask-Login, the gate and the login / set-up / logout views on ``server``."""
    records = records_for(ws)
    manager = LoginManager()
    manager.init_app(server)
    manager.session_protection = "strong"

    @manager.user_loader
    def _load(session_id: str):
        user = records.users.by_session_id(session_id)
        return LoginUser(user) if user is not None else None

    server.permanent_session_lifetime = idle_minutes * 60
    server.config.update(SESSION_REFRESH_EACH_REQUEST=True, REMEMBER_COOKIE_DURATION=0)

    @server.before_request
    def _gate():
        path = flask.request.path
        if path in PUBLIC_PATHS or path.startswith(PUBLIC_PREFIXES) or \
                path.startswith(SETUP_PREFIX):
            return None
        if current_user.is_authenticated:
            started = flask.session.get("casegraph_login_at", 0)
            if time.time() - float(started) <= max_hours * 3600:
                return None
            logout_user()
            flask.session.clear()
        return _unauthorised(path)

    @server.route("/login", methods=["GET", "POST"])
    def login():
        target = _safe_next(flask.request.values.get("next", "/"))
        if flask.request.method == "GET":
            if current_user.is_authenticated:
                return flask.redirect(target)
            return _page("Log in", _login_form(target))
        name = str(flask.request.form.get("username", ""))[:NAME_LIMIT].strip()
        password = str(flask.request.form.get("password", ""))[:PASSWORD_LIMIT]
        address = flask.request.remote_addr or ""
        outcome = records.users.login(name, password, address)
        if outcome.user is None:
            try:
                records.audit.write(A.LOGIN_FAILED, user=name, status="refused",
                                    details={"reason": outcome.reason, "address": address})
            except AuditUnavailable:
                log.error("failed login of %r not recorded (audit unavailable)", name)
            if outcome.wait_s:
                message = (f"Too many failed logins: try again in "
                           f"{int(outcome.wait_s) + 1} seconds.")
                return _page("Log in", _login_form(target, message)), 429
            return _page("Log in", _login_form(target, "Wrong user name or password.")), 401
        try:
            records.audit.write(A.LOGIN, user=outcome.user.name, role=outcome.user.role,
                                details={"address": address})
        except AuditUnavailable as exc:
            return _page("Log in", _login_form(target, str(exc))), 503
        flask.session.clear()
        login_user(LoginUser(outcome.user))
        flask.session.permanent = True
        flask.session["casegraph_login_at"] = time.time()
        return flask.redirect(target)

    @server.route("/logout", methods=["POST"])
    def logout():
        if current_user.is_authenticated:
            try:
                records.audit.write(A.LOGOUT, user=current_user.actor.user,
                                    role=current_user.actor.role)
            except AuditUnavailable:
                log.error("logout of %s not recorded", current_user.actor.user)
            logout_user()
        flask.session.clear()
        return flask.redirect("/login")

    @server.route("/setup/<token>", methods=["GET", "POST"])
    def setup(token: str):
        if not records.users.setup_token_valid(token):
            return _page("Set-up", "<p>This set-up link is not valid (it was used, it "
                         "expired, or accounts exist already). <a href=\"/login\">Log in</a>."
                         "</p>"), 404
        if flask.request.method == "GET":
            return _page("Set up casegraph", _setup_form(token))
        name = str(flask.request.form.get("username", ""))[:NAME_LIMIT].strip()
        password = str(flask.request.form.get("password", ""))[:PASSWORD_LIMIT]
        if password != str(flask.request.form.get("confirm", ""))[:PASSWORD_LIMIT]:
            return _page("Set up casegraph", _setup_form(token, "The passwords differ.")), 400
        try:
            check_name(name)
            check_password(password)
            records.audit.write(A.USER_ADDED, user=name, role="admin",
                                details={"account": name, "role": "admin", "via": "set-up link"})
            user = records.users.complete_setup(token, name, password)
        except (UserError, Refused) as exc:
            return _page("Set up casegraph", _setup_form(token, str(exc))), 400
        flask.session.clear()
        login_user(LoginUser(user))
        flask.session.permanent = True
        flask.session["casegraph_login_at"] = time.time()
        return flask.redirect("/")


def announce_setup(ws: Any, base_url: str) -> str | None:
    """With no accounts yet, make a one-time set-up link and print it; returns the link."""
    token = records_for(ws).users.new_setup_token()
    if token is None:
        return None
    link = f"{base_url.rstrip('/')}{SETUP_PREFIX}{token}"
    print("\n" + "=" * 72 + "\ncasegraph has no user accounts yet. Open this one-time link to "
          f"choose the first\nadmin's name and password (valid for 24 hours):\n\n    {link}\n"
          + "=" * 72 + "\n", flush=True)
    return link


def _unauthorised(path: str):
    wants_page = flask.request.method == "GET" and not path.startswith("/_dash") and \
        "text/html" in flask.request.headers.get("Accept", "")
    if wants_page:
        return flask.redirect("/login?next=" + flask.request.full_path.rstrip("?"))
    return flask.jsonify({"error": "log in first"}), 401


def _safe_next(target: str) -> str:
    """Only a path on this server (no scheme, no host, no ``//``)."""
    parts = urlsplit(str(target or "/"))
    if parts.scheme or parts.netloc or not parts.path.startswith("/") or \
            parts.path.startswith("//") or "\\" in parts.path:
        return "/"
    return parts.path + (f"?{parts.query}" if parts.query else "")


def _page(title: str, body: str) -> str:
    return (
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">"
        f"<title>{html.escape(title)} · casegraph</title>"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
        "<link rel=\"icon\" href=\"/_favicon.ico\">"
        "<link rel=\"stylesheet\" href=\"/assets/casegraph.css\">"
        "<link rel=\"stylesheet\" href=\"/assets/access.css\"></head>"
        "<body class=\"cg-login-body\"><main class=\"cg-login\">"
        "<div class=\"cg-brand\"><span class=\"cg-brand-mark\">◉</span>"
        "<span class=\"cg-brand-name\">casegraph</span></div>"
        f"<h1>{html.escape(title)}</h1>{body}</main></body></html>")


def _error(message: str) -> str:
    return f"<p class=\"cg-login-error\" role=\"alert\">{html.escape(message)}</p>" \
        if message else ""


def _login_form(target: str, message: str = "") -> str:
    return (
        _error(message)
        + "<form method=\"post\" action=\"/login\" class=\"cg-login-form\">"
        f"<input type=\"hidden\" name=\"next\" value=\"{html.escape(target)}\">"
        "<label>User name <input name=\"username\" autocomplete=\"username\" required "
        f"maxlength=\"{NAME_LIMIT}\" autofocus></label>"
        "<label>Password <input name=\"password\" type=\"password\" "
        "autocomplete=\"current-password\" required></label>"
        "<button type=\"submit\" class=\"cg-button cg-button-primary\">Log in</button>"
        "</form><p class=\"cg-login-note\">Everything you open, change, look up or export "
        "is recorded with your name.</p>")


def _setup_form(token: str, message: str = "") -> str:
    return (
        "<p>Choose the name and password of the first admin. Admins add the other "
        "accounts with <code>python -m casegraph.users add</code>.</p>"
        + _error(message)
        + f"<form method=\"post\" action=\"{SETUP_PREFIX}{html.escape(token)}\" "
        "class=\"cg-login-form\">"
        "<label>User name <input name=\"username\" autocomplete=\"username\" required "
        f"maxlength=\"{NAME_LIMIT}\" autofocus></label>"
        "<label>Password (at least 10 characters) <input name=\"password\" type=\"password\" "
        "autocomplete=\"new-password\" required minlength=\"10\"></label>"
        "<label>Password again <input name=\"confirm\" type=\"password\" "
        "autocomplete=\"new-password\" required minlength=\"10\"></label>"
        "<button type=\"submit\" class=\"cg-button cg-button-primary\">Create the admin "
        "account</button></form>")
