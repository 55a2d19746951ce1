import BackpackProtocol
import Foundation
import LighterProtocol
import Testing

@Suite struct SampleDecodingTests {
    /// How each REST sample is read; a sample missing from this table fails `everySampleIsCovered`.
    static let restDecoders: [String: @Sendable (Data) throws -> Void] = [
        "rest_account_response.json": { _ = try BackpackREST.decode(BackpackAccountSettings.self, from: $0) },
        "rest_capital_collateral_response.json": { _ = try BackpackREST.decode(BackpackCollateral.self, from: $0) },
        "rest_capital_response.json": { _ = try BackpackREST.decode([String: BackpackBalance].self, from: $0) },
        "rest_depth_response.json": { _ = try BackpackREST.decode(BackpackDepthSnapshot.self, from: $0) },
        "rest_fills_response.json": { _ = try BackpackREST.decode([BackpackFill].self, from: $0) },
        "rest_markPrices_response.json": { _ = try BackpackREST.decode([BackpackMarkPrice].self, from: $0) },
        "rest_market_response.json": { _ = try BackpackREST.decode(BackpackMarket.self, from: $0) },
        "rest_markets_response.json": { _ = try BackpackREST.decode([BackpackMarket].self, from: $0) },
        "rest_order_cancel_request_by_clientid.json": { _ = try BackpackREST.decode(BackpackCancelRequest.self, from: $0) },
        "rest_order_cancel_request_by_orderid.json": { _ = try BackpackREST.decode(BackpackCancelRequest.self, from: $0) },
        "rest_order_cancel_response_cancelled_partial.json": { _ = try BackpackREST.decode(BackpackOrder.self, from: $0) },
        "rest_order_execute_request_postonly.json": { _ = try BackpackREST.decode(BackpackOrderRequest.self, from: $0) },
        "rest_order_execute_response_new.json": { _ = try BackpackREST.decode(BackpackOrder.self, from: $0) },
        "rest_order_query_response_partiallyfilled.json": { _ = try BackpackREST.decode(BackpackOrder.self, from: $0) },
        "rest_orders_batch_request.json": { _ = try BackpackREST.decode([BackpackOrderRequest].self, from: $0) },
        "rest_orders_batch_response.json": { _ = try BackpackREST.decode([BackpackBatchOrderResult].self, from: $0) },
        "rest_orders_cancel_all_request.json": { _ = try BackpackREST.decode(BackpackCancelRequest.self, from: $0) },
        "rest_orders_cancel_all_response.json": { _ = try BackpackREST.decode([BackpackOrder].self, from: $0) },
        "rest_orders_open_response.json": { _ = try BackpackREST.decode([BackpackOrder].self, from: $0) },
        "rest_position_response.json": { _ = try BackpackREST.decode([BackpackPosition].self, from: $0) },
        "rest_status_response.json": { _ = try BackpackREST.decode(BackpackStatus.self, from: $0) },
        "rest_ticker_response.json": { _ = try BackpackREST.decode(BackpackTicker.self, from: $0) },
        "rest_time_response.json": { guard BackpackREST.serverTime($0) != nil else { throw SampleError("no time") } },
    ]

    @Test func theSamplesArePresent() {
        #expect(BackpackReference.sampleNames.count >= 60, "samples missing at \(BackpackReference.samples.path)")
    }

    @Test func everySampleIsCovered() {
        for name in BackpackReference.sampleNames {
            let covered = Self.restDecoders[name] != nil || name.hasPrefix("ws_") || name.hasPrefix("rest_error_")
                || name.hasPrefix("rest_order_cancel_error") || name.hasPrefix("rest_order_execute_error")
                || name.hasPrefix("rest_order_query_error")
            #expect(covered, "\(name) has no decoder")
        }
    }

    @Test(arguments: SampleDecodingTests.restDecoders.keys.sorted())
    func everyRESTSampleDecodes(name: String) throws {
        let decode = try #require(Self.restDecoders[name])
        try decode(try BackpackReference.data(name))
    }

    @Test(arguments: BackpackReference.sampleNames.filter { $0.contains("_error_") && $0.hasSuffix(".json") && $0.hasPrefix("rest_") })
    func everyRESTErrorBodyThrowsItsAPIError(name: String) throws {
        let expected = try JSONDecoder().decode(BackpackAPIError.self, from: try BackpackReference.data(name))
        #expect(!expected.code.isEmpty && !expected.message.isEmpty)
        #expect(throws: expected) { _ = try BackpackREST.decode(BackpackOrder.self, from: try BackpackReference.data(name)) }
    }

    @Test func parameterParseErrorsArePlainText() throws {
        let text = try BackpackReference.text("rest_error_parse_parameter.txt")
        #expect(text.hasPrefix("failed to parse parameter `limit`"))
        #expect(throws: (any Error).self) { _ = try BackpackREST.decode(BackpackAPIError.self, from: Data(text.utf8)) }
    }

