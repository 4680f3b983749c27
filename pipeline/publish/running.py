"""Run ``ratsspur serve`` in a child process for as long as a ``with`` block lasts.

Used by the screenshot script and the server and browser tests: they talk to the real server,
started the way a user starts it, on a free loopback port.
"""
from __future__ import annotations

import contextlib
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Iterator, Optional, Union


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        return sock.getsockname()[1]


def serve_argv(db_path: Union[str, Path], host: str, port: int) -> list[str]:
    """The ``ratsspur serve`` command line, from the same environment as this Python."""
    script = Path(sys.executable).with_name("ratsspur")
    command = [str(script)] if script.exists() else [shutil.which("ratsspur") or "ratsspur"]
    return [*command, "serve", str(db_path), "--host", host, "--port", str(port)]


def wait_until_up(url: str, process: subprocess.Popen, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"ratsspur serve exited with status {process.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.1)
    raise RuntimeError(f"ratsspur serve did not answer {url} within {timeout:.0f} s")


@contextlib.contextmanager
def running_server(db_path: Union[str, Path], host: str = "127.0.0.1",
                   port: Optional[int] = None) -> Iterator[str]:
    """Start the server, yield its base URL (``http://127.0.0.1:PORT``), stop it afterwards."""
    port = port or free_port(host)
    log = tempfile.TemporaryFile()  # a file, not a pipe: a chatty server can never block on it
    process = subprocess.Popen(serve_argv(db_path, host, port), stdout=log, stderr=subprocess.STDOUT)
    base_url = f"http://{host}:{port}"
    try:
        try:
            wait_until_up(f"{base_url}/-/versions.json", process)
        except RuntimeError as exc:
            process.kill()
            process.wait()
            log.seek(0)
            raise RuntimeError(f"{exc}\n{log.read().decode(errors='replace')[-2000:]}") from exc
        yield base_url
    finally:
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        log.close()
