"""Render a page as a pre-rendered frame around its own blocks.

A record page is base.html (head, header, department navigation, footer)
around three blocks: title, breadcrumbs and content. Everything outside the
blocks is the same for every decision page of a department, yet rendering it
through template inheritance cost as much as the page's own content. A Frame
is the page rendered once with each block replaced by a marker, split at the
markers; a page is then the frame's text with its blocks rendered in
between — the same bytes Template.render gives, at a fraction of the cost.

This leans on two details of Jinja's runtime (3.x): a Context's `blocks`
(name → block functions, most derived first) and a template's
`root_render_func`; both are what Template.render itself uses.

A frame is rendered with the variables the caller declares the same for
all pages sharing it, and every other variable of the page replaced by a
stand-in that raises when the template uses it: a template that uses a
page's own variables outside its blocks (or sets variables at top level)
cannot be framed, and `make` returns None so the caller renders it whole.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import NoReturn

from jinja2 import Template
from jinja2.runtime import Context

_MARKER = "\x00gongshi-block:{}\x00"
_SPLIT = re.compile("\x00gongshi-block:([^\x00]*)\x00")

BlockFunction = Callable[[Context], Iterator[str]]


class _Marked(dict):
    """A context's blocks in which every block, also those a parent template adds, renders as its marker."""

    def setdefault(self, name: str, default: list) -> list:  # type: ignore[override]
        if name not in self:
            self[name] = [_marker(name)]
        return self[name]


def _marker(name: str) -> BlockFunction:
    text = _MARKER.format(name)

    def block(context: Context) -> Iterator[str]:
        yield text

    return block


class Frame:
    """A template's output outside its blocks, for pages that share the same frame variables."""

    __slots__ = ("template", "pieces", "chains", "globals", "globals_keys", "imports")

    def __init__(self, template: Template, pieces: list, chains: dict[str, list], imports: dict) -> None:
        self.template = template
        self.pieces = pieces  # text (UTF-8), block function, text, block function, …, text
        self.chains = chains  # the blocks as Template.render would resolve them
        self.globals = dict(template.globals)  # what Template.new_context puts under a page's variables
        self.globals_keys = set(template.globals)
        self.imports = imports  # the template's top-level {% import %}s: the same modules for every page

    def render(self, variables: dict) -> bytes:
        """The page for `variables` (as for Template.render, frame variables included), in UTF-8.

        UTF-8 because the frame's text is encoded once: encoding a whole page
        cost about as much as rendering its blocks.
        """
        template = self.template
        env = template.environment
        # the Context Template.new_context makes, without re-reading the globals for every page,
        # and as the template's root function leaves it for the blocks
        ctx = env.context_class(env, {**self.globals, **variables}, template.name, {})
        ctx.globals_keys = self.globals_keys
        ctx.blocks = self.chains
        ctx.vars.update(self.imports)
        out: list[bytes] = []
        try:
            for piece in self.pieces:
                if type(piece) is bytes:
                    out.append(piece)
                else:
                    out.append("".join(piece(ctx)).encode("utf-8"))
        except Exception:
            env.handle_exception()
        return b"".join(out)


class _PageOwn(Exception):
    """A page's own variable was used outside the blocks."""


class _PageVariable:
    """Stands for one of the page's own variables while its frame is rendered."""

    __slots__ = ("name",)

    def __init__(self, name: str) -> None:
        self.name = name

    def _used(self, *args: object, **kwargs: object) -> NoReturn:
        raise _PageOwn(self.name)

    __str__ = __repr__ = __format__ = __html__ = __bool__ = __len__ = __iter__ = __contains__ = _used
    __getitem__ = __call__ = __eq__ = __ne__ = __lt__ = __le__ = __gt__ = __ge__ = __hash__ = _used
    __add__ = __radd__ = __mul__ = __int__ = __float__ = __index__ = _used

    def __getattr__(self, name: str) -> NoReturn:
        raise _PageOwn(self.name)


def make(template: Template, frame_variables: dict, page_variables: dict) -> Frame | None:
    """The frame of `template` given the variables shared by its pages; None if it cannot be framed.

    `page_variables` are one page's (frame variables included); only their names are used.
    """
    ctx = template.new_context(
        {**{name: _PageVariable(name) for name in page_variables}, **frame_variables}
    )
    ctx.blocks = _Marked({name: [_marker(name)] for name in template.blocks})
    try:
        text = "".join(template.root_render_func(ctx))
    except Exception:  # _PageOwn, or an error that rendering the page whole will report
        return None
    if ctx.exported_vars:  # a top-level {% set %}: its value may differ from page to page
        return None
    chains = {
        name: ([template.blocks[name]] if name in template.blocks else []) + marked[1:]
        for name, marked in ctx.blocks.items()
    }
    parts = _SPLIT.split(text)
    pieces: list = []
    for i, part in enumerate(parts):
        if i % 2 == 0:
            if "\x00" in part:
                return None
            pieces.append(part.encode("utf-8"))
        elif not chains.get(part):
            return None
        else:
            pieces.append(chains[part][0])
    return Frame(template, pieces, chains, dict(ctx.vars))
