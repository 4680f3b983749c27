"""Ratsspur's stages: ingest files, normalise text, run the extractors, link papers, load SQLite,
publish with Datasette. Orchestration and I/O live here; the rules live in :mod:`extractors`."""

__version__ = "0.1.0"
