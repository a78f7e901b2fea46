"""Find PostgreSQL and Redis for `make test` and print the environment variables to use.

Prints `DATABASE_URL=...` and `REDIS_URL=...` lines for the services that answer. With CI=true, a
missing service is an error (exit 1), never a silent fallback to SQLite or eager tasks.
"""

import os
import socket
import sys

POSTGRES = os.environ.get("TEST_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/hackney_opportunities")
REDIS = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


def answers(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=1):
            return True
    except OSError:
        return False


def main() -> int:
    found = {
        "DATABASE_URL": POSTGRES if answers("127.0.0.1", 5432) else None,
        "REDIS_URL": REDIS if answers("127.0.0.1", 6379) else None,
    }
    missing = [name for name, url in found.items() if url is None]
    if missing and os.environ.get("CI", "").lower() == "true":
        print(
            f"CI=true but not reachable: {', '.join(missing)} (PostgreSQL 127.0.0.1:5432, Redis 127.0.0.1:6379)",
            file=sys.stderr,
        )
        return 1
    for name in missing:
        print(
            f"note: {name} not reachable; tests fall back (SQLite / eager tasks) and skip what needs it",
            file=sys.stderr,
        )
    for name, url in found.items():
        if url:
            print(f"{name}={url}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
