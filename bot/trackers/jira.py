"""Jira Cloud over REST v3: create, update and find one issue per action item (ADF descriptions)."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from datetime import datetime
from typing import Any

import httpx2

from bot.core.trackers import IssueRef, IssueSpec
from bot.trackers.http import USER_AGENT, send

LABEL = "sitrep"
Node = dict[str, Any]


def key_label(spec: IssueSpec) -> str:
    """A label per action item (labels cannot hold spaces or ``/``): how ``find`` recognises it."""
    return "sitrep-" + hashlib.sha256(spec.marker.encode()).hexdigest()[:12]


def labels(spec: IssueSpec) -> list[str]:
    return [
        LABEL,
        f"category-{spec.category.replace(' ', '-')}",
        f"horizon-{spec.horizon.replace('_', '-')}",
        key_label(spec),
    ]


def _text(value: str, *marks: Node) -> Node:
    return {"type": "text", "text": value, **({"marks": list(marks)} if marks else {})}


def _link(label: str, href: str) -> Node:
    return _text(label, {"type": "link", "attrs": {"href": href}})


def _para(*inline: Node) -> Node:
    return {"type": "paragraph", "content": [n for n in inline if n.get("text")]}


def description(spec: IssueSpec) -> Node:
    """The ADF document: the item, where it comes from, owner, due words, evidence links.

    ADF carries text as text (no markup is parsed), and empty text nodes are invalid, so none is made.
    """
    strong = {"type": "strong"}
    blocks = [
        _para(_text(spec.text)),
        _para(_text("Incident: ", strong), _text(spec.incident + " · "), _link("postmortem", spec.postmortem_url)),
        _para(
            _text("Category: ", strong),
            _text(f"{spec.category} · "),
            _text("Horizon: ", strong),
            _text(spec.horizon.replace("_", " ")),
        ),
    ]
    if spec.owner:
        blocks.append(_para(_text("Owner: ", strong), _text(spec.owner)))
    if spec.due_text and spec.due is None:
        blocks.append(_para(_text("Due: ", strong), _text(spec.due_text)))
    if spec.citations:
        links: list[Node] = [_text("Evidence: ", strong)]
        for i, url in enumerate(spec.citations, 1):
            links += [_link(f"[{i}]", url), _text(" ")]
        blocks.append(_para(*links[:-1]))
    return {"type": "doc", "version": 1, "content": blocks}


class JiraTracker:
    """Issues in one Jira Cloud project; ``Authorization: Basic base64(email:api_token)``."""

    name = "jira"

    def __init__(
        self,
        url: str,
        project: str,
        email: str,
        token: str,
        *,
        now: Callable[[], datetime],
        issue_type: str = "Task",
        timeout: float = 10.0,
        transport: httpx2.BaseTransport | None = None,
    ) -> None:
        self._base = url.rstrip("/")
        self._project = project
        self._issue_type = issue_type
        self._now = now
        self._client = httpx2.Client(
            base_url=self._base,
            auth=httpx2.BasicAuth(email, token),
            headers={"Accept": "application/json", "User-Agent": USER_AGENT},
            timeout=timeout,
            transport=transport,
        )

    def close(self) -> None:
        self._client.close()

    def _fields(self, spec: IssueSpec) -> dict[str, Any]:
        return {
            "summary": spec.title,
            "description": description(spec),
            "labels": labels(spec),
            "assignee": {"accountId": spec.assignee} if spec.assignee else None,
            "duedate": spec.due.isoformat() if spec.due else None,
        }

    def _ref(self, key: str) -> IssueRef:
        return IssueRef(key, f"{self._base}/browse/{key}")

    def create(self, spec: IssueSpec) -> IssueRef:
        fields = {
            "project": {"key": self._project},
            "issuetype": {"name": self._issue_type},
            **{k: v for k, v in self._fields(spec).items() if v is not None},
        }
        response = send(self._client, "POST", "/rest/api/3/issue", now=self._now(), json={"fields": fields})
        return self._ref(str(response.json()["key"]))

    def update(self, issue_id: str, spec: IssueSpec) -> IssueRef:
        # PUT answers 204 without a body; None clears a field (owner or due date removed).
        send(self._client, "PUT", f"/rest/api/3/issue/{issue_id}", now=self._now(), json={"fields": self._fields(spec)})
        return self._ref(issue_id)

    def find(self, spec: IssueSpec) -> IssueRef | None:
        jql = f'project = "{self._project}" AND labels = "{key_label(spec)}"'
        response = send(
            self._client, "GET", "/rest/api/3/search/jql", now=self._now(), params={"jql": jql, "fields": "key"}
        )
        issues = response.json().get("issues") or []
        return self._ref(str(issues[0]["key"])) if issues else None
