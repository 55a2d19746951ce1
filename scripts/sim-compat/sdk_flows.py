"""The official Lighter SDK (PyPI `lighter-sdk`) against `lighter-hedge sim`, unchanged but for
the URL: its signer's check of the API key, its REST reads, orders of every kind signed by its
own signer (IOC, market, GTT, post-only, cancel, a batch), its WsClient with an order book and
an account, and the account's positions and collateral checked against its fills.

Run by run.py in the SDK's virtual environment."""

import asyncio
import json
import time
import urllib.request
from decimal import Decimal

import lighter

from compat import Report, arguments, decimal, main, read_private_key, wait_until

MARKET = 0  # ETH: size 4 decimals, price 2
START_COLLATERAL = Decimal("100000")


class Flows:
    def __init__(self, options):
        self.options = options
        self.report = Report("sdk")
        self.account = options.account
        self.key = options.key_index
        self.private_key = read_private_key(options.private_key_file)
        self.api = lighter.ApiClient(configuration=lighter.Configuration(host=options.http))
        self.order_api = lighter.OrderApi(self.api)
        self.account_api = lighter.AccountApi(self.api)
        self.tx_api = lighter.TransactionApi(self.api)
        self.signer = lighter.SignerClient(url=options.http, account_index=self.account,
                                           api_private_keys={self.key: self.private_key})
        self.client_index = int(time.time()) % 1_000_000 * 100

    def next_client_index(self):
        self.client_index += 1
        return self.client_index

    def token(self):
        token, error = self.signer.create_auth_token_with_expiry(api_key_index=self.key)
        if error:
            raise RuntimeError(f"auth token: {error}")
        return token

    async def touch(self):
        """Best bid and ask of market 0 as integer prices (2 decimals)."""
        book = await self.order_api.order_book_orders(market_id=MARKET, limit=1)
        return int(decimal(book.bids[0].price) * 100), int(decimal(book.asks[0].price) * 100)

    async def position(self):
        """The account's signed ETH position from REST `account`."""
        accounts = await self.account_api.account(by="index", value=str(self.account))
        for position in accounts.accounts[0].positions:
            if position.market_id == MARKET:
                return decimal(position.position) * position.sign
        return Decimal(0)

    async def order_status(self, client_index):
        """`open` while active, else the final status from the inactive orders (None if unknown)."""
        active = await self.order_api.account_active_orders(authorization=self.token(), account_index=self.account,
                                                            market_id=MARKET)
        if any(order.client_order_index == client_index for order in active.orders):
            return "open"
        inactive = await self.order_api.account_inactive_orders(authorization=self.token(), account_index=self.account,
                                                                limit=100, market_id=MARKET)
        for order in inactive.orders:
            if order.client_order_index == client_index:
                return order.status
        return None

    def sent(self, name, result):
        """A create/cancel call's (tx, response, error): accepted with code 200."""
        _, response, error = result
        return self.report.expect(error is None and response is not None and response.code == 200, name,
                                  f"error={error!r} response={response!r}",
                                  detail=f"tx_hash {response.tx_hash[:16]}…" if response else "")

    # MARK: flows

    async def check_client(self):
        error = self.signer.check_client()
        self.report.expect(error is None, "SignerClient.check_client() accepts the registered key", repr(error))
        stranger = lighter.SignerClient(url=self.options.http, account_index=self.account,
                                        api_private_keys={self.key + 1: self.private_key})
        error = stranger.check_client()
        # The signer asks for every key of the account and looks for its index among them.
        self.report.expect(error is not None and "no api key returned for index" in error,
                           "check_client() refuses a key slot with no key", repr(error))
        await stranger.close()

    async def rest_reads(self):
        r = self.report
        status = await lighter.RootApi(self.api).status()
        r.expect(status.status == 200 and abs(status.timestamp - time.time()) < 60, "RootApi.status()", repr(status))
        books = await self.order_api.order_books()
        r.expect([book.symbol for book in books.order_books][:3] == ["ETH", "BTC", "SOL"], "OrderApi.order_books()",
                 repr(books.order_books[:1]))
        details = await self.order_api.order_book_details(market_id=MARKET)
        detail = details.order_book_details[0]
        r.expect(detail.size_decimals == 4 and detail.price_decimals == 2
                 and isinstance(detail.last_trade_price, (int, float)) and detail.market_config is not None,
                 "OrderApi.order_book_details()", repr(detail))
        orders = await self.order_api.order_book_orders(market_id=MARKET, limit=20)
        asks = [decimal(o.price) for o in orders.asks]
        bids = [decimal(o.price) for o in orders.bids]
        r.expect(orders.total_asks == len(asks) > 0 and asks == sorted(asks) and bids == sorted(bids, reverse=True)
                 and bids[0] < asks[0], "OrderApi.order_book_orders()", f"asks {asks[:3]} bids {bids[:3]}")
        trades = await self.order_api.recent_trades(market_id=MARKET, limit=10)
        r.expect(isinstance(trades.trades, list), "OrderApi.recent_trades()", repr(trades))
        stats = await self.order_api.exchange_stats()
        r.expect(stats.total == len(stats.order_book_stats) >= 1, "OrderApi.exchange_stats()", repr(stats))
        assets = await self.order_api.asset_details()
        r.expect({a.symbol for a in assets.asset_details} >= {"USDC"}, "OrderApi.asset_details()", repr(assets))
        keys = await self.account_api.apikeys(account_index=self.account, api_key_index=self.key)
        r.expect(keys.api_keys[0].api_key_index == self.key, "AccountApi.apikeys()", repr(keys))
        limits = await self.account_api.account_limits(account_index=self.account, authorization=self.token())
        r.expect(limits.code == 200 and limits.user_tier, "AccountApi.account_limits() with a token", repr(limits))
        accounts = await self.account_api.account(by="index", value=str(self.account))
        r.expect(decimal(accounts.accounts[0].collateral) == START_COLLATERAL, "AccountApi.account()", repr(accounts))
        nonce = await self.tx_api.next_nonce(account_index=self.account, api_key_index=self.key)
        r.expect(nonce.nonce == 0, "TransactionApi.next_nonce()", repr(nonce))

    async def orders(self):
        signer, r = self.signer, self.report
        bid, ask = await self.touch()
        before = await self.position()

        ioc = self.next_client_index()
        self.sent("create_order IOC (taker)", await signer.create_order(
            MARKET, ioc, 200, ask + ask // 100, False, signer.ORDER_TYPE_LIMIT,
            signer.ORDER_TIME_IN_FORCE_IMMEDIATE_OR_CANCEL, order_expiry=signer.DEFAULT_IOC_EXPIRY))
        (after_ioc,) = await wait_until("the IOC's fill", lambda: self._moved(before))
        r.expect(after_ioc - before == Decimal("0.02"), "the IOC filled in full", f"{before} -> {after_ioc}")

        market = self.next_client_index()
        self.sent("create_market_order (sell)", await signer.create_market_order(
            MARKET, market, 100, bid - bid // 100, True))
        (after_market,) = await wait_until("the market order's fill", lambda: self._moved(after_ioc))
        r.expect(after_market == after_ioc - Decimal("0.01"), "the market order filled", f"{after_ioc} -> {after_market}")

        gtt = self.next_client_index()
        self.sent("create_order GTT (resting)", await signer.create_order(
            MARKET, gtt, 100, bid - bid // 20, False, signer.ORDER_TYPE_LIMIT, signer.ORDER_TIME_IN_FORCE_GOOD_TILL_TIME))
        r.expect(await wait_until("GTT open", lambda: self._status_is(gtt, "open")), "the GTT order rests")

        post_only = self.next_client_index()
        self.sent("create_order post-only (resting)", await signer.create_order(
            MARKET, post_only, 100, bid - bid // 25, False, signer.ORDER_TYPE_LIMIT, signer.ORDER_TIME_IN_FORCE_POST_ONLY))
        r.expect(await wait_until("post-only open", lambda: self._status_is(post_only, "open")),
                 "the post-only order rests")

        crossing = self.next_client_index()
        _, current_ask = await self.touch()
        self.sent("create_order post-only (crossing)", await signer.create_order(
            MARKET, crossing, 100, current_ask + current_ask // 50, False, signer.ORDER_TYPE_LIMIT,
            signer.ORDER_TIME_IN_FORCE_POST_ONLY))
        status = await wait_until("crossing post-only ends", lambda: self._final_status(crossing))
        r.expect(status == "canceled-post-only", "a crossing post-only order is canceled", status)

        self.sent("cancel_order (by client index)", await signer.cancel_order(MARKET, gtt))
        status = await wait_until("GTT canceled", lambda: self._final_status(gtt))
        r.expect(status == "canceled", "the canceled GTT order is inactive", status)

        self.sent("cancel_all_orders (immediate)", await signer.cancel_all_orders(signer.CANCEL_ALL_TIF_IMMEDIATE, 0))
        status = await wait_until("post-only canceled", lambda: self._final_status(post_only))
        r.expect(status == "canceled", "cancel_all_orders cancels the resting post-only order", status)

    async def batch(self):
        """Two post-only makers and a cancel of one, signed with explicit nonces, in one sendTxBatch."""
        signer, r = self.signer, self.report
        bid, _ = await self.touch()
        nonce = (await self.tx_api.next_nonce(account_index=self.account, api_key_index=self.key)).nonce
        first, second = self.next_client_index(), self.next_client_index()
        types, infos = [], []
        for offset, (client_index, price) in enumerate([(first, bid - bid // 30), (second, bid - bid // 28)]):
            tx_type, info, _, error = signer.sign_create_order(
                MARKET, client_index, 100, price, 0, signer.ORDER_TYPE_LIMIT, signer.ORDER_TIME_IN_FORCE_POST_ONLY, False,
                0, -1, nonce=nonce + offset, api_key_index=self.key)
            if error:
                raise RuntimeError(error)
            types.append(tx_type)
            infos.append(info)
        tx_type, info, _, error = signer.sign_cancel_order(MARKET, first, nonce=nonce + 2, api_key_index=self.key)
        if error:
            raise RuntimeError(error)
        types.append(tx_type)
        infos.append(info)
        response = await signer.send_tx_batch(types, infos)
        r.expect(response.code == 200 and len(response.tx_hash) == 3, "send_tx_batch (2 creates, 1 cancel)", repr(response))
        r.expect(await wait_until("batch", lambda: self._statuses_are({first: "canceled", second: "open"})),
                 "the batch's orders: one resting, one canceled")

    async def ws_client(self):
        """WsClient with order book 0 and the account: snapshot, updates, and a fill on the account."""
        books, accounts, unhandled = [], [], []
        client = lighter.WsClient(ws_url=self.options.ws, order_book_ids=[MARKET], account_ids=[self.account],
                                  on_order_book_update=lambda market, book: books.append(json.loads(json.dumps(book))),
                                  on_account_update=lambda account, message: accounts.append(message),
                                  on_unhandled_message=unhandled.append)
        task = asyncio.create_task(client.run_async())
        try:
            await wait_until("order book snapshot and updates", lambda: len(books) >= 3 or task.done())
            await wait_until("account_all snapshot", lambda: accounts or task.done())
            if task.done():
                task.result()
            book = books[-1]
            best_bid = max(decimal(level["price"]) for level in book["bids"])
            best_ask = min(decimal(level["price"]) for level in book["asks"])
            self.report.expect(best_bid < best_ask, "WsClient keeps order book 0 (snapshot + updates)",
                               f"bid {best_bid} ask {best_ask}", detail=f"{len(books)} books")
            first = accounts[0]
            self.report.expect(first.get("type") == "subscribed/account_all" and "positions" in first and "trades" in first,
                               "WsClient's account_all subscription is confirmed", repr(first)[:300])
            seen = len(accounts)
            _, ask = await self.touch()
            self.sent("create_order IOC while WsClient listens", await self.signer.create_order(
                MARKET, self.next_client_index(), 100, ask + ask // 100, False, self.signer.ORDER_TYPE_LIMIT,
                self.signer.ORDER_TIME_IN_FORCE_IMMEDIATE_OR_CANCEL, order_expiry=0))
            update = await wait_until("update/account_all with the fill",
                                      lambda: next((m for m in accounts[seen:] if m.get("type") == "update/account_all"
                                                    and m.get("trades")), None))
            position = update["positions"][str(MARKET)]
            self.report.expect(decimal(position["position"]) * position["sign"] == await self.position(),
                               "WsClient's account update carries the fill and the position REST reports")
            errors = [m for m in unhandled if "error" in m]
            self.report.expect(not errors, "no error frames on the SDK's subscriptions", repr(errors[:2]))
        finally:
            task.cancel()
            await asyncio.gather(task, return_exceptions=True)

    async def fault(self):
        """The bad-nonce fault, switched on through the control API: the SDK reports the venue's
        refusal, fetches the nonce again, and its next order goes through."""
        self.control("PUT", "/control/faults/bad-nonce?value=2")
        try:
            bid, _ = await self.touch()
            errors = []
            for _ in range(4):
                _, response, error = await self.signer.create_order(
                    MARKET, self.next_client_index(), 100, bid - bid // 10, False, self.signer.ORDER_TYPE_LIMIT,
                    self.signer.ORDER_TIME_IN_FORCE_POST_ONLY)
                errors.append(error)
            refused = [e for e in errors if e]
            self.report.expect(refused and all("invalid nonce" in e for e in refused) and len(refused) < len(errors),
                               "bad-nonce: the SDK reports the refusal and recovers", repr(errors))
        finally:
            self.control("DELETE", "/control/faults/bad-nonce")

    def control(self, method, path):
        request = urllib.request.Request(self.options.http + path, method=method)
        with urllib.request.urlopen(request, timeout=10) as response:
            if response.status != 200:
                raise RuntimeError(f"{method} {path}: {response.status}")

    async def consistency(self):
        """The account's position is the sum of its fills; its collateral moved by the realized PnL."""
        trades, cursor = [], None
        while True:
            page = await self.order_api.trades(sort_by="timestamp", limit=100, authorization=self.token(),
                                               account_index=self.account, market_id=MARKET, cursor=cursor)
            trades += page.trades
            cursor = page.next_cursor
            if not cursor:
                break
        held = sum((decimal(t.size) if t.bid_account_id == self.account else -decimal(t.size)) for t in trades)
        position = await self.position()
        self.report.expect(held == position, "the position equals the sum of the account's fills",
                           f"fills {held}, account {position}", detail=f"{len(trades)} fills")
        account = (await self.account_api.account(by="index", value=str(self.account))).accounts[0]
        realized = sum(decimal(p.realized_pnl) for p in account.positions)
        collateral = decimal(account.collateral)
        # Each figure is written with 6 decimals, cut: the sum may differ by a unit per position.
        slack = Decimal("0.000001") * max(1, len(account.positions))
        self.report.expect(abs(collateral - (START_COLLATERAL + realized)) <= slack,
                           "collateral = starting collateral + realized PnL", f"{collateral} vs {START_COLLATERAL + realized}")

    # MARK: helpers

    async def _moved(self, before):
        """`(position,)` once it differs from `before` (a tuple, so that a flat position counts)."""
        now = await self.position()
        return (now,) if now != before else None

    async def _status_is(self, client_index, status):
        return await self.order_status(client_index) == status

    async def _final_status(self, client_index):
        status = await self.order_status(client_index)
        return status if status not in (None, "open") else None

    async def _statuses_are(self, wanted):
        for client_index, status in wanted.items():
            if await self.order_status(client_index) != status:
                return False
        return True

    async def run(self):
        for name, flow in [("check_client", self.check_client), ("REST reads", self.rest_reads),
                           ("orders", self.orders), ("WsClient", self.ws_client), ("batch", self.batch),
                           ("fault", self.fault), ("consistency", self.consistency)]:
            await self.report.run(name, flow)
        await self.signer.close()
        await self.api.close()
        return self.report.exit_code()


if __name__ == "__main__":
    main(lambda: Flows(arguments(__doc__)).run())
