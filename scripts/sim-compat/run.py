#!/usr/bin/env python3
"""Compatibility suite: the official Lighter SDK and CCXT, installed from PyPI into virtual
environments of their own, each run against a fresh `lighter-hedge sim` with an API key
registered for it.

    scripts/sim-compat/run.py [--bin PATH] [--only sdk|ccxt] [--latest]

Exit status: 0 when every flow passed, or when PyPI cannot be reached (a SKIP line says so and
nothing runs); 1 when a flow failed or the suite could not set itself up. The environments
are kept under .build/sim-compat/ and reused while they hold the pinned versions.

Standard library only; needs python3 with the venv module and a built lighter-hedge
(`swift build`), found with `swift build --show-bin-path` unless --bin or LIGHTER_HEDGE_BIN
says where."""

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
WORK = REPO / ".build" / "sim-compat"

# Two environments: the SDK pins urllib3 below 2.1, which recent CCXT releases do not accept.
CLIENTS = {
    "sdk": {"requirements": "requirements-sdk.txt", "flows": "sdk_flows.py", "account": 7, "key_index": 3},
    "ccxt": {"requirements": "requirements-ccxt.txt", "flows": "ccxt_flows.py", "account": 8, "key_index": 4},
}


def say(text):
    print(text, flush=True)


def fail(text):
    say(f"sim-compat: FAILED: {text}")
    sys.exit(1)


def pinned(client, latest):
    """The client's requirement lines; with --latest, the names only."""
    lines = [line.split("#")[0].strip() for line in (HERE / CLIENTS[client]["requirements"]).read_text().splitlines()]
    lines = [line for line in lines if line]
    return [re.split(r"[=<>!~]", line)[0] for line in lines] if latest else lines


def binary(explicit):
    path = explicit or os.environ.get("LIGHTER_HEDGE_BIN")
    if not path:
        try:
            bin_dir = subprocess.run(["swift", "build", "--show-bin-path"], cwd=REPO, capture_output=True, text=True,
                                     timeout=300, check=True).stdout.strip()
        except (OSError, subprocess.SubprocessError) as error:
            fail(f"cannot find lighter-hedge (swift build --show-bin-path: {error}); pass --bin")
        path = os.path.join(bin_dir, "lighter-hedge")
    if not os.access(path, os.X_OK):
        fail(f"{path} is not an executable; build it first (swift build)")
    return path


def pypi_reachable(python):
    """Whether pip can fetch from its index: one small download, no dependencies, short timeouts."""
    with tempfile.TemporaryDirectory() as scratch:
        try:
            probe = subprocess.run([python, "-m", "pip", "download", "--no-deps", "--disable-pip-version-check",
                                    "--timeout", "15", "--retries", "1", "-d", scratch, "six"],
                                   capture_output=True, text=True, timeout=90)
        except subprocess.TimeoutExpired:
            return False, "pip download timed out"
        lines = probe.stderr.strip().splitlines() or ["?"]
        # The connection error says more than pip's closing "No matching distribution".
        network = [line for line in lines if re.search(r"Connection|Max retries|Failed to establish|timed out|Name or service", line)]
        return probe.returncode == 0, (network or lines)[-1].strip()[:300]


def installed(venv_python, requirements):
    """Whether the environment already holds exactly these pinned requirements."""
    if not venv_python.exists():
        return False
    try:
        listing = subprocess.run([str(venv_python), "-m", "pip", "list", "--format=freeze", "--disable-pip-version-check"],
                                 capture_output=True, text=True, timeout=120).stdout.lower()
    except (OSError, subprocess.SubprocessError):
        return False
    have = set(listing.split())
    return all("==" in line and line.lower() in have for line in requirements)


def environment(client, latest):
    """The client's virtual environment, created and filled from PyPI when it is not ready.
    Returns its python, or None after a SKIP line when PyPI cannot be reached."""
    venv = WORK / f"venv-{client}"
    python = venv / "bin" / "python"
    requirements = pinned(client, latest)
    if not latest and installed(python, requirements):
        say(f"sim-compat: {client}: reusing {venv.relative_to(REPO)} ({', '.join(requirements)})")
        return python
    reachable, reason = pypi_reachable(sys.executable)
    if not reachable:
        say(f"SKIP sim-compat: PyPI cannot be reached ({reason}); the SDK and CCXT flows did not run")
        return None
    say(f"sim-compat: {client}: installing {', '.join(requirements)} into {venv.relative_to(REPO)}")
    shutil.rmtree(venv, ignore_errors=True)
    WORK.mkdir(parents=True, exist_ok=True)
    created = subprocess.run([sys.executable, "-m", "venv", str(venv)], capture_output=True, text=True)
    if created.returncode != 0:
        fail(f"python3 -m venv: {created.stderr.strip()[-400:]}")
    log = WORK / f"pip-{client}.log"
    with open(log, "w", encoding="utf-8") as output:
        pip = subprocess.run([str(python), "-m", "pip", "install", "--disable-pip-version-check", "--timeout", "30",
                              *requirements], stdout=output, stderr=subprocess.STDOUT, timeout=1200)
    if pip.returncode != 0:
        fail(f"pip install for {client} failed; the end of {log}:\n" + "\n".join(log.read_text().splitlines()[-15:]))
    return python


