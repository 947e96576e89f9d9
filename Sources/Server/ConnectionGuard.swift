import Foundation
import HummingbirdCore
import Logging
import NIOCore
import NIOHTTP1
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// Bounds on connections: how many may be open, and how long one may take to send a request head,
/// a body, or stay idle between requests.
public struct ConnectionLimits: Sendable, Equatable {
    /// Most open connections; one past it gets a 503 (`Connection: close`, `Retry-After`) and is closed.
    public var maxConnections: Int
    /// A connection with no request under way is closed after this long (since it opened or since its last response).
    public var idleTimeout: Duration
    /// From the first byte of a request, its head must be complete within this.
    public var headerTimeout: Duration
    /// From the end of a request head, its body must be complete within this.
    public var bodyTimeout: Duration

    /// The default cap: 1024, or fewer when the process may open fewer files (half the soft
    /// `RLIMIT_NOFILE`, so that SQLite, the catalogs and the refusals themselves keep descriptors).
    public static var defaultMaxConnections: Int {
        #if canImport(Glibc)
            var limit = rlimit()
            if getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0, limit.rlim_cur != rlim_t.max {
                return max(16, min(1024, Int(clamping: limit.rlim_cur) / 2))
            }
        #endif
        return 1024
    }

    /// Creates limits (the defaults are `chanjiao serve`'s).
    public init(
        maxConnections: Int = ConnectionLimits.defaultMaxConnections, idleTimeout: Duration = .seconds(30),
        headerTimeout: Duration = .seconds(10),
        bodyTimeout: Duration = .seconds(60)
    ) {
        self.maxConnections = maxConnections
        self.idleTimeout = idleTimeout
        self.headerTimeout = headerTimeout
        self.bodyTimeout = bodyTimeout
    }
}

/// Hummingbird's HTTP/1 channel with `ConnectionLimits` enforced by two handlers per connection: one
/// on the raw bytes (counts the connection, refuses it over the cap, notices a request starting)
/// and one on the decoded HTTP/1 parts (request heads and ends, response ends; HTTP/1.0 without
/// keep-alive and any `Connection: close` become a close after the response).
struct GuardedHTTP1Channel: ServerChildChannel {
    typealias Value = HTTP1Channel.Value
    let inner: HTTP1Channel
    let limits: ConnectionLimits
    let open: OpenConnections
    let logger: Logger

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        inner.setup(channel: channel, logger: logger).flatMapThrowing { value in
            let state = ConnectionState(limits: limits, open: open, logger: self.logger)
            let ops = channel.pipeline.syncOperations
            try ops.addHandler(RawGuard(state), position: .first)
            let decoder = try ops.handler(type: ByteToMessageHandler<HTTPRequestDecoder>.self)
            try ops.addHandler(HTTPGuard(state), position: .after(decoder))
            return value
        }
    }

    func handle(value: Value, logger: Logger) async {
        await inner.handle(value: value, logger: logger)
    }
}

/// The number of open connections, shared by all of a server's connections.
final class OpenConnections: Sendable {
    private let count = Atomic<Int>(0)
    /// Connections refused for being over the cap, since the start.
    private let refusedCount = Atomic<Int>(0)
    var current: Int { count.load(ordering: .relaxed) }
    var refused: Int { refusedCount.load(ordering: .relaxed) }
    /// Counts one more; returns the count including it.
    func opened() -> Int { count.wrappingAdd(1, ordering: .relaxed).newValue }
    func closed() { count.subtract(1, ordering: .relaxed) }
    func refusedOne() { refusedCount.add(1, ordering: .relaxed) }
}

/// One connection's state, shared by its two handlers (both run on its event loop).
final class ConnectionState {
    enum Reading { case none, head, body }
    let limits: ConnectionLimits
    let open: OpenConnections
    let logger: Logger
    var counted = false
    var reading = Reading.none
    var requests = 0
    var responses = 0
    /// Close after the current response (HTTP/1.0 without keep-alive, `Connection: close`).
    var closeAfterResponse = false
    var timer: Scheduled<Void>?
    var timerKind: String?
    weak var context: ChannelHandlerContext?

    init(limits: ConnectionLimits, open: OpenConnections, logger: Logger) {
        self.limits = limits
        self.open = open
        self.logger = logger
    }

