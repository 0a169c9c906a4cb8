"""GitHub Issues over REST v3: create, update and find one issue per action item."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

import httpx2

from bot.core.trackers import IssueRef, IssueSpec
from bot.errors import TrackerError
from bot.trackers.http import USER_AGENT, send

API_VERSION = "2022-11-28"
LABEL = "sitrep"


def _md(text: str) -> str:
    """Text shown as typed: no HTML, no hidden comment, no @mention that pings someone on GitHub."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("@", "&#64;")


def labels(spec: IssueSpec) -> list[str]:
    found = [LABEL, f"category:{spec.category.replace(' ', '-')}", f"horizon:{spec.horizon.replace('_', '-')}"]
    if spec.due is not None:
        found.append(f"due:{spec.due.isoformat()}")
    return found


def body(spec: IssueSpec) -> str:
    """The issue body: the item, where it comes from, its evidence, and the key marker (invisible)."""
    lines = [
        _md(spec.text),
        "",
        f"**Incident:** {_md(spec.incident)} · [postmortem]({spec.postmortem_url})",
        f"**Category:** {spec.category} · **Horizon:** {spec.horizon.replace('_', ' ')}",
    ]
    if spec.owner:
        lines.append(f"**Owner:** {_md(spec.owner)}")
    if spec.due is not None:
        lines.append(f"**Due: {spec.due.isoformat()}**")
    elif spec.due_text:
        lines.append(f"**Due:** {_md(spec.due_text)}")
    if spec.citations:
        lines.append("**Evidence:** " + " ".join(f"[{i}]({url})" for i, url in enumerate(spec.citations, 1)))
    lines += ["", "_Created by Sitrep from the postmortem's action items._", f"<!-- sitrep:key={spec.marker} -->"]
    return "\n".join(lines)


class GitHubTracker:
    """Issues in one repository; the token is sent as ``Authorization: Bearer``."""

    name = "github"

    def __init__(
        self,
        repo: str,
        token: str,
        *,
        now: Callable[[], datetime],
        api_url: str = "https://api.github.com",
        timeout: float = 10.0,
        transport: httpx2.BaseTransport | None = None,
    ) -> None:
        self._path = f"/repos/{repo}/issues"
        self._now = now
        self._client = httpx2.Client(
            base_url=api_url.rstrip("/"),
            headers={
                "Authorization": f"Bearer {token}",
                "Accept": "application/vnd.github+json",
                "X-GitHub-Api-Version": API_VERSION,
                "User-Agent": USER_AGENT,
            },
            timeout=timeout,
            transport=transport,
        )

    def close(self) -> None:
        self._client.close()

    def _fields(self, spec: IssueSpec) -> dict[str, Any]:
        return {
            "title": spec.title,
            "body": body(spec),
            "labels": labels(spec),
            "assignees": [spec.assignee] if spec.assignee else [],
        }

    def _ref(self, response: httpx2.Response) -> IssueRef:
        data = response.json()
        if not isinstance(data, dict) or "number" not in data:
            raise TrackerError("GitHub answered without an issue number", kind="unavailable")
        return IssueRef(str(data["number"]), str(data.get("html_url") or ""), response.headers.get("etag"))

    def create(self, spec: IssueSpec) -> IssueRef:
        return self._ref(send(self._client, "POST", self._path, now=self._now(), json=self._fields(spec)))

    def update(self, issue_id: str, spec: IssueSpec) -> IssueRef:
        path = f"{self._path}/{issue_id}"
        return self._ref(send(self._client, "PATCH", path, now=self._now(), json=self._fields(spec)))

    def find(self, spec: IssueSpec) -> IssueRef | None:
        """Scan Sitrep's labelled issues for the key marker (the list has no search lag)."""
        marker = f"<!-- sitrep:key={spec.marker} -->"
        params = {"labels": LABEL, "state": "all", "per_page": "100", "sort": "created", "direction": "desc"}
        response = send(self._client, "GET", self._path, now=self._now(), params=params)
        issues = response.json()
        for issue in issues if isinstance(issues, list) else []:
            if isinstance(issue, dict) and marker in str(issue.get("body") or ""):
                return IssueRef(str(issue["number"]), str(issue.get("html_url") or ""))
        return None