    @Test(arguments: BackpackReference.streamFrames)
    func everyStreamSampleDecodes(name: String) throws {
        let frame = try BackpackFrameDecoder.decode(try BackpackReference.text(name))
        switch frame {
        case .other(let stream, _):
            // Only the streams this code deliberately leaves unmodelled.
            #expect(["markPrice.ETH_USDC_PERP", "ticker.ETH_USDC_PERP", "account.balanceUpdate"].contains(stream), "\(name)")
        case .error:
            #expect(name.hasPrefix("ws_error_"))
        default:
            #expect(!name.hasPrefix("ws_error_"))
        }
    }

    @Test(arguments: ["ws_subscribe_public.json", "ws_unsubscribe_public.json", "ws_subscribe_private_signed.json"])
    func clientMessageSamplesDecode(name: String) throws {
        let message = try BackpackClientMessage.decode(try BackpackReference.text(name)).get()
        #expect(!message.params.isEmpty)
        for stream in message.params { _ = try BackpackStream(parsing: stream) }
        #expect((message.signature != nil) == name.contains("private"))
    }

    // MARK: Values

    @Test func depthSnapshotKeepsTheVenuesOrderAndTheBookSortsIt() throws {
        let snapshot = try BackpackREST.decode(BackpackDepthSnapshot.self, from: try BackpackReference.data("rest_depth_response.json"))
        #expect(snapshot.lastUpdateID == 7_501_116_400)
        #expect(snapshot.bids.last?.price == FixedDecimal("2999.50"))
        var book = BackpackOrderBook(symbol: "ETH_USDC_PERP")
        book.apply(snapshot)
        #expect(book.bestBid == PriceLevel(price: FixedDecimal("2999.5")!, size: FixedDecimal("1.8405")!))
        #expect(book.bestAsk?.price == FixedDecimal("2999.51"))
        #expect(book.bids.map(\.price) == book.bids.map(\.price).sorted(by: >))
    }

    @Test func theSampleScenarioChainsFromTheSnapshot() throws {
        let snapshot = try BackpackREST.decode(BackpackDepthSnapshot.self, from: try BackpackReference.data("rest_depth_response.json"))
        var updates: [BackpackDepthUpdate] = []
        for name in ["ws_depth_delta.json", "ws_depth_delta_level_removed.json", "ws_depth_200ms_aggregated.json"] {
            guard case .depth(let update) = try BackpackFrameDecoder.decode(try BackpackReference.text(name)) else {
                Issue.record("\(name) is not depth"); return
            }
            updates.append(update)
        }
        let (book, outcome) = BackpackOrderBook.aligned(symbol: "ETH_USDC_PERP", snapshot: snapshot, buffered: updates)
        #expect(outcome == .synced(applied: 3, staleDropped: 0))
        #expect(book.lastUpdateID == 7_501_116_441)
        // "2999.50" from the stream and "2999.5" from REST are one level.
        #expect(book.bestBid == PriceLevel(price: FixedDecimal("2999.5")!, size: FixedDecimal("1.9405")!))
        #expect(book.bestAsk?.price == FixedDecimal("2999.53"))
        #expect(!book.isCrossed)

        let ticker = try BackpackFrameDecoder.decode(try BackpackReference.text("ws_bookTicker.json"))
        guard case .bookTicker(let bbo) = ticker else { Issue.record("not a book ticker"); return }
        #expect(bbo.updateID == updates[1].lastUpdateID)
    }

