"""Math a note may hold: the subset of TeX that only typesets (symbols, fonts, structures and
spacing), with braces, `\\left`/`\\right` and environments that pair; each refusal located by the
text to find it by.

Pure functions of text, used alike by the build (safety.py) and by `python -m handbook check`.
"""

from __future__ import annotations

import re

from handbook.checking.markup import GUIDE

#: control words math may use: symbols, operators, fonts, structures and spacing of LaTeX and
#: amsmath that only typeset (LaTeX Companion ch. 8; MathJax's "base" and "ams" packages), and
#: none that reads or writes files, defines or redefines anything, or changes category codes
#: (written as text, a line per family of words: a list literal would hold a word per line)
MATH_WORDS = frozenset(
    """
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
""".split()
)
#: environments math may use
MATH_ENVIRONMENTS = frozenset(
    """
matrix pmatrix bmatrix Bmatrix vmatrix Vmatrix smallmatrix cases dcases aligned alignedat gathered
split array subarray
""".split()
)
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
            environments.append(text[text.index("{") :])
        elif text.startswith("\\end"):
            if not environments or environments.pop() != text[text.index("{") :]:
                return text, f"math ends an environment it did not begin: {text}; the math is shown as typed ({GUIDE})"
        elif text in ("&", "\\\\") and not environments and not display:
            return text, (
                f"math aligns with {text} outside an environment such as \\begin{{aligned}}; the math is "
                f"shown as typed ({GUIDE})"
            )
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
            return f"\\{word}", (
                f"the math command \\{word} is not one notes may use: math is limited to "
                f"symbols, fonts and layout, so nothing in a note runs as TeX; the math is "
                f"shown as typed ({GUIDE})"
            )
        if symbol is not None and symbol not in MATH_SYMBOLS:
            return f"\\{symbol}", (
                f"the math command \\{symbol} is not one notes may use; the math is shown as typed ({GUIDE})"
            )
    for match in _ENVIRONMENT.finditer(tex):
        if match[1].strip() not in MATH_ENVIRONMENTS:
            return match[0], (
                f"the math environment {match[1].strip()!r} is not one notes may use; the math is "
                f"shown as typed ({GUIDE})"
            )
    if structure := _structure_refusal(tex, display):
        return structure
    unescaped = _CONTROL_SEQUENCE.sub("", tex)
    for char, reason in (
        ("^^", "TeX reads ^^ as a character code"),
        ("%", "TeX reads % as a comment"),
        ("#", "# stands for a macro's argument"),
        ("$", "$ ends the math"),
    ):
        if char in unescaped:
            return char, (
                f"math holds {char} ({reason}): write \\{char[0]} for the sign itself; the math is "
                f"shown as typed ({GUIDE})"
            )
    return None