def new_key(client, python, lighter_hedge, scratch):
    """An API key pair for the client: the SDK's own generator for the SDK, ours for CCXT, so
    that keys from both sides are exercised. Returns (public hex, path of the private key)."""
    private_path = Path(scratch) / f"{client}.key"
    if client == "sdk":
        made = subprocess.run([str(python), "-c", "import lighter; p, q, e = lighter.create_api_key(); print(p); print(q); print(e)"],
                              capture_output=True, text=True, timeout=120)
        lines = made.stdout.split()
        if made.returncode != 0 or len(lines) < 3 or lines[2] != "None":
            fail(f"lighter.create_api_key(): {made.stdout} {made.stderr[-400:]}")
        private_path.write_text(lines[0] + "\n")
        private_path.chmod(0o600)
        return lines[1], private_path
    made = subprocess.run([lighter_hedge, "keys", "generate", "--out", str(private_path)], capture_output=True, text=True,
                          timeout=60)
    match = re.search(r"public key: (0x[0-9a-f]+)", made.stdout)
    if made.returncode != 0 or not match:
        fail(f"lighter-hedge keys generate: {made.stdout} {made.stderr}")
    return match.group(1), private_path


class Simulator:
    """A fresh `lighter-hedge sim --venue lighter` on free ports, its output in a log file."""

    def __init__(self, lighter_hedge, account, key_index, public_key, log_path):
        self.log_path = log_path
        self.log = open(log_path, "w", encoding="utf-8")
        self.process = subprocess.Popen(
            [lighter_hedge, "sim", "--venue", "lighter", "--port", "0", "--log-level", "warning",
             "--api-key", f"{account}:{key_index}:{public_key}"],
            stdout=self.log, stderr=subprocess.STDOUT)
        self.ws = self.http = None
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and self.process.poll() is None:
            found = re.search(r"WebSocket: (ws://\S+)", Path(log_path).read_text())
            if found:
                self.ws = found.group(1)
                self.http = self.ws.replace("ws://", "http://").removesuffix("/stream")
                return
            time.sleep(0.1)
        self.stop()
        fail(f"the simulator did not start; {log_path}:\n{Path(log_path).read_text()[-1500:]}")

    def stop(self):
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log.close()


def signer_library(python):
    """The official signer's shared library inside the SDK's environment (CCXT loads it)."""
    found = subprocess.run([str(python), "-c", "import lighter, os; print(os.path.dirname(lighter.__file__))"],
                           capture_output=True, text=True, timeout=120)
    if found.returncode != 0:
        return None
    machine = os.uname().machine
    name = {"x86_64": "lighter-signer-linux-amd64.so", "aarch64": "lighter-signer-linux-arm64.so",
            "arm64": "lighter-signer-darwin-arm64.dylib"}.get(machine, "lighter-signer-linux-amd64.so")
    if sys.platform == "darwin" and machine == "x86_64":
        name = "lighter-signer-darwin-amd64.dylib"
    path = Path(found.stdout.strip()) / "signers" / name
    return path if path.exists() else None


def main():
    parser = argparse.ArgumentParser(description="Run the official Lighter SDK and CCXT against lighter-hedge sim.")
    parser.add_argument("--bin", help="the lighter-hedge executable (default: swift build --show-bin-path)")
    parser.add_argument("--only", choices=sorted(CLIENTS), help="one client only")
    parser.add_argument("--latest", action="store_true", help="the newest releases instead of the pinned versions")
    options = parser.parse_args()

    lighter_hedge = binary(options.bin)
    clients = [options.only] if options.only else list(CLIENTS)
    # CCXT signs with the official SDK's library: it needs the SDK's environment as well.
    needed = sorted(set(clients) | ({"sdk"} if "ccxt" in clients else set()), key=list(CLIENTS).index)
    pythons = {}
    for client in needed:
        python = environment(client, options.latest)
        if python is None:
            return 0
        pythons[client] = python

    results = {}
    with tempfile.TemporaryDirectory(prefix="sim-compat-") as scratch:
        for client in clients:
            spec = CLIENTS[client]
            public_key, private_path = new_key(client, pythons[client], lighter_hedge, scratch)
            log_path = WORK / f"sim-{client}.log"
            simulator = Simulator(lighter_hedge, spec["account"], spec["key_index"], public_key, log_path)
            say(f"sim-compat: {client}: simulator at {simulator.http}, account {spec['account']}, key {spec['key_index']}")
            command = [str(pythons[client]), str(HERE / spec["flows"]), "--http", simulator.http, "--ws", simulator.ws,
                       "--account", str(spec["account"]), "--key-index", str(spec["key_index"]),
                       "--private-key-file", str(private_path)]
            if client == "ccxt":
                library = signer_library(pythons["sdk"])
                if library is None:
                    simulator.stop()
                    fail("the official signer library was not found in the SDK's environment")
                command += ["--signer-library", str(library)]
            try:
                # No __pycache__ beside the scripts in the checkout.
                flows = subprocess.run(command, cwd=HERE, timeout=600, env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"})
                results[client] = flows.returncode
            except subprocess.TimeoutExpired:
                say(f"FAIL {client}: the flows did not finish within 600 s")
                results[client] = 1
            finally:
                simulator.stop()
            if results[client] != 0:
                say(f"sim-compat: {client}: the simulator's log is {log_path}")

    failed = [client for client, code in results.items() if code != 0]
    outcome = ", ".join(f"{client} {'ok' if code == 0 else 'failed'}" for client, code in results.items())
    say(f"sim-compat: {'FAILED: ' + ', '.join(failed) if failed else 'all flows passed'} ({outcome})")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
