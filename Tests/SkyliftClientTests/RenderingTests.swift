import SkyliftClient
import Testing

/// Units, tables and the progress line, without a server.
@Suite("Client rendering")
struct RenderingTests {
    @Test("byte counts, rates and durations in human units")
    func units() {
        #expect(Units.bytes(512) == "512 B")
        #expect(Units.bytes(1536) == "1.50 KiB")
        #expect(Units.bytes(64 << 20) == "64.0 MiB")
        #expect(Units.bytes(300 << 30) == "300 GiB")
        #expect(Units.rate(3.2 * 1_048_576) == "3.20 MiB/s")
        #expect(Units.duration(seconds: 44.2) == "45s")
        #expect(Units.duration(seconds: 185) == "3m05s")
        #expect(Units.duration(seconds: 7620) == "2h07m")
    }

    @Test("a table aligns its columns and has no trailing spaces")
    func table() {
        let table = Table(header: ["ID", "STATUS"], rows: [["a", "success"], ["long-id", "failure"]])
        #expect(table.render() == "ID       STATUS\na        success\nlong-id  failure\n")
        #expect(Table(fields: [("id", "x"), ("message", nil)]).render() == "FIELD  VALUE\nid     x\n")
    }

    @Test("the terminal line shows the step, bar, percentage, bytes, then the rate and ETA")
    func progressLine() {
        let start = ContinuousClock.now
        var display = ProgressDisplay(interactive: true)
        let first = display.update(Self.task(done: 1 << 20), at: start)
        #expect(first == "\r\u{1B}[2Kdownload  [######------------------]   25%  1.00 MiB of 4.00 MiB")
        let second = display.update(Self.task(done: 2 << 20), at: start + .seconds(1))
        #expect(second.hasSuffix("2.00 MiB of 4.00 MiB  1.00 MiB/s  ETA 2s"), "\(second)")
        #expect(display.finish() == "\n")
    }

    @Test("off a terminal, one line per step whose state changed")
    func stepLines() {
        var display = ProgressDisplay(interactive: false)
        let now = ContinuousClock.now
        #expect(display.update(Self.task(done: 0), at: now) == "download: running, 0 B of 4.00 MiB\n")
        #expect(display.update(Self.task(done: 1 << 20), at: now).isEmpty)
        var done = Self.task(done: 4 << 20)
        done.steps?[0].state = "done"
        done.steps?[1].state = "running"
        #expect(display.update(done, at: now) == "download: done, 4.00 MiB of 4.00 MiB\ninspect: running\n")
    }

    /// A processing import whose download has `done` of 4 MiB.
    static func task(done: Int64) -> TaskSnapshot {
        TaskSnapshot(
            id: "t",
            type: "import",
            status: "processing",
            progress: 10,
            steps: [
                .init(name: "download", state: "running", bytesDone: done, bytesTotal: 4 << 20),
                .init(name: "inspect", state: "pending", bytesDone: 0, bytesTotal: nil),
            ]
        )
    }
}
