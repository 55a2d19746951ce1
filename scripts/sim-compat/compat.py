"""Shared by the flow scripts (each runs in its client's own virtual environment): the
command line every flow takes, a report of named checks, and waiting helpers.

Standard library only: the flows import their client themselves."""

import argparse
import asyncio
import sys
import time
import traceback
from decimal import Decimal


def arguments(description):
    """The simulator and the key a flow script is given by run.py."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--http", required=True, help="the simulator's REST base, http://127.0.0.1:PORT")
    parser.add_argument("--ws", required=True, help="the simulator's WebSocket, ws://127.0.0.1:PORT/stream")
    parser.add_argument("--account", type=int, required=True)
    parser.add_argument("--key-index", type=int, required=True)
    parser.add_argument("--private-key-file", required=True, help="the API private key (hex), registered with sim --api-key")
    parser.add_argument("--signer-library", help="the official signer's shared library (CCXT needs its path)")
    return parser.parse_args()


class Report:
    """Named checks, each PASS or FAIL on a line of its own; `exit_code` is 1 after any FAIL."""

    def __init__(self, client):
        self.client = client
        self.passed = 0
        self.failed = []

    def ok(self, name, detail=""):
        self.passed += 1
        print(f"PASS {self.client}: {name}" + (f" ({detail})" if detail else ""), flush=True)

    def fail(self, name, reason):
        self.failed.append(name)
        print(f"FAIL {self.client}: {name}: {reason}", flush=True)

    def expect(self, condition, name, reason="", detail=""):
        """PASS when `condition` holds, FAIL with `reason` otherwise; returns `condition`."""
        if condition:
            self.ok(name, detail)
        else:
            self.fail(name, reason or "expectation failed")
        return bool(condition)

    async def run(self, name, flow):
        """Runs one async flow; an exception is its FAIL (with the traceback's last lines)."""
        try:
            await flow()
        except Exception as error:  # noqa: BLE001 - a flow's failure of any kind is reported, not raised
            lines = traceback.format_exc().strip().splitlines()
            self.fail(name, f"{type(error).__name__}: {error} | " + " / ".join(line.strip() for line in lines[-4:-1]))

    def exit_code(self):
        print(f"{self.client}: {self.passed} passed, {len(self.failed)} failed"
              + (f" ({', '.join(self.failed)})" if self.failed else ""), flush=True)
        return 1 if self.failed else 0


async def wait_until(what, probe, seconds=15.0, interval=0.1):
    """Calls `probe` (sync or async) until it returns something truthy; raises after `seconds`."""
    deadline = time.monotonic() + seconds
    while True:
        value = probe()
        if asyncio.iscoroutine(value):
            value = await value
        if value:
            return value
        if time.monotonic() >= deadline:
            raise TimeoutError(f"{what}: not within {seconds} s")
        await asyncio.sleep(interval)


def decimal(text):
    """An exact decimal from the venue's string (never through a float)."""
    return Decimal(str(text))


def read_private_key(path):
    with open(path, encoding="utf-8") as handle:
        return handle.read().strip()


def main(flows):
    """Calls `flows()` inside an event loop (clients bind to the running loop when they are
    made) and exits with the code the coroutine it returns comes to."""
    async def run():
        return await flows()
    sys.exit(asyncio.run(run()))