    @Test func fillFramesCarryTheFillAndTheCumulative() throws {
        guard case .orderUpdate(let partial) = try BackpackFrameDecoder.decode(try BackpackReference.text("ws_orderUpdate_orderFill_partial.json")),
              case .orderUpdate(let full) = try BackpackFrameDecoder.decode(try BackpackReference.text("ws_orderUpdate_orderFill_filled.json")) else {
            Issue.record("not order updates"); return
        }
        #expect(partial.event == .orderFill)
        #expect(partial.status == .partiallyFilled)
        #expect(partial.fill == BackpackFillDetail(tradeID: 10_782_547, quantity: FixedDecimal("0.02")!, price: FixedDecimal("2999.5")!,
                                                   isMaker: true, fee: FixedDecimal("0.011998")!, feeSymbol: "USDC"))
        #expect(!partial.isCompletelyFilled)
        #expect(full.isCompletelyFilled)
        #expect(full.executedQuantity == FixedDecimal("0.05"))
        #expect(full.clientID == 1_234_567_890)
        #expect(full.orderType == .limit)
        #expect(full.postOnly == true)
    }

    @Test func everyOrderEventIsKnown() throws {
        let expected: [String: BackpackOrderEvent] = [
            "ws_orderUpdate_orderAccepted.json": .orderAccepted, "ws_orderUpdate_orderCancelled_after_partial.json": .orderCancelled,
            "ws_orderUpdate_orderExpired_ioc_remainder.json": .orderExpired, "ws_orderUpdate_orderFill_filled.json": .orderFill,
            "ws_orderUpdate_orderModified_reduceOnly.json": .orderModified, "ws_orderUpdate_triggerPlaced.json": .triggerPlaced,
            "ws_orderUpdate_triggerFailed.json": .triggerFailed,
        ]
        for (name, event) in expected {
            guard case .orderUpdate(let update) = try BackpackFrameDecoder.decode(try BackpackReference.text(name)) else {
                Issue.record("\(name) is not an order update"); continue
            }
            #expect(update.event == event, "\(name)")
            #expect(update.fill == nil || event == .orderFill, "\(name)")
        }
        guard case .orderUpdate(let expired) = try BackpackFrameDecoder.decode(try BackpackReference.text("ws_orderUpdate_orderExpired_ioc_remainder.json")) else { return }
        #expect(expired.expiryReason == "ImmediateOrCancel")
        #expect(expired.clientID == nil)
        #expect(expired.executedQuantity == FixedDecimal("0.03"))
    }

    @Test func positionFramesIncludingTheSubscribeSnapshot() throws {
        let expected: [String: BackpackPositionEvent] = [
            "ws_positionUpdate_snapshot_on_subscribe.json": .snapshot, "ws_positionUpdate_positionOpened.json": .positionOpened,
            "ws_positionUpdate_positionAdjusted.json": .positionAdjusted, "ws_positionUpdate_positionClosed.json": .positionClosed,
        ]
        for (name, event) in expected {
            guard case .positionUpdate(let update) = try BackpackFrameDecoder.decode(try BackpackReference.text(name)) else {
                Issue.record("\(name) is not a position update"); continue
            }
            #expect(update.event == event, "\(name)")
            #expect(update.positionID == "8284661300")
        }
    }

    @Test func restShapesReadTheirTrickyFields() throws {
        let fills = try BackpackREST.decode([BackpackFill].self, from: try BackpackReference.data("rest_fills_response.json"))
        #expect(fills.map(\.tradeID) == [10_782_551, 10_782_547])
        #expect(fills.first?.clientID == "1234567890")
        #expect(fills.first?.timestamp == 1_767_225_605_871)
        let markets = try BackpackREST.decode([BackpackMarket].self, from: try BackpackReference.data("rest_markets_response.json"))
        let eth = try #require(markets.first { $0.symbol == "ETH_USDC_PERP" })
        #expect(eth.tickSize == FixedDecimal("0.01") && eth.stepSize == FixedDecimal("0.0001") && eth.minQuantity == FixedDecimal("0.0001"))
        #expect(eth.padding == BackpackPadding(price: 2, quantity: 4))
        #expect(markets.first { $0.symbol == "BTC_USDC_PERP" }?.padding == BackpackPadding(price: 1, quantity: 5))
        #expect(markets.first { $0.symbol == "ETH_USDC" }?.fundingIntervalMs == nil)
        let order = try BackpackREST.decode(BackpackOrder.self, from: try BackpackReference.data("rest_order_cancel_response_cancelled_partial.json"))
        #expect(order.status == .cancelled && order.executedQuantity == FixedDecimal("0.02"))
        let batch = try BackpackREST.decode([BackpackBatchOrderResult].self, from: try BackpackReference.data("rest_orders_batch_response.json"))
        #expect(batch.count == 2)
        if case .err(let error) = batch.last { #expect(error.isPostOnlyRejection) } else { Issue.record("second result is not an error") }
        let position = try #require(try BackpackREST.decode([BackpackPosition].self, from: try BackpackReference.data("rest_position_response.json")).first)
        #expect(position.netQuantity == FixedDecimal("0.05"))
    }

    @Test func fullPrecisionPositionPricesAreCutNotRefused() throws {
        let body = #"[{"symbol":"ETH_USDC_PERP","netQuantity":"0.0036","netCost":"13.77","entryPrice":"3826.8888888888888888888888889","breakEvenPrice":"3826.9","markPrice":"3830","pnlRealized":"0","pnlUnrealized":"0.01","imf":"0.02","mmf":"0.0125","positionId":"1"}]"#
        let position = try #require(try BackpackREST.decode([BackpackPosition].self, from: Data(body.utf8)).first)
        #expect(position.entryPrice == FixedDecimal("3826.88888888"))
        // Quantities stay exact: a ninth digit there is an error, not a cut.
        let bad = body.replacingOccurrences(of: #""netQuantity":"0.0036""#, with: #""netQuantity":"0.000000001""#)
        #expect(throws: (any Error).self) { _ = try BackpackREST.decode([BackpackPosition].self, from: Data(bad.utf8)) }
    }
}

struct SampleError: Error, CustomStringConvertible {
    var description: String
    init(_ text: String) { description = text }
}
