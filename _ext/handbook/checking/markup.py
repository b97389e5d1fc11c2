"""The markup a note may use, and the rules that refuse the rest.

Notes arrive from many editors and are built on public machines with secrets in their
environment, so a note is content, never code: it may use the handbook's directives and roles,
sphinx-design's display components, admonitions, tables, footnotes, citations, code shown as
text, math of a safe subset, and images and links that stay inside the project or go to the
web. Everything else, and above all what reads a file by path (`include`, `literalinclude`,
`csv-table :file:`, `download`, `raw`), evaluates other markup (`eval-rst`) or runs TeX
primitives, is refused with one located warning and contributes nothing.

These are pure functions of text, used alike by the build (directives.py, safety.py) and by
`python -m handbook check`, so both give the same words at the same line.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from pathlib import Path, PurePosixPath

#: directive → what it is for; every other directive is refused (`directive_refusal`)
DIRECTIVES: dict[str, str] = {
    **dict.fromkeys(("speaker", "keypoints"), "the handbook's speaker cards and key points"),
    **dict.fromkeys(("meetings", "people", "years", "appearances", "digest"), "the handbook's listings"),
    **dict.fromkeys(("handbook-warnings", "handbook-markup", "handbook-example"),
                    "the editors' guide's tables and examples"),
    "toctree": "the pages a section holds",
    **dict.fromkeys(("admonition", "attention", "caution", "danger", "error", "hint", "important", "note",
                     "tip", "warning", "seealso"), "admonitions"),
    **dict.fromkeys(("topic", "sidebar", "rubric", "epigraph", "highlights", "pull-quote", "compound",
                     "container", "line-block", "parsed-literal", "centered", "glossary",
                     "contents"), "text blocks"),
    **dict.fromkeys(("code", "code-block", "sourcecode"), "code shown as typed"),
    **dict.fromkeys(("table", "list-table", "csv-table"), "tables (a csv-table's rows written in the note)"),
    **dict.fromkeys(("image", "figure", "figure-md"), "images from inside the project, or from the web"),
    "math": "math, of the safe subset",
    **dict.fromkeys(("bibliography", "footbibliography"), "works cited, from references.bib"),
    **dict.fromkeys(("grid", "grid-item", "grid-item-card", "card", "card-header", "card-footer",
                     "card-carousel", "tab-set", "tab-item", "tab-set-code", "dropdown", "button-link",
                     "button-ref", "div", "article-info"), "sphinx-design's display components"),
}

#: role → what it is for; every other role is refused (`role_refusal`)
ROLES: dict[str, str] = {
    **dict.fromkeys(("cell", "meeting", "theme", "person", "keypoint"), "the handbook's links"),
    **dict.fromkeys(("doc", "ref", "numref", "term"), "links inside the handbook"),
    **dict.fromkeys(("emphasis", "strong", "literal", "code", "subscript", "superscript", "sub", "sup",
                     "title-reference", "abbr", "abbreviation", "acronym", "kbd", "guilabel",
                     "menuselection", "dfn", "samp", "command"), "inline text styles"),
    "math": "math, of the safe subset",
    "eq": "a link to a numbered equation",
    "lang": "words in another language or script, marked for screen readers and line breaking",
    **dict.fromkeys(("cite", "footcite"), "citations of references.bib (cite:p, cite:t, footcite:p…)"),
    **dict.fromkeys(("bdg", "octicon", "fa", "fab", "far", "fas"), "sphinx-design's badges and icons "
                    "(bdg-*, bdg-link-*, bdg-ref-* too)"),
}
_ROLE_FAMILIES = re.compile(r"(?:bdg|bdg-link|bdg-ref)-[a-z]+(?:-line)?|(?:cite|footcite):[a-z]+|math:numref")

#: why a refused directive or role is dangerous, where it is; the rest are simply not needed
_DANGEROUS = {
    **dict.fromkeys(("include", "literalinclude", "download", "csv-table :file:", "csv-table :url:"),
                    "it reads a file of the build machine"),
    **dict.fromkeys(("raw",), "it passes text to the page unescaped"),
    **dict.fromkeys(("eval-rst", "eval-md"), "it reads other markup with rules of its own"),
    **dict.fromkeys(("meta", "tabularcolumns", "role", "default-role", "title"), "it writes into the page's "
                    "head, its LaTeX or its markup rules"),
}
GUIDE = "see 'What a note may use' in the editors' guide"

#: URL schemes a link may have; a URL without one is a link inside the site
SCHEMES = ("http", "https", "mailto")
#: image formats the website and the printed documents show
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp", ".*")
#: folders of the project no note may reach into: the build's output and every hidden folder
#: (`.git` holds a CI runner's credentials)
_PRIVATE = re.compile(r"^(?:_build|\..*)$")


def allowed_role(name: str) -> bool:
    return name in ROLES or _ROLE_FAMILIES.fullmatch(name) is not None


#: how deeply directives may hold one another: more than any note needs (a speaker card in a
#: tab in a grid is three), and less than both the depth at which reading them exhausts Python's
#: stack (about 60, MyST reading a body by calling itself) and the depth at which boxes nested in
#: a printed document exhaust TeX's input stack (about 12)
NESTING = 8
NESTED_TOO_DEEP = (f"this block holds directives nested more than {NESTING} deep: those deeper are left "
                   "out, with all they hold")


def directive_refusal(name: str) -> str | None:
    """Why a note may not use the directive `name`, or None if it may."""
    if name in DIRECTIVES:
        return None
    reason = _DANGEROUS.get(name, "it is not one a note needs")
    return f"the {{{name}}} directive is not allowed in notes: {reason}; it is left out ({GUIDE})"


def role_refusal(name: str) -> str | None:
    """Why a note may not use the role `name`, or None if it may."""
    if allowed_role(name):
        return None
    reason = _DANGEROUS.get(name, "it is not one a note needs")
    return f"the {{{name}}} role is not allowed in notes: {reason}; its text is shown as typed ({GUIDE})"


def option_refusal(directive: str, options: Mapping[str, object]) -> str | None:
    """A csv-table whose rows come from a file or an address is refused (its rows must be typed)."""
    for option in ("file", "url"):
        if directive == "csv-table" and option in options:
            return (f"a csv-table with :{option}: is not allowed in notes: it reads a file of the build "
                    f"machine; write the rows in the note; the table is left out ({GUIDE})")
    return None


CODE_BLOCKS = ("code-block", "code", "sourcecode")


def lines_refusal(directive: str, options: Mapping[str, object], lines: int) -> str | None:
    """Lines to emphasise beyond the `lines` a code block has: Sphinx lists every number of a
    range before it looks, so `1-60000000` would take gigabytes."""
    spec = str(options.get("emphasize-lines", "")) if directive in CODE_BLOCKS else ""
    if any(int(number) > lines for number in re.findall(r"\d+", spec)):
        return (f":emphasize-lines: {spec!r} names lines this block of {lines} does not have; the option is "
                "left out")
    return None


def _plain(url: str) -> str:
    """The URL as a browser reads it: it drops surrounding spaces and control characters, and
    tabs and line breaks anywhere (WHATWG URL Standard, "basic URL parser")."""
    return re.sub(r"[\t\n\r]", "", url).strip("\x00\x01\x02\x03\x04\x05\x06\x07\x08\x0b\x0c\x0e\x0f\x10"
                                              "\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f ")


def scheme_of(url: str) -> str:
    """The URL's scheme, lower-cased, or "" for a link inside the site."""
    match = re.match(r"([a-zA-Z][a-zA-Z0-9+.-]*):", _plain(url))
    return match[1].lower() if match else ""