    /// Arms the timer that matches the state: header, body, idle, or none while a request is being answered.
    func update() {
        let want: (String, Duration)?
        switch reading {
        case .head: want = ("header", limits.headerTimeout)
        case .body: want = ("body", limits.bodyTimeout)
        case .none: want = responses < requests ? nil : ("idle", limits.idleTimeout)
        }
        guard want?.0 != timerKind else { return }
        timer?.cancel()
        timer = nil
        timerKind = want?.0
        guard let (kind, after) = want, let context else { return }
        let channel = context.channel
        let logger = self.logger
        timer = context.eventLoop.scheduleTask(in: .nanoseconds(Int64(after.nanoseconds))) {
            logger.info("closing a connection: \(kind) timeout")
            channel.close(promise: nil)
        }
    }

    func stop() {
        timer?.cancel()
        timer = nil
        timerKind = "closed"
    }
}

extension Duration {
    /// Whole nanoseconds (saturating).
    var nanoseconds: Int64 {
        let (s, a) = components
        let (m, o) = s.multipliedReportingOverflow(by: 1_000_000_000)
        return o ? Int64.max : m &+ a / 1_000_000_000
    }
}

/// First in the pipeline: counts the connection and refuses it over the cap; any bytes arriving
/// while no request is under way start the header timer.
final class RawGuard: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer
    let state: ConnectionState
    var refusing = false

    init(_ state: ConnectionState) { self.state = state }

    func handlerAdded(context: ChannelHandlerContext) {
        state.context = context
        state.counted = true
        if state.open.opened() > state.limits.maxConnections { refusing = true }
        if context.channel.isActive { start(context) }
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        release()
    }

    func channelActive(context: ChannelHandlerContext) {
        start(context)
        context.fireChannelActive()
    }

    func channelInactive(context: ChannelHandlerContext) {
        release()
        context.fireChannelInactive()
    }

    private var started = false
    private func start(_ context: ChannelHandlerContext) {
        guard !started else { return }
        started = true
        if refusing {
            state.open.refusedOne()
            state.logger.warning("refusing a connection: \(state.limits.maxConnections) are open")
            let body = #"{"error":"too many open connections; retry later"}"#
            let text =
                "HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json; charset=utf-8\r\n"
                + "Content-Length: \(body.utf8.count)\r\nRetry-After: 1\r\nConnection: close\r\n\r\n" + body
            let channel = context.channel
            context.writeAndFlush(NIOAny(context.channel.allocator.buffer(string: text))).whenComplete { _ in
                channel.close(promise: nil)
            }
            return
        }
        state.update()
    }

    private func release() {
        state.stop()
        if state.counted {
            state.counted = false
            state.open.closed()
        }
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        if refusing { return }
        if state.reading == .none {
            state.reading = .head
            state.update()
        }
        context.fireChannelRead(data)
    }
}

/// After the HTTP/1 decoder: request heads and ends, response ends; marks requests that close the
/// connection (`Connection: close` in any case, HTTP/1.0 without keep-alive) so that Hummingbird
/// closes after the response, and says so in the response; answers `Expect: 100-continue`.
final class HTTPGuard: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias InboundOut = HTTPServerRequestPart
    typealias OutboundIn = HTTPServerResponsePart
    typealias OutboundOut = HTTPServerResponsePart
    let state: ConnectionState

    init(_ state: ConnectionState) { self.state = state }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(var head):
            state.reading = .body
            state.requests += 1
            state.update()
            if !head.isKeepAlive {
                state.closeAfterResponse = true
                head.headers.replaceOrAdd(name: "connection", value: "close")
            }
            if head.version.major == 1, head.version.minor >= 1,
                head.headers["expect"].contains(where: { $0.lowercased() == "100-continue" })
            {
                head.headers.remove(name: "expect")
                context.writeAndFlush(
                    wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: .continue))), promise: nil)
            }
            context.fireChannelRead(wrapInboundOut(.head(head)))
        case .body:
            context.fireChannelRead(data)
        case .end:
            state.reading = .none
            state.update()
            context.fireChannelRead(data)
        }
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        switch unwrapOutboundIn(data) {
        case .head(var head) where state.closeAfterResponse && head.status.code >= 200:
            head.headers.replaceOrAdd(name: "connection", value: "close")
            context.write(wrapOutboundOut(.head(head)), promise: promise)
        case .end:
            state.responses = min(state.requests, state.responses + 1)
            state.update()
            context.write(data, promise: promise)
        default:
            context.write(data, promise: promise)
        }
    }
}
