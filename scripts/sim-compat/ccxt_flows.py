"""CCXT (PyPI `ccxt`: `ccxt.lighter` and `ccxt.pro.lighter`) against `lighter-hedge sim`, unchanged
but for the URLs: markets, the book, trades, the status; with credentials (an API key and the
official signer's library, as CCXT takes them) orders, cancels, balances and positions; and the
streams `watch_order_book`, `watch_trades`, `watch_ticker`, `watch_orders`, `watch_my_trades`,
`watch_balance`.

Run by run.py in CCXT's virtual environment."""

import asyncio
import time

import ccxt
import ccxt.pro as ccxtpro

from compat import Report, arguments, main, read_private_key

SYMBOL = "ETH/USDC:USDC"
WATCH_SECONDS = 15


class Flows:
    def __init__(self, options):
        self.options = options
        self.report = Report("ccxt")
        self.private_key = read_private_key(options.private_key_file)
        self.client_id = int(time.time()) % 1_000_000 * 100

    def next_client_id(self):
        self.client_id += 1
        return self.client_id

    def configure(self, exchange):
        """The simulator's URLs, and the credentials as CCXT reads them: account and key index
        options, the signer library's path, the key in the `auths` cache it keeps per key."""
        http = self.options.http
        exchange.urls["api"] = {"root": http, "public": http, "private": http, "ws": self.options.ws}
        account, key = str(self.options.account), str(self.options.key_index)
        exchange.options["accountIndex"] = self.options.account
        exchange.options["apiKeyIndex"] = self.options.key_index
        exchange.options["libraryPath"] = self.options.signer_library
        exchange.options["auths"] = {account: {key: {"signer": None, "lighterPrivateKey": self.private_key,
                                                     "deadline": None, "token": None}}}
        return exchange

    # MARK: REST (the synchronous client)

    async def rest(self):
        r = self.report
        exchange = self.configure(ccxt.lighter())
        markets = exchange.load_markets()
        eth = markets.get(SYMBOL, {})
        r.expect(eth.get("id") == "0" and eth.get("swap") and eth["precision"]["amount"] == 0.0001
                 and eth["precision"]["price"] == 0.01, "load_markets()", repr(eth)[:300],
                 detail=", ".join(sorted(markets)))
        r.expect("USDC" in exchange.currencies, "load_markets() reads assetDetails (currencies)",
                 repr(list(exchange.currencies)))
        r.expect(exchange.fetch_status()["status"] == "ok", "fetch_status()")
        r.expect(abs(exchange.fetch_time() - time.time() * 1000) < 60_000, "fetch_time()")
        book = exchange.fetch_order_book(SYMBOL, 20)
        asks, bids = [p for p, _ in book["asks"]], [p for p, _ in book["bids"]]
        r.expect(asks and bids and asks == sorted(asks) and bids == sorted(bids, reverse=True) and bids[0] < asks[0],
                 "fetch_order_book()", f"asks {asks[:3]} bids {bids[:3]}")

        ioc = exchange.create_order(SYMBOL, "limit", "buy", 0.02, asks[0] * 1.01,
                                    {"timeInForce": "IOC", "clientOrderId": self.next_client_id()})
        r.expect(ioc.get("info", {}).get("tx_hash"), "create_order() limit IOC (multipart sendTx)", repr(ioc)[:300])
        trades = await self.poll(lambda: exchange.fetch_trades(SYMBOL))
        r.expect(trades and trades[0]["symbol"] == SYMBOL and trades[0]["price"] > 0, "fetch_trades()", repr(trades[:1]))
        mine = await self.poll(lambda: exchange.fetch_my_trades(SYMBOL))
        r.expect(mine and sum(t["amount"] for t in mine if t["side"] == "buy") >= 0.02, "fetch_my_trades()",
                 repr(mine[:1])[:300])

        resting = self.next_client_id()
        exchange.create_order(SYMBOL, "limit", "buy", 0.01, round(bids[0] * 0.95, 2), {"clientOrderId": resting})
        open_orders = await self.poll(lambda: [o for o in exchange.fetch_open_orders(SYMBOL)
                                               if o["clientOrderId"] == str(resting)])
        r.expect(open_orders and open_orders[0]["status"] == "open", "create_order() GTT rests; fetch_open_orders()",
                 repr(open_orders)[:300])
        exchange.cancel_order(str(resting), SYMBOL, {"clientOrderId": resting})
        gone = await self.poll(lambda: not any(o["clientOrderId"] == str(resting) for o in exchange.fetch_open_orders(SYMBOL)))
        r.expect(gone, "cancel_order()")
        for _ in range(2):
            exchange.create_order(SYMBOL, "limit", "buy", 0.01, round(bids[0] * 0.94, 2), {"clientOrderId": self.next_client_id()})
        await self.poll(lambda: len(exchange.fetch_open_orders(SYMBOL)) >= 2)
        exchange.cancel_all_orders(SYMBOL)
        r.expect(await self.poll(lambda: not exchange.fetch_open_orders(SYMBOL)), "cancel_all_orders() (one market)")

        balance = exchange.fetch_balance({"type": "swap"})
        r.expect(balance["USDC"]["total"] and balance["USDC"]["free"] is not None, "fetch_balance() (swap)",
                 repr(balance.get("USDC")))
        positions = exchange.fetch_positions([SYMBOL])
        r.expect(positions and positions[0]["side"] == "long" and positions[0]["contracts"] >= 0.02, "fetch_positions()",
                 repr(positions)[:300])

    # MARK: streams (ccxt.pro)

    async def streams(self):
        r = self.report
        exchange = self.configure(ccxtpro.lighter())
        try:
            await exchange.load_markets()
            first = await asyncio.wait_for(exchange.watch_order_book(SYMBOL), WATCH_SECONDS)
            nonce = first["nonce"]
            second = await asyncio.wait_for(exchange.watch_order_book(SYMBOL), WATCH_SECONDS)
            r.expect(second["nonce"] > nonce and second["bids"][0][0] < second["asks"][0][0],
                     "watch_order_book() (snapshot, then updates)", f"nonce {nonce} -> {second['nonce']}")
            ticker = await asyncio.wait_for(exchange.watch_ticker(SYMBOL), WATCH_SECONDS)
            r.expect(ticker["symbol"] == SYMBOL and ticker["last"] and ticker["markPrice"], "watch_ticker()",
                     repr(ticker)[:300])
            swap = await asyncio.wait_for(exchange.watch_balance({"type": "swap"}), WATCH_SECONDS)
            r.expect(swap.get("USDC", {}).get("total"), "watch_balance() swap (user_stats)", repr(swap)[:300])
            spot = await asyncio.wait_for(exchange.watch_balance({"type": "spot"}), WATCH_SECONDS)
            r.expect(spot.get("USDC", {}).get("total"), "watch_balance() spot (account_all_assets, with a token)",
                     repr(spot)[:300])

            # Listen first, then trade: each stream must bring the fill.
            trades = asyncio.create_task(exchange.watch_trades(SYMBOL))
            orders = asyncio.create_task(exchange.watch_orders(SYMBOL))
            my_trades = asyncio.create_task(exchange.watch_my_trades(SYMBOL))
            await asyncio.sleep(1)
            client_id = self.next_client_id()
            order = await exchange.create_order(SYMBOL, "limit", "buy", 0.01, second["asks"][0][0] * 1.01,
                                                {"timeInForce": "IOC", "clientOrderId": client_id})
            r.expect(order.get("info", {}).get("tx_hash"), "create_order() through ccxt.pro", repr(order)[:300])
            public = await asyncio.wait_for(trades, WATCH_SECONDS)
            r.expect(public and public[-1]["symbol"] == SYMBOL, "watch_trades()", repr(public[-1:])[:300])
            mine = await asyncio.wait_for(orders, WATCH_SECONDS)
            r.expect(any(o["clientOrderId"] == str(client_id) for o in mine), "watch_orders() (with a token)",
                     repr(mine[-1:])[:300])
            fills = await asyncio.wait_for(my_trades, WATCH_SECONDS)
            r.expect(fills and fills[-1]["symbol"] == SYMBOL and fills[-1]["amount"] > 0, "watch_my_trades()",
                     repr(fills[-1:])[:300])
        finally:
            await exchange.close()

    async def poll(self, probe, seconds=10.0):
        """`probe()` (a synchronous call) until it returns something truthy, else its last value."""
        deadline = time.monotonic() + seconds
        value = probe()
        while not value and time.monotonic() < deadline:
            await asyncio.sleep(0.2)
            value = probe()
        return value

    async def run(self):
        await self.report.run("REST", self.rest)
        await self.report.run("streams", self.streams)
        return self.report.exit_code()


if __name__ == "__main__":
    main(lambda: Flows(arguments(__doc__)).run())