def url_refusal(url: str) -> str | None:
    """Why a link may not go to `url`, or None: only http, https and mailto, and in-site links."""
    plain = _plain(url)
    scheme = scheme_of(plain)
    if scheme in SCHEMES or (not scheme and not plain.startswith("//")):
        return None
    shown = url if len(url) <= 60 else url[:59] + "…"
    kind = f"a {scheme}: address" if scheme else "an address on another site without http or https"
    return (f"the link to {shown!r} is left out: links go to http, https or mailto addresses, or to pages "
            f"of the handbook, and this is {kind}")


def path_refusal(srcdir: Path, docdir: Path, target: str, image: bool) -> str | None:
    """Why a note may not show the image, or link the file, at `target` (as typed in a note in
    `docdir`; a leading `/` starts from `srcdir`), or None. Refused: a path that leaves the
    project, once links are resolved; one into the build's output or a hidden folder; for an
    image, a file that is not one of `IMAGE_SUFFIXES`; a file that is not there."""
    scheme = scheme_of(target)
    if scheme:
        if image and scheme in ("http", "https"):
            return None
        return url_refusal(target) or f"the file {target!r} is left out: notes link files of the handbook"
    what = "image" if image else "file"
    relative = target.lstrip("/")
    base = srcdir if target.startswith("/") else docdir
    resolved = Path(os.path.realpath(base / relative.replace("*", "x")))
    root = Path(os.path.realpath(srcdir))
    if not resolved.is_relative_to(root):
        return (f"the {what} {target!r} is outside the handbook's folder: a note may show only files "
                "inside it; it is left out")
    if any(_PRIVATE.match(part) for part in resolved.relative_to(root).parts):
        return (f"the {what} {target!r} is in a folder no note may show (the build's output or a hidden "
                "folder); it is left out")
    if image and PurePosixPath(target).suffix.lower() not in IMAGE_SUFFIXES:
        return (f"{target!r} is not an image: a note shows {', '.join(IMAGE_SUFFIXES[:-1])} files; "
                "it is left out")
    if "*" not in target:
        if not resolved.is_file():
            return f"there is no {what} {target!r}: add the file, or correct its name; it is left out"
        return None
    # Sphinx chooses among the files the pattern matches: each must pass, links resolved.
    candidates = list(resolved.parent.glob(PurePosixPath(relative).name))
    if not candidates:
        return f"there is no {what} {target!r}: add the file, or correct its name; it is left out"
    for candidate in candidates:
        real = Path(os.path.realpath(candidate))
        if not real.is_relative_to(root) or any(_PRIVATE.match(part) for part in real.relative_to(root).parts):
            return (f"the {what} {target!r} leads outside the handbook's folder ({candidate.name} is a link): "
                    "a note may show only files inside it; it is left out")
    return None


