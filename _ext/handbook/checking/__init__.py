"""The rules a note follows and `check`, which applies them to the whole tree without Sphinx, in
the build's words: what markup a note may use, the directives' and roles' rules, the reading of
a note's markup, the mistakes of a file."""
