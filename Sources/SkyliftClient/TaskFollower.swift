/// Follows a task to its end with long-polls (`?wait=N` and `If-None-Match`, §10.3), drawing progress, then
/// prints the final task; what `skylift task wait` and `task create --wait` do.
public struct TaskFollower: Sendable {
    let client: SkyliftClient
    let console: Console
    let json: Bool
    let waitSeconds: Int

    /// - Parameters:
    ///   - json: print the final task's JSON and no progress, instead of progress and a table.
    ///   - waitSeconds: how long each long-poll may wait on the server (at most 60).
    public init(client: SkyliftClient, console: Console, json: Bool, waitSeconds: Int = 30) {
        self.client = client
        self.console = console
        self.json = json
        self.waitSeconds = waitSeconds
    }

    /// Follows `start` until it is final; true when it ended in `success`. A failure's `error.code: message`
    /// goes to standard error.
    /// The shortest time between two polls.
    static let minimumPoll = Duration.seconds(1)

    public func follow(_ start: TaskDocument) async throws -> Bool {
        var display = ProgressDisplay(interactive: console.isTerminal)
        var current = start
        if !json { console.write(display.update(current.task, at: .now)) }
        while !current.task.isFinal {
            let asked = ContinuousClock.now
            let changed = try await client.task(current.task.id, changedFrom: current.etag, waiting: waitSeconds)
            // A server or proxy that ignores `wait` (or drops the ETag) answers at once with nothing new: poll at
            // most once a second then. A real change is shown at once.
            let nothingNew = changed == nil || changed?.etag == nil || changed?.etag == current.etag
            if nothingNew, ContinuousClock.now - asked < Self.minimumPoll {
                try await Task.sleep(for: Self.minimumPoll - (ContinuousClock.now - asked))
            }
            guard let changed else { continue }
            current = changed
            if !json { console.write(display.update(current.task, at: .now)) }
        }
        console.write(display.finish())
        console.show(json: current.json, table: TaskTables.detail(current.task), asJSON: json)
        guard current.task.status == "success" else {
            console.error(current.task.failureLine)
            return false
        }
        return true
    }
}
