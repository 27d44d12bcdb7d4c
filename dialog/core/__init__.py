"""Cross-cutting pieces: i18n, errors, security headers, text helpers."""
