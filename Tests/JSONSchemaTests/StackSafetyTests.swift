import Foundation
import JSONSchema
import Testing

/// The default limits must be safe on the smallest stacks Swift code commonly runs on (512 KiB secondary threads).
@Suite struct StackSafetyTests {
    /// Runs `body` on a thread with a 512 KiB stack and returns its result.
    private func onSmallStack<T: Sendable>(_ body: @escaping @Sendable () -> T) -> T? {
        let box = ResultBox<T>()
        let done = DispatchSemaphore(value: 0)
        let thread = Thread {
            box.value = body()
            done.signal()
        }
        thread.stackSize = 512 * 1024
        thread.start()
        done.wait()
        return box.value
    }

    @Test("parsing, serializing and validating at the default limits fit in a 512 KiB stack")
    func smallStack() {
        let keywords = onSmallStack { () -> [String] in
            let text = String(repeating: "[", count: 512) + String(repeating: "]", count: 512)
            guard let deep = try? JSONParser.parse(text), deep.serialized() == text else { return ["round trip"] }
            guard let schema = try? Schema(["items": ["$ref": "#"]]) else { return ["schema"] }
            return schema.validate(deep).map(\.keyword)
        }
        #expect(keywords == ["depth"])
    }

    @Test("combinators on the recursive path also stay within a 512 KiB stack")
    func combinatorsOnSmallStack() {
        let keywords = onSmallStack { () -> [String] in
            var text = "1"
            for _ in 0..<500 { text = "{\"a\": " + text + "}" }
            guard let deep = try? JSONParser.parse(text) else { return ["parse"] }
            let schema = try? Schema([
                "type": "object",
                "properties": ["a": ["anyOf": [["type": "integer"], ["oneOf": [["$ref": "#"]]]]]],
                "dependencies": ["a": ["allOf": [["not": ["type": "string"]]]]],
            ])
            guard let schema else { return ["schema"] }
            return schema.validate(deep).map(\.keyword)
        }
        #expect(keywords == ["anyOf"])
    }
}

private final class ResultBox<T>: @unchecked Sendable {
    var value: T?
}
