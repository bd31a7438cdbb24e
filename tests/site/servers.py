"""Real servers for production tests: gunicorn and redis-server as subprocesses
on loopback ports, configured only through the environment, as in production.

Nothing here imports the site's settings: a server under test gets its own
environment (``production_env``) and is spoken to over HTTP.
"""

from __future__ import annotations

import http.client
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

REPO = Path(__file__).resolve().parents[2]
PYTHON = sys.executable
GUNICORN = str(Path(sys.executable).with_name("gunicorn"))
MANAGE = str(REPO / "manage.py")


def require(program: str, install: str) -> str:
    """The path of a program a test needs: missing fails under CI=true, skips elsewhere."""
    import pytest

    path = shutil.which(program) or shutil.which(program, path="/usr/sbin:/usr/bin")
    if path:
        return path
    message = f"{program} is not installed: {install}"
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"{message} (required under CI=true)")
    pytest.skip(message)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def production_env(**overrides: str) -> dict[str, str]:
    """The environment of a production server: DEBUG off, a fresh 50+ char secret key,
    TLS terminated by a proxy that sets X-Forwarded-Proto."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("PYTEST_", "DJANGO_")) and key not in {"DATABASE_URL", "CACHE_URL"}
    }
    env.update(
        {
            "DEBUG": "false",
            "SECRET_KEY": secrets.token_urlsafe(64),
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "SECURE_PROXY_SSL_HEADER": "HTTP_X_FORWARDED_PROTO,https",
            "CACHE_URL": "locmem://",
            "LOG_LEVEL": "CRITICAL",
            "PYTHONDONTWRITEBYTECODE": "1",
        }
    )
    env.update(overrides)
    return env


def manage(*args: str, env: dict[str, str], timeout: float = 120) -> subprocess.CompletedProcess:
    """Run ``manage.py`` in a subprocess; raise with its output if it fails."""
    result = subprocess.run(
        [PYTHON, MANAGE, *args],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    if result.returncode != 0:
        raise AssertionError(
            f"manage.py {' '.join(args)} failed ({result.returncode}):\n"
            f"{result.stdout}\n{result.stderr}"
        )
    return result


@dataclass
class Response:
    status: int
    headers: http.client.HTTPMessage
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", errors="replace")

    def header(self, name: str) -> str:
        return self.headers.get(name, "")

    def cookies(self) -> dict[str, str]:
        """Set-Cookie headers by cookie name, each with its attributes as written."""
        return {
            value.split("=", 1)[0].strip(): value
            for value in self.headers.get_all("Set-Cookie") or []
        }


@dataclass
class Browser:
    """A minimal HTTP client with a cookie jar, speaking to one or more servers as
    a reverse proxy that terminates TLS would (``X-Forwarded-Proto: https``)."""

    cookies: dict[str, str] = field(default_factory=dict)
    behind_tls_proxy: bool = True

    def request(
        self,
        method: str,
        url: str,
        *,
        form: dict | None = None,
        headers: dict[str, str] | None = None,
        timeout: float = 30,
    ) -> Response:
        match = re.fullmatch(r"http://([^/:]+):(\d+)(/.*)", url)
        if not match:
            raise ValueError(f"not a loopback http URL: {url}")
        host, port, path = match[1], int(match[2]), match[3]
        sent = {"Host": f"{host}:{port}", "Connection": "close"}
        if self.behind_tls_proxy:
            sent["X-Forwarded-Proto"] = "https"
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urlencode(form).encode()
            sent["Content-Type"] = "application/x-www-form-urlencoded"
            sent["Origin"] = f"https://{host}:{port}"
            sent["Referer"] = f"https://{host}:{port}{path}"
        sent.update(headers or {})
        connection = http.client.HTTPConnection(host, port, timeout=timeout)
        try:
            connection.request(method, path, body=body, headers=sent)
            raw = connection.getresponse()
            response = Response(raw.status, raw.headers, raw.read())
        finally:
            connection.close()
        for value in response.headers.get_all("Set-Cookie") or []:
            jar = SimpleCookie()
            jar.load(value)
            for name, morsel in jar.items():
                if morsel["max-age"] == "0" or morsel.value == "":
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value
        return response

    def get(self, url: str, **kwargs) -> Response:
        return self.request("GET", url, **kwargs)

    def post(self, url: str, form: dict, **kwargs) -> Response:
        return self.request("POST", url, form=form, **kwargs)

    def sign_in(self, base_url: str, username: str, password: str) -> Response:
        """Sign in through the admin's login form, CSRF token and all."""
        page = self.get(f"{base_url}/admin/login/")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
        if page.status != 200 or token is None:
            raise AssertionError(f"no login form at {base_url}: {page.status}")
        return self.post(
            f"{base_url}/admin/login/?next=/admin/",
            {"csrfmiddlewaretoken": token[1], "username": username, "password": password},
        )


class Gunicorn:
    """A gunicorn server for ``newsletter.wsgi`` with ``gunicorn.conf.py``, on a free
    loopback port; the environment is the only configuration."""

    def __init__(self, env: dict[str, str], *, workers: int = 1, threads: int = 2):
        self.port = free_port()
        self.base_url = f"http://127.0.0.1:{self.port}"
        self.env = {
            **env,
            "GUNICORN_BIND": f"127.0.0.1:{self.port}",
            "WEB_CONCURRENCY": str(workers),
            "GUNICORN_THREADS": str(threads),
            "GUNICORN_ACCESS_LOG": "",
        }
        self.log = tempfile.NamedTemporaryFile(  # noqa: SIM115 (lives as long as the server)
            prefix="gunicorn-", suffix=".log", delete=False
        )
        self.process: subprocess.Popen | None = None

    def __enter__(self) -> Gunicorn:
        self.process = subprocess.Popen(
            [GUNICORN, "-c", str(REPO / "gunicorn.conf.py"), "newsletter.wsgi"],
            cwd=REPO,
            env=self.env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        wait_for_port(self.port, self.process, self.log.name)
        return self

    def __exit__(self, *exc_info) -> None:
        stop(self.process)
        self.log.close()
        os.unlink(self.log.name)

    def output(self) -> str:
        return Path(self.log.name).read_text(errors="replace")


class RedisServer:
    """A throwaway redis-server (Debian's) on a loopback port and a Unix socket
    (``socket_url``: how app servers on the same host reach it), no persistence."""

    def __init__(self):
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process: subprocess.Popen | None = None
        self.workdir = tempfile.mkdtemp(prefix="bulletin-redis-")
        self.socket_url = f"unix://{self.workdir}/redis.sock?db=0"

    def __enter__(self) -> RedisServer:
        binary = require("redis-server", "apt-get install redis-server")
        args = [binary, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
                "--appendonly", "no", "--dir", self.workdir,
                "--unixsocket", f"{self.workdir}/redis.sock",
                "--unixsocketperm", "700"]  # fmt: skip
        self.process = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wait_for_port(self.port, self.process, None)
        return self

    def __exit__(self, *exc_info) -> None:
        stop(self.process)
        shutil.rmtree(self.workdir, ignore_errors=True)


def wait_for_port(port: int, process: subprocess.Popen, log: str | None, timeout: float = 60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            output = Path(log).read_text(errors="replace") if log else ""
            raise AssertionError(f"server exited with {process.returncode}:\n{output}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.1)
    stop(process)
    raise AssertionError(f"nothing listened on port {port} within {timeout}s")


def stop(process: subprocess.Popen | None) -> None:
    if process is None or process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=5)
