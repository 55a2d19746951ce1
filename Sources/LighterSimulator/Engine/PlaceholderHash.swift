/// The engine's transaction hash: deterministic, 80 lowercase hex characters (the venue's
/// hash length), derived from the exact bytes given. It is not the venue's Poseidon2 hash, so
/// the engine needs no signer; the exchange answers a submitter with the venue's hash where the
/// transaction reads as one the signer knows (`SignedTransactions.hash`), and with this otherwise.
package func placeholderTxHash(txInfo: String) -> String {
    let bytes = Array(txInfo.utf8)
    var hex = ""
    hex.reserveCapacity(80)
    // Five 64-bit lanes: FNV-1a with a lane-specific basis, then a SplitMix finaliser so
    // that similar inputs spread over all digits.
    for lane in 0..<5 {
        var word = fnv1a64(bytes, basis: fnvOffsetBasis ^ (UInt64(lane) &* 0x9E37_79B9_7F4A_7C15))
        word = fnv1a64(bytes.reversed(), basis: word)
        word = (word ^ (word >> 30)) &* 0xBF58_476D_1CE4_E5B9
        word = (word ^ (word >> 27)) &* 0x94D0_49BB_1331_11EB
        word ^= word >> 31
        let digits = String(word, radix: 16)
        hex += String(repeating: "0", count: 16 - digits.count) + digits
    }
    return hex
}

let fnvOffsetBasis: UInt64 = 0xCBF2_9CE4_8422_2325

func fnv1a64(_ bytes: some Sequence<UInt8>, basis: UInt64) -> UInt64 {
    var hash = basis
    for byte in bytes {
        hash ^= UInt64(byte)
        hash &*= 0x0000_0100_0000_01B3
    }
    return hash
}
