"""More ways a theory is floated (general incident phrasing, not taken from any incident channel):

- an alternative opened with "or" ("or the session store got flushed, that would log everyone out"), a
  guess even when it reads as a finding ("or something in the new proxy config drops idle conns"), or
  with "unless" ("unless the gc ran on the new build");
- a check named with what it checks for ("checking whether the replica failed over and clients loop");
- a change named as the suspect by a closing word ("… 4 min before the errors. strong suspect");
- a question whether a change broke something ("is the proxy update breaking the health checks?"):
  the word "update" makes a question about progress only when it asks for one ("any update?",
  "status update?", "posting an update").
"""

from __future__ import annotations

import pytest

from tests.analysis.reading_support import board


@pytest.mark.parametrize(
    ("text", "subject"),
    [
        ("or the session store got flushed, that would log everyone out", "session store"),
        ("or maybe a tenant import flooding the queue, we saw that in march", "queue"),
        ("or it's the disk - a noisy neighbour on that host would look like this too", "disk"),
        ("checking whether the replica failed over and clients are reconnecting in a loop", "replica"),
        ("the proxy config rolled out at 10:02, 4 min before the errors. strong suspect", "proxy"),
        ("is the proxy update breaking the health checks?", "proxy"),
        ("did the kernel upgrade break the nic driver?", "kernel"),
        ("or somebody changed the bucket policy on the backups bucket", "bucket policy"),
        ("unless the gc ran on the new build and collected the old manifests' blocks. checking", "gc"),
        ("or something in the new proxy config drops idle conns", "proxy config"),  # a guess, not a cause
    ],
)
def test_a_theory_is_raised(text: str, subject: str) -> None:
    hs = board(text)
    assert len(hs) == 1
    assert subject in hs[0].statement.lower()
    assert hs[0].status == "open"


@pytest.mark.parametrize(
    "text",
    [
        "any update on the replica?",
        "status update for the page?",
        "posting an update on the status page now",
        "or we roll back and look tomorrow",
        "or not, up to you",
        "unless we hear otherwise, we keep the flag off",
    ],
)
def test_no_theory(text: str) -> None:
    assert board(text) == ()
