"""A local Jira Cloud REST v3: create, edit and search issues of one project."""

from __future__ import annotations

import base64
import re
from collections.abc import Iterable, Mapping
from typing import Any

from bot.sandbox.trackers.server import JSON, Answer, Fault, StandIn

_ISSUE = re.compile(r"/rest/api/3/issue(?:/(?P<key>[A-Z][A-Z0-9]*-\d+))?")
_LABEL_JQL = re.compile(r'labels = "(?P<label>[^"]+)"')


class LocalJira(StandIn):
    """``POST /rest/api/3/issue``, ``PUT /rest/api/3/issue/{key}`` and ``GET /rest/api/3/search/jql``.

    Basic auth must be ``email:token``; only ``accounts`` may be assignees (anyone else: 400 with
    ``errors.assignee``, as Jira answers); descriptions must be ADF documents (``version`` 1,
    no empty text node); labels may not contain spaces.
    """

    def __init__(
        self,
        *,
        project: str = "OPS",
        email: str = "bot@example.com",
        token: str = "jira-local",  # noqa: S107  # the stand-in's own fake token
        accounts: Iterable[str] = (),
    ) -> None:
        super().__init__()
        self.project = project
        self._auth = "Basic " + base64.b64encode(f"{email}:{token}".encode()).decode()
        self.accounts = set(accounts)
        self.issues: dict[str, dict[str, Any]] = {}

    def __enter__(self) -> LocalJira:
        self.start()
        return self

    def authorized(self, auth: str | None) -> bool:
        return auth == self._auth

    def unauthorized(self) -> Answer:
        return 401, {"errorMessages": ["You are not authenticated."], "errors": {}}, {}

    def rate_limit(self, *, retry_after: int = 5, reset: str | None = None) -> None:
        """The next request gets 429 with ``Retry-After`` (and ``X-RateLimit-Reset`` when given)."""
        headers = {"Retry-After": str(retry_after), "RateLimit-Reason": "jira-burst-based"}
        if reset is not None:
            headers["X-RateLimit-Reset"] = reset
        self.fail(Fault(429, {"errorMessages": ["Rate limit exceeded."]}, headers, name="rate_limit"))

    def _problems(self, fields: Mapping[str, Any]) -> dict[str, str]:
        errors: dict[str, str] = {}
        assignee = fields.get("assignee")
        if isinstance(assignee, Mapping) and assignee.get("accountId") not in self.accounts:
            errors["assignee"] = f"User '{assignee.get('accountId')}' cannot be assigned issues."
        labels = fields.get("labels") or []
        if any(" " in str(label) for label in labels):
            errors["labels"] = "The label contains spaces which is invalid."
        desc = fields.get("description")
        if desc is not None and not _adf_ok(desc):
            errors["description"] = "Operation value must be an Atlassian Document."
        due = fields.get("duedate")
        if due is not None and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", str(due)):
            errors["duedate"] = "Error parsing date string."
        return errors

    def route(self, method: str, path: str, query: Mapping[str, str], body: JSON) -> Answer:
        if method == "GET" and path == "/rest/api/3/search/jql":
            found = _LABEL_JQL.search(query.get("jql") or "")
            keys = [k for k, f in self.issues.items() if found and found["label"] in (f.get("labels") or [])]
            return 200, {"issues": [{"id": str(10000 + int(k.split("-")[1])), "key": k} for k in keys]}, {}
        match = _ISSUE.fullmatch(path)
        if match is None:
            return 404, {"errorMessages": ["Not found"], "errors": {}}, {}
        fields = (body or {}).get("fields") if isinstance(body, Mapping) else None
        if not isinstance(fields, Mapping):
            return 400, {"errorMessages": ["No fields given."], "errors": {}}, {}
        if method == "POST" and match["key"] is None:
            errors = self._problems(fields)
            if (fields.get("project") or {}).get("key") != self.project:
                errors["project"] = "valid project is required"
            if not str(fields.get("summary") or "").strip():
                errors["summary"] = "You must specify a summary of the issue."
            if errors:
                return 400, {"errorMessages": [], "errors": errors}, {}
            key = f"{self.project}-{len(self.issues) + 1}"
            self.issues[key] = dict(fields)
            n = 10000 + len(self.issues)
            return 201, {"id": str(n), "key": key, "self": f"{self.url}/rest/api/3/issue/{n}"}, {}
        if method == "PUT" and match["key"] is not None:
            if match["key"] not in self.issues:
                return 404, {"errorMessages": ["Issue does not exist or you do not have permission to see it."]}, {}
            errors = self._problems(fields)
            if errors:
                return 400, {"errorMessages": [], "errors": errors}, {}
            self.issues[match["key"]].update(fields)
            return 204, None, {}
        return 405, {"errorMessages": ["Method not allowed"], "errors": {}}, {}


def _adf_ok(node: Any, top: bool = True) -> bool:
    """The few ADF rules a real Jira enforces that a builder can get wrong."""
    if not isinstance(node, Mapping) or not isinstance(node.get("type"), str):
        return False
    if top and (node.get("type") != "doc" or node.get("version") != 1):
        return False
    if node["type"] == "text":
        return isinstance(node.get("text"), str) and len(node["text"]) > 0
    if top and any(isinstance(c, Mapping) and c.get("type") == "text" for c in node.get("content") or []):
        return False
    return all(_adf_ok(c, top=False) for c in node.get("content") or [])
