"""What a rebuild may take over from the previous build, and the one interface every renderer has.

A region's output is mostly per department: its pages, its feeds, its rows
in the database. A rebuild after one decision changed should only redo that
department's share, and still produce exactly what a clean build would. The
build computes `Keys` from the Publication (hashes of what publicity decided,
never of the day), compares them with the live output's, and hands each
renderer a `RenderJob`: the publication, the departments that changed (None:
all of them), the live output to reuse from, the folder to write and the
cache. Each returns `Rendered`: how many files, and which departments it
rendered anew (a test holds a rebuild to rendering no more than changed).
"""

from __future__ import annotations

import hashlib
import io
import pickle
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Generic, TypeVar

from .takeover import Patch

if TYPE_CHECKING:
    from .publicity import Publication

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Keys:
    """Content hashes of a build's inputs, split so that a change in one department shows in one key.

    `common` covers everything every output may depend on besides the
    departments' own records: code, libraries, templates, content pages,
    settings, region.yaml, as_of, and the departments' slugs and names in
    order (every page's navigation lists them). `departments` maps each slug
    to a hash of its PublicDepartment: the department as published.
    """

    common: str
    departments: dict[str, str] = field(default_factory=dict)

    def changed(self, previous: Keys | None) -> set[str] | None:
        """Slugs whose output must be made anew, or None when everything must (no usable previous build)."""
        if previous is None or previous.common != self.common:
            return None
        return {slug for slug, key in self.departments.items() if previous.departments.get(slug) != key}

    def to_json(self) -> dict:
        return {"common": self.common, "departments": dict(sorted(self.departments.items()))}

    @classmethod
    def from_json(cls, data: object) -> Keys | None:
        if not isinstance(data, dict) or not isinstance(data.get("common"), str):
            return None
        depts = data.get("departments")
        if not isinstance(depts, dict) or not all(isinstance(v, str) for v in depts.values()):
            return None
        return cls(data["common"], dict(depts))


def content_key(value: object) -> str:
    """A hash of a value made of dicts, lists, strings, numbers and dates (a PublicDepartment)."""
    return digest(value).hex()


def digest(value: object) -> bytes:
    """content_key's hash as its 32 bytes: what a million records' hashes are kept as (half a hex text's size)."""
    return hashlib.sha256(dumps(value)).digest()


def dumps(value: object) -> bytes:
    """Pickle bytes that depend only on the value, not on which of its parts are the same object.

    Pickle writes an object met twice as a reference to the first, so equal
    values could pickle differently when one shares a string or date that the
    other holds twice (parsers cache such values): the key would change with
    nothing changed. Fast mode keeps no such memo (the values have no cycles).
    """
    buffer = io.BytesIO()
    pickler = pickle.Pickler(buffer, protocol=5)
    pickler.fast = True
    pickler.dump(value)
    return buffer.getvalue()


@dataclass(frozen=True, slots=True)
class RenderJob:
    """What a renderer is given: the same for the site, the feeds and the open data."""

    publication: Publication
    out: Path  # the surface's folder in the new output
    config: object  # build.BuildConfig: the project folder, base and API addresses
    changed: frozenset[str] | None = None  # departments whose output must be made anew; None: everything
    live: Path | None = None  # the surface's folder in the live output, which unchanged departments come from
    cache: Path | None = None  # the surface's folder in the build cache (never published)
    keys: Keys | None = None  # this build's keys, for caches keyed by a department's content

    def reusable(self, slug: str) -> bool:
        """Whether the department's output may come from the live output or the cache."""
        return self.changed is not None and self.live is not None and slug not in self.changed


@dataclass(slots=True)
class Rendered:
    """What a renderer did: the files it wrote and the departments whose share it rendered anew."""

    files: int
    departments: set[str] = field(default_factory=set)
    # departments whose live folder the output takes over in part, and what of it (see takeover.Patch)
    patches: dict[str, Patch] = field(default_factory=dict)
    # folders (relative to the output) the output takes over whole from the live output, as they are unchanged,
    # with the number of files in each
    whole: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Later(Generic[T]):
    """A render that goes on outside this process (Pagefind indexing the search's last bundles): `finish` waits for
    it and gives its result; `cancel` stops it (what it wrote is then to be thrown away)."""

    finish: Callable[[], T]
    cancel: Callable[[], None]
