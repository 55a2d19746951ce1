import Foundation
import Hummingbird
import HummingbirdWebSocket
import LighterProtocol
import Logging
import NIOCore
import NIOWebSocket

/// Lets a control request through only when the run's `ControlAccess` allows it; 401 with a
/// `WWW-Authenticate: Bearer` challenge otherwise.
struct ControlGate<Context: RequestContext>: RouterMiddleware {
    let access: ControlAccess

    func handle(_ request: Request, context: Context,
                next: (Request, Context) async throws -> Response) async throws -> Response {
        guard access.allows(authorization: request.headers[.authorization]) else {
            var response = SimulatorServer.json("{\"code\":401,\"message\":\"control API: send Authorization: Bearer <token>\"}",
                                                status: .unauthorized)
            response.headers[.wwwAuthenticate] = "Bearer"
            return response
        }
        return try await next(request, context)
    }
}
