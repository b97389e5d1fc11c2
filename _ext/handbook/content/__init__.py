"""The content model, read without Sphinx: names, dates, a file's text, front matter, where each
thing lives, the registry of people, headings, which files are sources, the tree every note is
checked against, and which characters the printed fonts hold."""
