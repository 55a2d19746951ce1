import Hummingbird

/// Answers a path the simulator does not serve with HTTP 404 and a plain-text
/// `404 page not found`, what a Go HTTP server answers by default (the venue's exact body is
/// not documented). Clients that probe endpoints see a 404 they can tell from the venue's JSON
/// refusals, which come with HTTP 400.
struct VenueNotFound<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context,
                next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as HTTPError where error.status == .notFound {
            return Response(status: .notFound, headers: [.contentType: "text/plain; charset=utf-8"],
                            body: .init(byteBuffer: ByteBuffer(string: "404 page not found\n")))
        }
    }
}
