"""gongshi — 行政执法公示: YAML lists in, an accessible site, feeds and open data out."""

__version__ = "0.1.0"
