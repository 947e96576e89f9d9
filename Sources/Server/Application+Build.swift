import Catalog
import Foundation
public import Hummingbird
import HummingbirdCore
import Logging
public import Storage

/// Builds the server: loads the catalogs, starts the background planner and returns the app, so
/// tests drive it with `app.test(.router)` and `chanjiao serve` runs it with `runService()`.
public func buildApplication(
    configuration: ServerConfiguration, repository: any Repository,
    onServerRunning: @escaping @Sendable (_ port: Int) async -> Void = { _ in }
) async throws -> some ApplicationProtocol {
    var logger = Logger(label: "chanjiao")
    logger.logLevel = .notice
    let base = try CatalogBase.load(directory: configuration.catalogDirectory, policyFile: configuration.policyFile)
    let planner = PlanService(
        base: base, repository: repository, threads: configuration.planThreads, delay: configuration.replanDelay,
        spacing: configuration.replanSpacing, maxTotal: configuration.maxPlannedTotal,
        pollInterval: configuration.peerPollInterval, logger: logger)
    await planner.start()
    let open = OpenConnections()
    let api = API(
        base: base, repository: repository, planner: planner, maxBodyBytes: configuration.maxBodyBytes, logger: logger,
        connections: open, quota: configuration.quota)
    let router = Router(options: .autoGenerateHeadEndpoints)
    api.register(on: router)
    let limits = configuration.connections
    let connectionLogger = logger
    return Application(
        router: router,
        server: HTTPServerBuilder { responder in
            GuardedHTTP1Channel(inner: HTTP1Channel(responder: responder), limits: limits, open: open, logger: connectionLogger)
        },
        configuration: ApplicationConfiguration(
            address: .hostname(configuration.host, port: configuration.port), serverName: "chanjiao"),
        onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? configuration.port) },
        logger: logger
    )
}

/// Builds the app and runs it until SIGTERM or SIGINT (`chanjiao serve`); `onServerRunning` gets
/// the bound port (useful with port 0).
public func runServer(
    configuration: ServerConfiguration, repository: any Repository,
    onServerRunning: @escaping @Sendable (_ port: Int) async -> Void = { _ in }
) async throws {
    let app = try await buildApplication(
        configuration: configuration, repository: repository, onServerRunning: onServerRunning)
    try await app.runService()
}