# --- math --------------------------------------------------------------------------------------

#: control words math may use: symbols, operators, fonts, structures and spacing of LaTeX and
#: amsmath that only typeset (LaTeX Companion ch. 8; MathJax's "base" and "ams" packages), and
#: none that reads or writes files, defines or redefines anything, or changes category codes
MATH_WORDS = frozenset("""
alpha beta gamma delta epsilon varepsilon zeta eta theta vartheta iota kappa varkappa lambda mu nu xi
pi varpi rho varrho sigma varsigma tau upsilon phi varphi chi psi omega Gamma Delta Theta Lambda Xi Pi
Sigma Upsilon Phi Psi Omega digamma
aleph beth gimel hbar hslash ell wp Re Im partial infty nabla emptyset varnothing forall exists nexists
neg lnot top bot angle triangle backslash prime surd imath jmath
pm mp times div cdot ast star circ bullet cap cup uplus sqcap sqcup vee wedge lor land setminus wr
diamond oplus ominus otimes oslash odot dagger ddagger amalg
leq le geq ge neq ne equiv sim simeq approx cong propto prec succ preceq succeq ll gg subset supset
subseteq supseteq sqsubseteq sqsupseteq in ni notin mid parallel perp models vdash dashv asymp doteq
smile frown bowtie lessgtr leqslant geqslant lesssim gtrsim approxeq nmid nparallel
leftarrow rightarrow gets to leftrightarrow Leftarrow Rightarrow Leftrightarrow longleftarrow
longrightarrow Longleftarrow Longrightarrow longleftrightarrow Longleftrightarrow uparrow downarrow
updownarrow Uparrow Downarrow Updownarrow mapsto longmapsto hookleftarrow hookrightarrow nearrow
searrow swarrow nwarrow iff implies impliedby rightleftharpoons leftharpoonup rightharpoonup
sum prod coprod int iint iiint oint bigcup bigcap bigvee bigwedge bigoplus bigotimes bigodot bigsqcup
biguplus
sin cos tan cot sec csc arcsin arccos arctan sinh cosh tanh coth log ln lg exp lim liminf limsup sup
inf max min arg det dim gcd hom ker Pr deg operatorname
frac dfrac tfrac cfrac binom dbinom tbinom sqrt root of over choose atop
left right middle big Big bigg Bigg bigl bigr Bigl Bigr biggl biggr Biggl Biggr
langle rangle lfloor rfloor lceil rceil lbrace rbrace lvert rvert lVert rVert vert Vert
hat widehat tilde widetilde bar overline underline vec dot ddot acute grave breve check mathring
overbrace underbrace overrightarrow overleftarrow stackrel overset underset
mathrm mathbf mathit mathsf mathtt mathcal mathbb mathfrak mathscr boldsymbol bm text textrm textbf
textit textsf texttt mbox emph displaystyle textstyle scriptstyle scriptscriptstyle
quad qquad enspace thinspace negthinspace
ldots cdots vdots ddots dots dotsc dotsb dotsm dotsi
begin end limits nolimits substack
""".split())
#: environments math may use
MATH_ENVIRONMENTS = frozenset("""
matrix pmatrix bmatrix Bmatrix vmatrix Vmatrix smallmatrix cases dcases aligned alignedat gathered
split array subarray
""".split())
_CONTROL_SEQUENCE = re.compile(r"\\(?:([A-Za-z]+)|(.))", re.DOTALL)
_ENVIRONMENT = re.compile(r"\\(?:begin|end)\s*\{([^}]*)\}")
#: control symbols that only typeset (a space, spacing, escaped specials, a line break)
MATH_SYMBOLS = frozenset(" \n,;:!>{}|%#&_$\\")


