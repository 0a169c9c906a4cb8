"""postmortem.html: the Markdown rendered with raw HTML escaped, the chart inlined, nothing fetched."""

from __future__ import annotations

import base64
import re

from bot.render.chart import Chart, ChartPlan
from bot.render.html import postmortem_html

from .test_chart import EVENTS, postmortem

PNG = b"\x89PNG\r\n\x1a\nfake"


def chart() -> Chart:
    from bot.render.chart import plan_chart

    plan = plan_chart(postmortem(EVENTS))
    assert isinstance(plan, ChartPlan)
    return Chart(plan=plan, png=PNG, svg=b"<svg/>", alt='alt "quoted" <b>')


def external_refs(html: str) -> list[str]:
    return re.findall(r"""(?:src|href)\s*=\s*["']?\s*(?:https?:)?//""", html, flags=re.IGNORECASE)


def test_the_chart_is_inlined_where_the_markdown_embeds_it() -> None:
    """![Timeline](timeline.png) becomes a data: URI of the PNG; no src or href points outside the page."""
    markdown = "# Postmortem: inc\n\n![Timeline](timeline.png)\n\n| a | b |\n|---|---|\n| 1 | 2 |\n"
    html = postmortem_html(markdown, chart())
    uri = "data:image/png;base64," + base64.b64encode(PNG).decode()
    assert html.count(uri) == 1 and "timeline.png" not in html
    assert "<title>Postmortem: inc</title>" in html and "<table>" in html
    assert 'title="alt &quot;quoted&quot; &lt;b&gt;"' in html
    assert external_refs(html) == []


def test_without_an_embed_the_chart_goes_on_top() -> None:
    """Markdown that does not embed the chart still gets it, above the document."""
    html = postmortem_html("# Title\n\ntext\n", chart())
    assert html.index("data:image/png;base64,") < html.index("<h1>")


def test_raw_html_and_scripts_in_the_markdown_are_escaped() -> None:
    """A message quoting <script>, an <img onerror> or a javascript: link is shown as text, never run."""
    md = (
        "# T <script>alert(1)</script>\n\n"
        '<img src=x onerror="alert(2)">\n\n'
        "[click](javascript:alert(3)) and <https://evil.example/x.js>\n"
    )
    html = postmortem_html(md, None)
    assert "<script>" not in html and "<img" not in html
    assert "&lt;script&gt;" in html and "&lt;img src=x" in html
    assert "javascript:" not in html.replace("[click](javascript:alert(3))", "")
    assert 'href="javascript' not in html
    assert "<title>T &lt;script&gt;alert(1)&lt;/script&gt;</title>" in html
