import ArgumentParser

/// The `chanjiao` command: industry–education matching for vocational colleges.
@main
struct Chanjiao: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "chanjiao",
        abstract: "Chanjiao (产教): match vocational programs to industry demand and advise on majors.",
        subcommands: [ImportMoe.self]
    )
}