#: how deeply braces may nest in math: far more than a formula needs, far less than TeX's stacks
MATH_DEPTH = 20


def _structure_refusal(tex: str, display: bool) -> tuple[str, str] | None:
    """Math whose braces, `\\left`/`\\right` or environments do not pair, or that aligns (`&`,
    `\\\\`) outside an environment in a formula within a line (Sphinx sets a displayed formula
    in a `split` environment, where they align): TeX stops the whole printed document at it."""
    depth, lefts, environments = 0, 0, []
    for token in re.finditer(r"\\(?:begin|end)\s*\{[^}]*\}|\\(?:left|right)\b|\\[^a-zA-Z]|\\[a-zA-Z]+|[{}&]", tex):
        text = token.group()
        if text == "{":
            depth += 1
            if depth > MATH_DEPTH:
                return "{", f"math nests braces more than {MATH_DEPTH} deep; the math is shown as typed ({GUIDE})"
        elif text == "}":
            depth -= 1
        elif text == "\\left":
            lefts += 1
        elif text == "\\right":
            lefts -= 1
        elif text.startswith("\\begin"):
            environments.append(text[text.index("{"):])
        elif text.startswith("\\end"):
            if not environments or environments.pop() != text[text.index("{"):]:
                return text, f"math ends an environment it did not begin: {text}; the math is shown as typed ({GUIDE})"
        elif text in ("&", "\\\\") and not environments and not display:
            return text, (f"math aligns with {text} outside an environment such as \\begin{{aligned}}; the math is "
                          f"shown as typed ({GUIDE})")
        if depth < 0 or lefts < 0:
            return text, f"math closes {text} before opening it; the math is shown as typed ({GUIDE})"
    if depth or lefts or environments:
        missing = "a }" if depth else "a \\right" if lefts else f"\\end{environments[-1]}"
        return tex[-1:] or "{", f"math leaves {missing} missing; the math is shown as typed ({GUIDE})"
    return None


