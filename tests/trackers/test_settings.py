"""TRACKER settings: one clear line per bad value, and what a mode is missing."""

from __future__ import annotations

import pytest

from bot.config import load_settings, problems_for
from bot.errors import ConfigError


def test_owner_map_is_parsed_and_a_bad_pair_named() -> None:
    """TRACKER_OWNER_MAP=U123=octocat,U456=jdoe -> a mapping; a pair without '=' is named in the error."""
    settings = load_settings(_env_file=None, tracker_owner_map="U123=octocat, U456=jdoe")
    assert settings.owners == {"U123": "octocat", "U456": "jdoe"}
    with pytest.raises(ConfigError) as err:
        load_settings(_env_file=None, tracker_owner_map="U123=octocat,jdoe")
    assert str(err.value).startswith("TRACKER_OWNER_MAP: not SLACK_USER_ID=tracker-user: 'jdoe'")


def test_bad_repo_and_tracker_names_are_one_line_each() -> None:
    with pytest.raises(ConfigError) as err:
        load_settings(_env_file=None, tracker="gitlab", github_repo="acme")
    lines = str(err.value).splitlines()
    assert len(lines) == 2 and lines[0].startswith("TRACKER:") and lines[1].startswith("GITHUB_REPO: not owner/name")


def test_a_tracker_without_its_credentials_is_a_problem_for_socket_and_http() -> None:
    github = load_settings(_env_file=None, tracker="github", github_repo="acme/web")
    assert [p.variable for p in problems_for(github, "socket") if p.variable.startswith("GITHUB")] == ["GITHUB_TOKEN"]
    jira = load_settings(_env_file=None, tracker="jira", jira_url="https://acme.atlassian.net")
    missing = [p.variable for p in problems_for(jira, "http") if p.variable.startswith("JIRA")]
    assert missing == ["JIRA_PROJECT", "JIRA_EMAIL", "JIRA_API_TOKEN"]
    assert not [p for p in problems_for(load_settings(_env_file=None), "socket") if "GITHUB" in p.variable]
