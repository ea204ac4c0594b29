"""``aicontract serve`` in its own process on a free port, for the API and browser tests."""

import os
import socket
import subprocess
import sys
import time
from contextlib import contextmanager


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def server(tmp=None, *args):
    """The server, TMPDIR pointing at ``tmp`` when given and no token from the environment;
    yields its base URL and stops it afterwards."""
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k != "AICONTRACT_TOKEN"}
    if tmp is not None:
        env["TMPDIR"] = str(tmp)
    process = subprocess.Popen([sys.executable, "-m", "aicontract.cli", "serve", "--port", str(port), *args],
                               env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"server did not start: {process.stdout.read().decode()}") from None
                time.sleep(0.1)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(timeout=20)
