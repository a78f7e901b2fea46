"""Racing real threads against the real database: each thread has its own connection, as two web requests would."""

import threading

from django.db import connection


def at_once(count: int, action) -> list[Exception]:
    """Run `action` in `count` threads released together, each on its own database connection; their errors."""
    barrier = threading.Barrier(count)
    errors = []

    def run():
        try:
            barrier.wait()
            action()
        except Exception as error:  # noqa: BLE001 - returned to the test, which asserts there are none
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors
