"""Griffe extension for the API reference: the docstrings' reStructuredText bits as Markdown.

The docstrings are numpydoc written for Sphinx: roles (:func:`x`), footnotes
(``.. [1] text`` and ``[1]_``), simple tables (``===  ===``), ``.. math::``
and ``::`` before a literal block. Markdown would print them as they are, so
this rewrites them as mkdocstrings reads each docstring (tables and formulas
as code blocks); the source files are untouched.
Loaded by mkdocs.yml (``extensions``), run from the repository root.
"""

from __future__ import annotations

import re

import griffe

ROLE = re.compile(
    r":(?:py:)?(?:func|meth|class|mod|data|attr|obj|exc|const|ref|term|math):`([^`]+)`"
)
MATH = re.compile(r"^(\s*)\.\. math::[ \t]*(\S.*)?$", re.M)
FOOTNOTE = re.compile(r"^(\s*)\.\. \[(\w+)\]", re.M)
FOOTNOTE_REF = re.compile(r"\[(\w+)\]_")
LITERAL_MARK = re.compile(r"(\S)::$", re.M)
TABLE_BORDER = re.compile(r"^\s*=+( +=+)+\s*$")


def _role(match: re.Match) -> str:
    """``:func:`~a.b.c``` -> ``c``; ``:func:`a.b.c``` -> ``a.b.c``; ``text <target>`` -> text."""
    target = match.group(1)
    if "<" in target:
        return f"`{target.split('<')[0].strip()}`"
    if target.startswith("~"):
        target = target[1:].rsplit(".", 1)[-1]
    return f"`{target}`"


def _tables(text: str) -> str:
    """Simple RST tables (``===`` borders) as indented code blocks, kept as drawn.

    A table starts at a border line and ends at a border line followed by a blank
    line or the end of the text (a header's border is followed by a row).
    """
    lines = text.split("\n")
    out, inside = [], False
    for i, line in enumerate(lines):
        border = bool(TABLE_BORDER.match(line))
        if border and not inside:
            out.append("")
            inside = True
        out.append("    " + line.replace("`", " ") if inside else line)  # keeps the columns
        if border and inside and (i + 1 == len(lines) or not lines[i + 1].strip()):
            out.append("")
            inside = False
    return "\n".join(out)


def rst_to_markdown(text: str) -> str:
    text = ROLE.sub(_role, text)
    text = MATH.sub(lambda m: f"{m.group(1)}    {m.group(2) or ''}", text)  # as code
    text = FOOTNOTE.sub(r"\1\\[\2\\]", text)  # escaped: "[1][2]" would be a link
    text = FOOTNOTE_REF.sub(r"\\[\1\\]", text)
    text = LITERAL_MARK.sub(r"\1:", text)
    return _tables(text)


class RstToMarkdown(griffe.Extension):
    """Rewrite every docstring as it is loaded."""

    def on_instance(self, *, obj: griffe.Object, **kwargs) -> None:
        if obj.docstring is not None:
            obj.docstring.value = rst_to_markdown(obj.docstring.value)
