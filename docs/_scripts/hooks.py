"""MkDocs hook: let the API reference render summitlib's reST-flavoured docstrings.

The docstrings follow the Python habit the project's style asks for: ``>>>`` examples that
doctest runs, ``:class:`Summit``` roles and ``::`` literal blocks. Markdown knows none of
these, and reads doctest output such as ``[True]`` as a link. This hook adds a small Markdown
preprocessor, used for the pages and for the docstrings mkdocstrings renders, that fences each
run of ``>>>`` lines as ``pycon`` code, turns roles into inline code and ``::`` into ``:``.
Listed under ``hooks:`` in ``mkdocs.yml``.
"""

from __future__ import annotations

import re
from typing import Any

from markdown import Extension, Markdown
from markdown.preprocessors import Preprocessor

_ROLE = re.compile(r":(?:py:)?(?:class|func|meth|attr|data|mod|exc|obj|const):`~?([^`]+)`")
_FENCE = re.compile(r"^\s*(```|~~~)")


class _DocstringPreprocessor(Preprocessor):
    def run(self, lines: list[str]) -> list[str]:
        out: list[str] = []
        fenced = False
        in_doctest = False
        for line in lines:
            if _FENCE.match(line) and not in_doctest:
                fenced = not fenced
                out.append(line)
                continue
            if fenced:
                out.append(line)
                continue
            if in_doctest:
                if line.strip():
                    out.append(line)
                    continue
                out.append("```")
                in_doctest = False
            if line.startswith(">>> "):
                if out and out[-1].strip():
                    out.append("")
                out.extend(["```pycon", line])
                in_doctest = True
                continue
            line = _ROLE.sub(lambda match: f"`{match.group(1).rsplit('.', 1)[-1]}`", line)
            if line.endswith("::") and not line.lstrip().startswith(":"):
                line = line[:-1]
            out.append(line)
        if in_doctest:
            out.append("```")
        return out


class DocstringExtension(Extension):
    """Fence doctest examples and simplify reST roles before other preprocessors run."""

    def extendMarkdown(self, md: Markdown) -> None:
        # Above the fenced-code preprocessors (priority 25 and up), so our fences are seen.
        md.preprocessors.register(_DocstringPreprocessor(md), "summitlib-docstrings", 40)


def on_config(config: Any) -> Any:
    """Add the extension to the Markdown extensions of the site (and so of mkdocstrings)."""
    config.markdown_extensions.append(DocstringExtension())
    return config
