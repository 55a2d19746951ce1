import Testing
@testable import LighterProtocol

@Suite struct ChannelAndClientMessageTests {
    @Test func channelNamesBothWays() {
        #expect(StreamChannel.orderBook(market: 0).subscribeName == "order_book/0")
        #expect(StreamChannel.orderBook(market: 0).frameName == "order_book:0")
        #expect(StreamChannel.accountOrders(market: 1, account: 42).subscribeName == "account_orders/1/42")
        // The venue names account_orders frames by market only.
        #expect(StreamChannel.accountOrders(market: 1, account: 42).frameName == "account_orders:1")
        #expect(StreamChannel(parsing: "order_book:3") == .orderBook(market: 3))
        #expect(StreamChannel(parsing: "account_all_trades/7") == .accountAllTrades(account: 7))
        #expect(StreamChannel(parsing: "account_orders/0/9") == .accountOrders(market: 0, account: 9))
        #expect(StreamChannel(parsing: "market_stats/all") == .marketStats(market: nil))
        #expect(StreamChannel(parsing: "account_all_assets/7") == .accountAllAssets(account: 7))
        #expect(StreamChannel(parsing: "user_stats:7") == .userStats(account: 7))
        #expect(StreamChannel.userStats(account: 7).frameName == "user_stats:7" && StreamChannel.userStats(account: 7).account == 7)
        #expect(StreamChannel(parsing: "user_stats/") == nil)
        #expect(StreamChannel(parsing: "order_book/x") == nil)
        #expect(StreamChannel(parsing: "order_book/") == nil)
        #expect(StreamChannel(parsing: "order_book/-1") == nil)
        #expect(StreamChannel(parsing: "account_orders/0") == nil)
        #expect(StreamChannel(parsing: "") == nil)
        #expect(StreamChannel.accountOrders(market: 0, account: 1).requiresAuth)
        #expect(!StreamChannel.accountAllTrades(account: 1).requiresAuth)
    }

    @Test func clientMessagesRoundTrip() throws {
        let messages: [ClientMessage] = [
            .subscribe(channel: "order_book/0", auth: nil),
            .subscribe(channel: "account_orders/0/5", auth: "1:5:0:abc"),
            .unsubscribe(channel: "order_book/0"),
            .ping, .pong,
            .sendTx(id: "r1", txType: 14, txInfoJSON: #"{"AccountIndex":5,"Nonce":1}"#),
            .sendTxBatch(id: nil, txTypes: [14, 15], txInfoJSONs: [#"{"a":1}"#, #"{"b":"x\"y"}"#]),
        ]
        for message in messages {
            let text = ClientMessageCodec.encode(message)
            #expect(try ClientMessageCodec.decode(text).get() == message, "\(text)")
        }
        #expect(ClientMessageCodec.encode(.subscribe(channel: "order_book/0", auth: nil)) == #"{"type":"subscribe","channel":"order_book/0"}"#)
    }

    @Test func clientMessageRejections() {
        func code(_ text: String) -> Int? {
            if case .failure(let rejection) = ClientMessageCodec.decode(text) { return rejection.code }
            return nil
        }
        #expect(code("nope") == 30000)
        #expect(code(#"{"type":"dance"}"#) == 30001)
        #expect(code(#"{"channel":"order_book/0"}"#) == 30001)
        #expect(code(#"{"type":"subscribe"}"#) == 30005)
        #expect(code(#"{"type":"jsonapi/sendtx","data":{}}"#) == 30007)
    }
}
