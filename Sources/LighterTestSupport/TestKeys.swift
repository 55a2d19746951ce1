import LighterSigner

/// The API key tests sign with; `withSimulator` registers it (key index 0) for `accounts`.
public enum TestKeys {
    /// The key, made anew each test run.
    public static let privateKey = LighterPrivateKey.generate()
    /// The accounts it is registered for.
    public static let accounts: ClosedRange<Int64> = 0...20
    /// A signer with the key, on the simulator's chain id.
    public static let signer = TransactionSigner(privateKey: privateKey, chainId: 304)
}
