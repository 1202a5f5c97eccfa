"""Start the test OpenID Connect provider in a subprocess and point Playbook's settings at it."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import requests

PROVIDER_ID = "school"
PROVIDER_NAME = "Test School"
ROOT = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class Provider:
    url: str  # the issuer; discovery below it
    process: subprocess.Popen

    def app_settings(self) -> dict:
        return {
            "openid_connect": {
                "OAUTH_PKCE_ENABLED": True,
                "APPS": [
                    {
                        "provider_id": PROVIDER_ID,
                        "name": PROVIDER_NAME,
                        "client_id": "playbook-tests",
                        "secret": "playbook-tests-secret",
                        "settings": {"server_url": self.url},
                    }
                ],
            }
        }


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start(callback_base: str, users: list[dict]) -> Provider:
    port = _free_port()
    spec = {
        "client_id": "playbook-tests",
        "secret": "playbook-tests-secret",
        "redirect_uri": f"{callback_base}/sso/oidc/{PROVIDER_ID}/login/callback/",
        "users": users,
    }
    spec_file = Path(tempfile.mkdtemp(prefix="oidc-spec-")) / "spec.json"
    spec_file.write_text(json.dumps(spec))
    process = subprocess.Popen(
        [sys.executable, "-m", "tests.oidc_provider.serve", str(port), str(spec_file)],
        cwd=ROOT,
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT)},
    )
    url = f"http://127.0.0.1:{port}/o"
    deadline = time.monotonic() + 60
    while True:
        if process.poll() is not None:
            raise RuntimeError(f"The test OpenID Connect provider exited ({process.returncode}).")
        try:
            if requests.get(f"{url}/.well-known/openid-configuration", timeout=2).ok:
                return Provider(url, process)
        except requests.ConnectionError:
            pass
        if time.monotonic() > deadline:
            process.kill()
            raise RuntimeError("The test OpenID Connect provider did not answer within a minute.")
        time.sleep(0.2)


def stop(provider: Provider) -> None:
    provider.process.terminate()
    try:
        provider.process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        provider.process.kill()
