"""postmortem.html: the postmortem's Markdown as one self-contained page, the timeline chart inlined.

markdown-it-py renders with raw HTML off, so anything a message or an edit smuggled into the
Markdown (``<script>``, ``<img onerror>``) comes out as escaped text; only ``data:`` images and
ordinary links survive its link check. No external stylesheet, font or script: the page opens
offline and can be attached to a ticket as it is.
"""

from __future__ import annotations

import base64
from html import escape

from markdown_it import MarkdownIt
from markdown_it.token import Token

from bot.render.chart import CHART_PNG, Chart

HTML = "postmortem.html"

_STYLE = """
body{font-family:-apple-system,"Segoe UI",Helvetica,Arial,sans-serif;max-width:62rem;margin:2rem auto;
padding:0 1rem;color:#1f2328;line-height:1.5}
table{border-collapse:collapse;margin:1rem 0;font-size:.9rem}th,td{border:1px solid #d0d7de;padding:.3rem .6rem;
text-align:left;vertical-align:top}th{background:#f6f8fa}
blockquote{border-left:.25rem solid #d0d7de;margin:0;padding:0 1rem;color:#59636e}
code{background:#f6f8fa;padding:.1rem .3rem;border-radius:4px}
img.timeline{max-width:100%;height:auto;border:1px solid #d0d7de}
"""


def _parser() -> MarkdownIt:
    return MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False}).enable("table")


def _inline_chart(tokens: list[Token], chart: Chart) -> bool:
    """Point every image of timeline.png at the PNG itself (a data: URI); True if one was found."""
    uri = "data:image/png;base64," + base64.b64encode(chart.png).decode("ascii")
    found = False
    for token in tokens:
        for child in token.children or ():
            if child.type == "image" and child.attrGet("src") == CHART_PNG:
                child.attrSet("src", uri)
                child.attrSet("class", "timeline")
                child.attrSet("title", chart.alt)
                found = True
    return found


def postmortem_html(markdown: str, chart: Chart | None) -> str:
    """The page: ``markdown`` rendered (raw HTML escaped), with ``chart`` inlined as a base64 PNG.

    The first heading becomes the page title. When the Markdown does not embed the chart, it is
    placed above the document.
    """
    md = _parser()
    tokens = md.parse(markdown)
    figure = ""
    if chart is not None and not _inline_chart(tokens, chart):
        uri = "data:image/png;base64," + base64.b64encode(chart.png).decode("ascii")
        figure = f'<p><img class="timeline" src="{uri}" alt="{escape(chart.alt)}"></p>\n'
    title = next(
        (tokens[i + 1].content for i, t in enumerate(tokens) if t.type == "heading_open" and i + 1 < len(tokens)),
        "Postmortem",
    )
    body = md.renderer.render(tokens, md.options, {})
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(title)}</title>\n<style>{_STYLE}</style>\n</head>\n<body>\n"
        f"{figure}{body}</body>\n</html>\n"
    )
