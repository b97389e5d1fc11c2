"""Sphinx reading the sources: a file's bytes and mistakes, the markup a note may not use refused,
the directives and roles, each page's facts, the generated person and year pages, and what keeps
an incremental build equal to a clean one."""
