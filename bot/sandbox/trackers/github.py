"""A local GitHub Issues API: create, update and list issues of one repository."""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Mapping
from typing import Any

from bot.sandbox.trackers.server import JSON, Answer, Fault, StandIn

_ISSUE = re.compile(r"/repos/(?P<repo>[^/]+/[^/]+)/issues(?:/(?P<number>\d+))?")


class LocalGitHub(StandIn):
    """``POST/PATCH/GET /repos/{owner}/{repo}/issues[/n]`` with GitHub's status codes and headers.

    Only ``token`` is accepted (``Bearer`` or ``token`` scheme), only ``users`` may be assigned
    (anyone else: 422 Validation Failed, as GitHub answers), and issues live in ``issues``.
    """

    def __init__(
        self,
        *,
        repo: str = "acme/web",
        token: str = "ghp-local",  # noqa: S107  # the stand-in's own fake token
        users: Iterable[str] = (),
    ) -> None:
        super().__init__()
        self.repo = repo
        self.token = token
        self.users = set(users)
        self.issues: dict[int, dict[str, Any]] = {}
        self.web_url = "https://github.example"

    def __enter__(self) -> LocalGitHub:
        self.start()
        return self

    @property
    def api_url(self) -> str:
        return self.url

    def authorized(self, auth: str | None) -> bool:
        return auth in (f"Bearer {self.token}", f"token {self.token}")

    def unauthorized(self) -> Answer:
        return 401, {"message": "Bad credentials", "documentation_url": "https://docs.github.com/rest"}, {}

    def rate_limit(self, *, retry_after: int | None = None, reset: int | None = None, status: int = 403) -> None:
        """The next request is refused as over the limit, with ``Retry-After`` or ``X-RateLimit-Reset``."""
        headers = {"X-RateLimit-Limit": "5000", "X-RateLimit-Remaining": "0"}
        if retry_after is not None:
            headers["Retry-After"] = str(retry_after)
        if reset is not None:
            headers["X-RateLimit-Reset"] = str(reset)
        body = {"message": "API rate limit exceeded for user."}
        self.fail(Fault(status, body, headers, name="rate_limit"))

    def _issue(self, number: int) -> dict[str, Any]:
        issue = self.issues[number]
        return {
            "id": 1000 + number,
            "number": number,
            "title": issue["title"],
            "body": issue["body"],
            "state": "open",
            "labels": [{"name": n} for n in issue["labels"]],
            "assignees": [{"login": u} for u in issue["assignees"]],
            "url": f"{self.url}/repos/{self.repo}/issues/{number}",
            "html_url": f"{self.web_url}/{self.repo}/issues/{number}",
        }

    def _ok(self, status: int, number: int) -> Answer:
        data = self._issue(number)
        etag = 'W/"' + hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()[:20] + '"'
        return status, data, {"ETag": etag, "X-RateLimit-Remaining": "4999", "X-RateLimit-Limit": "5000"}

    def _invalid(self, body: Mapping[str, Any]) -> Answer | None:
        if not isinstance(body, Mapping) or not str(body.get("title") or "").strip():
            return (
                422,
                {
                    "message": "Validation Failed",
                    "errors": [{"resource": "Issue", "code": "missing_field", "field": "title"}],
                },
                {},
            )
        unknown = [u for u in body.get("assignees") or [] if u not in self.users]
        if unknown:
            return (
                422,
                {
                    "message": "Validation Failed",
                    "errors": [{"value": unknown[0], "resource": "Issue", "field": "assignees", "code": "invalid"}],
                },
                {},
            )
        return None

    def route(self, method: str, path: str, query: Mapping[str, str], body: JSON) -> Answer:
        match = _ISSUE.fullmatch(path)
        if match is None or match["repo"] != self.repo:
            return 404, {"message": "Not Found"}, {}
        number = int(match["number"]) if match["number"] else None
        if method == "POST" and number is None:
            refused = self._invalid(body)
            if refused:
                return refused
            number = len(self.issues) + 1
            self.issues[number] = {
                "title": body["title"],
                "body": body.get("body") or "",
                "labels": list(body.get("labels") or []),
                "assignees": list(body.get("assignees") or []),
            }
            return self._ok(201, number)
        if method == "PATCH" and number is not None:
            if number not in self.issues:
                return 404, {"message": "Not Found"}, {}
            refused = self._invalid({**self.issues[number], **body})
            if refused:
                return refused
            self.issues[number].update({k: v for k, v in body.items() if k in ("title", "body", "labels", "assignees")})
            return self._ok(200, number)
        if method == "GET" and number is None:
            wanted = query.get("labels")
            found = [self._issue(n) for n in sorted(self.issues, reverse=True)]
            if wanted:
                found = [i for i in found if wanted in [label["name"] for label in i["labels"]]]
            return 200, found, {}
        if method == "GET" and number is not None and number in self.issues:
            return self._ok(200, number)
        return 404, {"message": "Not Found"}, {}
