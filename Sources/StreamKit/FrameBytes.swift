import LighterProtocol
import NIOCore

/// A message's bytes handed to a venue's frame decoder where they lie, with no copy and no
/// `String`: how both stream clients read a frame.
package enum FrameBytes {
    /// `decode` run on the readable bytes of `bytes`; its refusal as a value.
    package static func decode<Frame>(_ bytes: ByteBuffer,
                                      with decode: (UnsafeBufferPointer<UInt8>) throws(FrameDecodingError) -> Frame)
        -> Result<Frame, FrameDecodingError> {
        bytes.withUnsafeReadableBytes { raw in
            do throws(FrameDecodingError) {
                return .success(try decode(raw.assumingMemoryBound(to: UInt8.self)))
            } catch {
                return .failure(error)
            }
        }
    }
}