def math_refusal(tex: str, display: bool = False) -> tuple[str, str] | None:
    """Why `tex` is not math a note may hold, with the text to find it by (a control sequence or
    a character), or None; `display` for a formula set apart (a `{math}` block). Each rule is one
    pass over the text: the cost is linear in its length."""
    for match in _CONTROL_SEQUENCE.finditer(tex):
        word, symbol = match.groups()
        if word is not None and word not in MATH_WORDS:
            return f"\\{word}", (f"the math command \\{word} is not one notes may use: math is limited to "
                                 f"symbols, fonts and layout, so nothing in a note runs as TeX; the math is "
                                 f"shown as typed ({GUIDE})")
        if symbol is not None and symbol not in MATH_SYMBOLS:
            return f"\\{symbol}", (f"the math command \\{symbol} is not one notes may use; the math is "
                                   f"shown as typed ({GUIDE})")
    for match in _ENVIRONMENT.finditer(tex):
        if match[1].strip() not in MATH_ENVIRONMENTS:
            return match[0], (f"the math environment {match[1].strip()!r} is not one notes may use; the math is "
                              f"shown as typed ({GUIDE})")
    if structure := _structure_refusal(tex, display):
        return structure
    unescaped = _CONTROL_SEQUENCE.sub("", tex)
    for char, reason in (("^^", "TeX reads ^^ as a character code"), ("%", "TeX reads % as a comment"),
                         ("#", "# stands for a macro's argument"), ("$", "$ ends the math")):
        if char in unescaped:
            return char, (f"math holds {char} ({reason}): write \\{char[0]} for the sign itself; the math is "
                          f"shown as typed ({GUIDE})")
    return None


def bibliography_refusals(text: str) -> list[tuple[int, str]]:
    """(line, message) for every work of a BibTeX file whose `url` a link may not go to, read as
    sphinxcontrib-bibtex reads it (pybtex: `@string` macros, `#` joins and braces resolved), at
    the line of the work's `@type{key,`."""
    from pybtex.database import parse_string  # only for a project with works cited
    from pybtex.scanner import PybtexError

    try:
        works = parse_string(text, "bibtex").entries
    except PybtexError:
        return []  # reported by sphinxcontrib-bibtex, which cannot read it either
    found = []
    for key, work in works.items():
        url = work.fields.get("url", "")
        if url and (message := url_refusal(url.replace("{", "").replace("}", ""))):
            at = re.search(rf"@\w+\s*[{{(]\s*{re.escape(key)}\s*,", text)
            line = text.count("\n", 0, at.start()) + 1 if at else 1
            found.append((line, f"the address of the work {key!r} is left out: {message.split(': ', 1)[1]}"))
    return found


# --- where a refused thing stands --------------------------------------------------------------


def locate(lines: list[str], start: int, needle: str, column: int = 0) -> tuple[int, int] | None:
    """(index in `lines`, column after it) of `needle` in the block that starts at `lines[start]`
    (from `column` on that line), or None. Markdown gives inline markup only its block's first
    line; this finds the line an editor must fix. It reads no further than the block's first
    blank line, so that locating everything in a note costs time linear in its length."""
    head, _, rest = needle.partition("\n")
    index = start
    while index < len(lines):
        at = lines[index].find(head, column if index == start else 0)
        if at >= 0:
            if not rest:
                return index, at + len(head)
            lines_down = needle.count("\n")
            return index + lines_down, len(needle.rsplit("\n", 1)[1])
        if index > start and not lines[index].strip():
            return None
        index += 1
    return None


def line_of(lines: list[str], start: int, needle: str) -> int:
    """The file line (from 1) of `needle` in the block at `lines[start]`, or the block's own line."""
    found = locate(lines, start, needle)
    return (found[0] if found else start) + 1
