import Testing
@testable import LighterSigner

@Suite struct Poseidon2Tests {
    static let vectorsPath = "reference/signer-vectors/poseidon2-and-schnorr-vectors.json"

    @Test func permutationVector() throws {
        let v = try SharedFixtures.json(Self.vectorsPath)["permute"] as? [String: Any]
        var state = SharedFixtures.u64s(v?["input"]).map { Goldilocks($0) }
        try #require(state.count == 12)
        Poseidon2.permute(&state)
        #expect(state.map(\.value) == SharedFixtures.u64s(v?["output"]))
    }

    @Test func spongeVector() throws {
        let v = try SharedFixtures.json(Self.vectorsPath)["hash_n_to_m_no_pad"] as? [String: Any]
        let input = SharedFixtures.u64s(v?["input"]).map { Goldilocks($0) }
        let m = try #require(v?["m"] as? Int)
        #expect(Poseidon2.hashNToMNoPad(input, outputCount: m).map(\.value) == SharedFixtures.u64s(v?["output"]))
    }

    /// The committed Swift literals must equal the shared JSON they were generated from.
    @Test func generatedConstantsMatchJSON() throws {
        let c = try SharedFixtures.json("reference/signer-vectors/poseidon2-goldilocks-constants.json")
        let ext = try #require(c["external_round_constants"] as? [Any]).map { SharedFixtures.u64s($0) }
        #expect(ext == Poseidon2Constants.external)
        #expect(SharedFixtures.u64s(c["internal_round_constants"]) == Poseidon2Constants.internalRounds)
        #expect(SharedFixtures.u64s(c["internal_matrix_diagonal"]) == Poseidon2Constants.internalDiagonal)
    }

    @Test func authMessageHash() {
        let msg = Array("1767225600:12345:3".utf8)
        let h = Poseidon2.hashToFp5(Poseidon2.elements(fromBytes: msg))
        #expect(hexString(h.bytesLE) == "32e534c88eb19a6dd6e426625f7d155733fc211f801895bd3b58dfaf1b483ff9f009762cc6a03762")
    }
}
