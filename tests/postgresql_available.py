"""Exit 0 when the test PostgreSQL server answers, 1 otherwise (used by `make test`)."""

import sys

import psycopg

from tests.databases import admin_url

if __name__ == "__main__":
    try:
        with psycopg.connect(admin_url(), connect_timeout=3):
            pass
    except psycopg.Error as error:
        print(f"PostgreSQL not reachable: {error}", file=sys.stderr)
        sys.exit(1)
