import Logging

/// Metadata merging shared by both handlers: handler metadata, then the provider's, then the
/// call's (later wins), with secret keys blanked.
enum LogMetadata {
    static func merged(handler: Logger.Metadata, provider: Logger.MetadataProvider?,
                       event: Logger.Metadata?) -> Logger.Metadata {
        var result = handler
        if let provided = provider?.get(), !provided.isEmpty { result.merge(provided) { _, new in new } }
        if let event, !event.isEmpty { result.merge(event) { _, new in new } }
        for key in result.keys where LogRedaction.secretMetadataKeys.contains(key) {
            result[key] = .string(LogRedaction.placeholder)
        }
        return result
    }
}
