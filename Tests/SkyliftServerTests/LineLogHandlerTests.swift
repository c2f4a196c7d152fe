import Foundation
import Logging
import Testing

@testable import SkyliftServer

/// `log.format: json`: one JSON object a line, whatever the message and metadata hold.
@Suite struct LineLogHandlerTests {
    @Test("a line parses as JSON with time, level, label, message and the metadata; hostile text is escaped")
    func parses() throws {
        let event = LogEvent(
            level: .info,
            message: "request \"quoted\"\nnext line\u{01}",
            metadata: ["route": "/v2/tasks/{id}", "status": "200", "message": "shadowed", "ünï": "\\ back"],
            source: "test",
            file: #fileID,
            function: #function,
            line: #line
        )
        let date = Date(timeIntervalSince1970: 1_796_287_325.123_4)
        let line = LineLogHandler.line(event: event, label: "skylift", metadata: ["request_id": "req-1"], now: date)
        #expect(line.hasSuffix("}\n") && line.filter { $0 == "\n" }.count == 1)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: String])
        #expect(object["time"] == "2026-12-03T08:42:05.123Z")
        #expect(object["level"] == "info" && object["label"] == "skylift")
        #expect(object["message"] == "request \"quoted\"\nnext line\u{01}")
        #expect(object["route"] == "/v2/tasks/{id}" && object["status"] == "200" && object["request_id"] == "req-1")
        #expect(object["ünï"] == "\\ back")
        #expect(object.count == 8, "metadata named like a field does not replace it: \(object)")
        let text = LineLogHandler.textLine(event: event, label: "skylift", metadata: ["request_id": "req-1"], now: date)
        #expect(text.hasPrefix("2026-12-03T08:42:05.123Z info skylift : message=shadowed request_id=req-1 "))
        #expect(text.hasSuffix(" [test] request \"quoted\"\nnext line\u{01}\n"))
    }
}
