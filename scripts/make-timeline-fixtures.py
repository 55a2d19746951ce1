#!/usr/bin/env python3
"""Makes the long timeline fixtures from two real short logs, by stretching their time.

The real logs, in Tests/DiagnosisTests/TimelineFixtures:
  ours-15s-reconnects.debug.log            `lighter-hedge demo --fault drop-connection=2 --seconds 15
                                            --script-interval-ms 1800 --log-level debug`
  reference-bot-12s-reconnects.debug.log   the reference bot's reconnects-drop-connection-3.debug.log

Each long log keeps the real lines in their order, with the time between them multiplied by
`factor`, except within a burst (lines under BURST apart, such as a subscription's lines or two
fills of one order book update), which stays a burst: the same reconnects and fills, spread over
10 minutes or 6 hours, so the files stay small (a few hundred lines). The INFO logs keep the INFO lines and up only,
as the bot would write them at INFO; ours then also gets a health line every HEALTH seconds, as
our client writes one at INFO, shaped like the real one, with the rates of the per-message lines
of the real log around the same moment (so they dip where the connection dropped).

Run from anywhere; it rewrites the generated fixtures in place.
"""
import datetime
import os
import re

HERE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Tests", "DiagnosisTests", "TimelineFixtures")
BURST = datetime.timedelta(milliseconds=50)
STAMP = re.compile(r"^(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d),(\d{3}) - (\S+) - (\w+) - (.*)$")


def read(name):
    """(time, logger, level, message, line) for each line with a timestamp."""
    rows = []
    with open(os.path.join(HERE, name), encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            m = STAMP.match(line)
            if not m:
                continue
            t = datetime.datetime.strptime(m.group(1), "%Y-%m-%d %H:%M:%S") + datetime.timedelta(milliseconds=int(m.group(2)))
            rows.append((t, m.group(3), m.group(4), m.group(5), line))
    return rows


def stamp(t):
    return t.strftime("%Y-%m-%d %H:%M:%S") + ",%03d" % (t.microsecond // 1000)


def restamped(t, logger, level, message):
    return "%s - %s - %s - %s" % (stamp(t), logger, level, message)


def health_line(rows, real_end, window, fills, reconnects, age):
    """A health line with the message rates of the real log's per-message lines in the `window`
    seconds of real time before `real_end`."""
    # Within the real log: a window reaching before its first line would dilute the rates.
    start = max(real_end - datetime.timedelta(seconds=window), rows[0][0])
    window = max((real_end - start).total_seconds(), 1.0)
    counts = {}
    for t, _, _, message, _ in rows:
        if start < t <= real_end:
            m = re.search(r"Received message type: (\S+)", message)
            if m:
                counts[m.group(1)] = counts.get(m.group(1), 0) + 1
    rates = sorted(((n / window, kind) for kind, n in counts.items()), key=lambda r: (-r[0], r[1]))
    listed = ", ".join("%s: %.1f" % (kind, rate) for rate, kind in rates)
    return ("Health: msgs/s {%s}; subscriptions order_book/0=confirmed, account_orders/0/7=confirmed, "
            "account_all_trades/7=confirmed; token age %d s; fills %d; reconnects %d" % (listed, age, fills, reconnects))


def stretch(source, target, factor, info_only, health=None):
    rows = read(source)
    start = rows[0][0]
    logger = rows[0][1]
    out = []
    fills = reconnects = 0
    next_health = health
    previous = new_t = start
    for t, lg, level, message, _ in rows:
        gap = t - previous
        new_t += gap if gap < BURST else gap * factor
        previous = t
        # Health lines due before this line, each with the rates around its real moment.
        while health and (new_t - start).total_seconds() >= next_health:
            at = start + datetime.timedelta(seconds=next_health)
            real_at = start + (at - start) / factor
            window = max(health / factor, 6.0)
            age = int(next_health) % 600
            out.append(restamped(at, logger, "INFO", health_line(rows, real_at, window, fills, reconnects, age)))
            next_health += health
        if "Order FILLED" in message:
            fills += 1
        if "Reconnecting to Lighter" in message:
            reconnects += 1
        if info_only and level == "DEBUG":
            continue
        out.append(restamped(new_t, lg, level, message))
    with open(os.path.join(HERE, target), "w", encoding="utf-8") as f:
        f.write("\n".join(out) + "\n")
    print("%s: %d lines, %d bytes" % (target, len(out), os.path.getsize(os.path.join(HERE, target))))


stretch("ours-15s-reconnects.debug.log", "ours-10min-reconnects.info.log", 42, info_only=True, health=20)
stretch("ours-15s-reconnects.debug.log", "ours-6h-reconnects.info.log", 1500, info_only=True, health=300)
stretch("reference-bot-12s-reconnects.debug.log", "reference-bot-10min-reconnects.debug.log", 50, info_only=False)
stretch("reference-bot-12s-reconnects.debug.log", "reference-bot-6h-reconnects.info.log", 1830, info_only=True)
