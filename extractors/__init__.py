"""Pure functions from a paper's normalised text to typed facts with character spans.

Every module here takes text (and, where it needs them, the paper's sections) and returns
frozen dataclasses from :mod:`extractors.facts`. Nothing here reads files or touches the
database: that is the job of :mod:`pipeline`.
"""
