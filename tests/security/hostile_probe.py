"""Run one hostile file through its reader in a fresh process and print the outcome and
the process's peak memory (ru_maxrss), for tests/security/test_hostile_files.py.

    python -m tests.security.hostile_probe KIND PATH
"""

import io
import json
import os
import resource
import sys
from pathlib import Path


def _upload(size: int) -> tuple[int, str]:
    """POST a multipart body of `size` bytes to the import page through the WSGI app,
    from a stream that makes its bytes on demand (so the probe itself holds none)."""
    from django.core.handlers.wsgi import WSGIHandler

    boundary = "hientai-probe"
    head = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="import-file"; '
        f'filename="nguoi.csv"\r\nContent-Type: text/csv\r\n\r\n'
    ).encode()

    class Body(io.RawIOBase):
        def __init__(self) -> None:
            self.sent = 0

        def readable(self) -> bool:
            return True

        def read(self, n: int = -1) -> bytes:
            n = size - self.sent if n is None or n < 0 else min(n, size - self.sent)
            if n <= 0:
                return b""
            start, self.sent = self.sent, self.sent + n
            if start < len(head):
                return (head + b"a" * n)[start : start + n]
            return b"a" * n

        readinto = None  # type: ignore[assignment]

    environ = {
        "REQUEST_METHOD": "POST",
        "PATH_INFO": "/exchange/",
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "80",
        "wsgi.url_scheme": "http",
        "wsgi.input": Body(),
        "wsgi.errors": sys.stderr,
        "CONTENT_TYPE": f"multipart/form-data; boundary={boundary}",
        "CONTENT_LENGTH": str(size),
        "HTTP_HOST": "127.0.0.1",
    }
    status: list[str] = []
    chunks = WSGIHandler()(environ, lambda s, h: status.append(s))
    body = b"".join(chunks).decode()
    return int(status[0].split()[0]), body


def _peak_mb() -> float:
    """This process's peak resident memory. VmHWM belongs to the address space made at
    exec, so unlike ru_maxrss it does not carry the forking parent's (pytest's) peak."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    kind, target = sys.argv[1], sys.argv[2]
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hientai.settings")
    import django

    django.setup()
    from django.utils import translation

    translation.activate("vi")
    outcome: dict = {"kind": kind}
    try:
        if kind in ("docx", "pdf"):
            from hientai.plans.parser.readers import read_source

            read_source(target)
            outcome["refused"] = False
        elif kind in ("xlsx", "csv"):
            from hientai.exchange.parsing import read_people

            people = read_people(target)
            list(people)
            outcome["refused"] = False
        elif kind == "upload":
            status, body = _upload(int(target))
            outcome.update(refused=status == 413, status=status, message=body)
    except Exception as error:  # the refusal under test
        outcome.update(refused=True, error=type(error).__name__, message=str(error))
    outcome["maxrss_mb"] = _peak_mb()
    print(json.dumps(outcome, ensure_ascii=False))


if __name__ == "__main__":
    main()
