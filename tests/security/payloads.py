"""Hostile input: what people who attack web sites type into forms and addresses.

Every XSS payload calls `__xss(n)` (the browser tests define it and record a call) or loads
something that would break the Content-Security-Policy (the browser tests record violations), so
a payload that ever runs, or is parsed as markup, is seen. The others must be stored or refused
as plain text, never reach SQL or the file system as code, never add a header and never send a
visitor to another site.
"""

#: Off-site host named by the redirect payloads; nothing may ever lead there.
EVIL_HOST = "evil.example"

XSS = [
    "<script>__xss(1)</script>",
    '"><script>__xss(2)</script>',
    "'><img src=x onerror=__xss(3)>",
    "<svg/onload=__xss(4)>",
    "javascript:__xss(5)",
    '" autofocus onfocus="__xss(6)" x="',
    "' autofocus onfocus='__xss(7)' x='",
    "</textarea><script>__xss(8)</script>",
    "</title><script>__xss(9)</script>",
    '<iframe srcdoc="<script>parent.__xss(10)</script>"></iframe>',
    '<a href="javascript:__xss(11)">länk</a>',
    "[länk](javascript:__xss(12))",
    "<math><mtext><table><mglyph><style><img src=x onerror=__xss(13)>",
    "&lt;script&gt;__xss(14)&lt;/script&gt;",
    "<details open ontoggle=__xss(15)>",
    "<body onload=__xss(16)>",
    "{{7*7}}${7*7}<%= 7*7 %>{% raw %}",
    '<style>@import "https://evil.example/x.css";</style>',
    "<img src=https://evil.example/x.png>",
    '"><input autofocus onfocus=__xss(17)>',
    "<scr<script>ipt>__xss(18)</scr</script>ipt>",
]

SQL_INJECTION = [
    "' OR '1'='1",
    "' OR 1=1 --",
    "1; DROP TABLE users; --",
    "' UNION SELECT email, password_hash FROM users --",
    "1' AND (SELECT pg_sleep(0))::text = '",
    "%' OR title LIKE '%",
    "\\'; SELECT 1; --",
    "1 OR 1=1",
    "0x27 OR 0x31=0x31",
]

PATH_TRAVERSAL = [
    "../../../../etc/passwd",
    "..%2f..%2f..%2f..%2fetc%2fpasswd",
    "....//....//....//etc/passwd",
    "/etc/passwd",
    "..\\..\\..\\windows\\win.ini",
    "%2e%2e%2f%2e%2e%2fetc%2fpasswd",
    "file:///etc/passwd",
    "../instance/config.py",
]

#: Header injection: CR/LF raw, percent-encoded and as the Unicode look-alikes some servers fold.
HEADER_INJECTION = [
    "x\r\nSet-Cookie: injected=1",
    "x\r\nLocation: https://evil.example/",
    "x%0d%0aSet-Cookie:%20injected=1",
    "x%0D%0ALocation:%20https://evil.example/",
    "x\u560d\u560aSet-Cookie: injected=1",
    "x\nX-Injected: 1",
]

OPEN_REDIRECT = [
    "https://evil.example/",
    "//evil.example/",
    "///evil.example/",
    "/\\evil.example/",
    "\\\\evil.example/",
    "https:evil.example",
    "http:/evil.example",
    "/%2F%2Fevil.example/",
    "/%5Cevil.example/",
    " //evil.example/",
    "/\t/evil.example/",
    "//evil.example%2F@127.0.0.1/",
    "https://127.0.0.1@evil.example/",
    "javascript:__xss(99)",
    "data:text/html,<script>__xss(98)</script>",
    "//%65vil.example/",
]

#: Digits to str.isdigit that int() refuses ("²": `x.isdigit()` then `int(x)` answered 500)
#: or reads ("١٢" is 12 to int()): an id in an address or a form is ASCII digits only.
NON_ASCII_DIGITS = ["²", "\u0661\u0662"]

ALL = XSS + SQL_INJECTION + PATH_TRAVERSAL + HEADER_INJECTION + OPEN_REDIRECT + NON_ASCII_DIGITS


def is_dangerous_markup(payload: str) -> bool:
    """Whether the payload, found verbatim in HTML, would be live markup (not text)."""
    return "<" in payload or '"' in payload
