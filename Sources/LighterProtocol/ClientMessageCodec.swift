/// Encodes what a client sends and decodes it on the server side.
public enum ClientMessageCodec {
    /// The message's JSON text as the venue expects it (`tx_info` inserted as raw JSON).
    public static func encode(_ message: ClientMessage) -> String {
        var w = JSONWriter()
        w.beginObject()
        switch message {
        case .subscribe(let channel, let auth):
            w.field("type", "subscribe"); w.field("channel", channel)
            if let auth { w.field("auth", auth) }
        case .unsubscribe(let channel):
            w.field("type", "unsubscribe"); w.field("channel", channel)
        case .ping:
            w.field("type", "ping")
        case .pong:
            w.field("type", "pong")
        case .sendTx(let id, let txType, let txInfoJSON):
            w.field("type", "jsonapi/sendtx")
            w.key("data"); w.beginObject()
            if let id { w.field("id", id) }
            w.field("tx_type", txType)
            w.key("tx_info"); w.raw(txInfoJSON)
            w.endObject()
        case .sendTxBatch(let id, let txTypes, let txInfoJSONs):
            w.field("type", "jsonapi/sendtxbatch")
            w.key("data"); w.beginObject()
            if let id { w.field("id", id) }
            w.field("tx_types", "[" + txTypes.map(String.init).joined(separator: ",") + "]")
            w.field("tx_infos", "[" + txInfoJSONs.map(JSONWriter.quoted).joined(separator: ",") + "]")
            w.endObject()
        }
        w.endObject()
        return w.text
    }

    /// Why a client message was refused, with the venue's error code.
    public struct Rejection: Error, Sendable, Hashable {
        /// The venue's code: 30000 (not JSON) or 30001 (unknown type, missing fields).
        public var code: Int
        /// The venue's message.
        public var message: String
    }

    /// Decodes a client frame: 30000 when it is not JSON, 30001 when its type is unknown
    /// or its fields are missing.
    public static func decode(_ text: String) -> Result<ClientMessage, Rejection> {
        var text = text
        return text.withUTF8 { decode($0) }
    }

    /// As `decode(_:)` for a frame's UTF-8 bytes.
    public static func decode(_ bytes: UnsafeBufferPointer<UInt8>) -> Result<ClientMessage, Rejection> {
        var reader = JSONReader(bytes)
        var type: String?
        var channel: String?
        var auth: String?
        var id: String?
        var txType: Int?
        var txInfo: String?
        var txTypesText: String?
        var txInfosText: String?
        do throws(FrameDecodingError) {
            guard reader.peek() == UInt8(ascii: "{") else { throw reader.fail("not an object") }
            try reader.readObject { (r: inout JSONReader, key: JSONKey) throws(FrameDecodingError) in
                if try r.readNull() { return }
                if key == "type" { type = try r.readString() }
                else if key == "channel" { channel = try r.readString() }
                else if key == "auth" { auth = try r.readString() }
                else if key == "data" {
                    try r.readObject { (r: inout JSONReader, key: JSONKey) throws(FrameDecodingError) in
                        if try r.readNull() { return }
                        if key == "id" { id = try r.peek() == UInt8(ascii: "\"") ? r.readString() : String(r.readInt64()) }
                        else if key == "tx_type" { txType = try r.readInt() }
                        else if key == "tx_info" {
                            // An object on the wire; some clients send it as a JSON string.
                            if r.peek() == UInt8(ascii: "\"") { txInfo = try r.readString() }
                            else {
                                let range = try r.skipValue()
                                txInfo = String(decoding: UnsafeBufferPointer(rebasing: r.bytes[range]), as: UTF8.self)
                            }
                        }
                        else if key == "tx_types" { txTypesText = try r.readString() }
                        else if key == "tx_infos" { txInfosText = try r.readString() }
                        else { try r.skipValue() }
                    }
                }
                else { try r.skipValue() }
            }
            guard reader.atEnd() else { throw reader.fail("trailing bytes") }
        } catch {
            return .failure(Rejection(code: 30000, message: "Invalid Json"))
        }
        switch type {
        case "subscribe":
            guard let channel else { return .failure(Rejection(code: 30005, message: "Invalid Channel: ")) }
            return .success(.subscribe(channel: channel, auth: auth))
        case "unsubscribe":
            guard let channel else { return .failure(Rejection(code: 30005, message: "Invalid Channel: ")) }
            return .success(.unsubscribe(channel: channel))
        case "ping": return .success(.ping)
        case "pong": return .success(.pong)
        case "jsonapi/sendtx":
            guard let txType, let txInfo else { return .failure(Rejection(code: 30007, message: "Invalid Data")) }
            return .success(.sendTx(id: id, txType: txType, txInfoJSON: txInfo))
        case "jsonapi/sendtxbatch":
            guard let types = txTypesText.flatMap(parseIntArray), let infos = txInfosText.flatMap(parseStringArray),
                  types.count == infos.count
            else { return .failure(Rejection(code: 30007, message: "Invalid Data")) }
            return .success(.sendTxBatch(id: id, txTypes: types, txInfoJSONs: infos))
        default:
            return .failure(Rejection(code: 30001, message: "Invalid Type"))
        }
    }

    static func parseIntArray(_ text: String) -> [Int]? {
        var text = text
        return text.withUTF8 { bytes -> [Int]? in
            var reader = JSONReader(bytes)
            var values: [Int] = []
            do throws(FrameDecodingError) {
                try reader.readArray { (r: inout JSONReader) throws(FrameDecodingError) in values.append(try r.readInt()) }
            } catch { return nil }
            return values
        }
    }

    static func parseStringArray(_ text: String) -> [String]? {
        var text = text
        return text.withUTF8 { bytes -> [String]? in
            var reader = JSONReader(bytes)
            var values: [String] = []
            do throws(FrameDecodingError) {
                try reader.readArray { (r: inout JSONReader) throws(FrameDecodingError) in values.append(try r.readString()) }
            } catch { return nil }
            return values
        }
    }
}
