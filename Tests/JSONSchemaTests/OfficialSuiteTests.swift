import Foundation
import JSONSchema
import Testing

/// Runs the official JSON-Schema-Test-Suite (draft 4, including `optional/`) against the validator.
@Suite struct OfficialSuiteTests {
    /// Cases that cannot be supported, as (file, case description, test description, reason). Keep it empty.
    static let knownExclusions: [(file: String, caseDescription: String, test: String, reason: String)] = []

    /// The suite at commit 44401e0 has 937 draft-4 tests (618 required + 319 optional), minus exclusions (none).
    static let minimumExecutedTests = 937

    @Test("the test suite folder is present and holds the draft 4 files")
    func suiteIsPresent() throws {
        let root = try #require(SuiteFiles.root, "JSON-Schema-Test-Suite not found; set JSON_SCHEMA_TEST_SUITE")
        #expect(FileManager.default.fileExists(atPath: root.appending(path: "remotes").path))
        #expect(SuiteFiles.all.count >= 40, "found only \(SuiteFiles.all.count) suite files")
        #expect(SuiteFiles.all.contains("draft4/ref.json"))
        #expect(SuiteFiles.all.contains("draft4/optional/format/ipv6.json"))
    }

    @Test("every test in a suite file passes", arguments: SuiteFiles.all)
    func suiteFile(_ file: String) throws {
        let result = try SuiteRunner.run(file)
        #expect(result.executed > 0, "\(file) ran no tests")
        #expect(
            result.failures.isEmpty,
            "\(result.failures.count) failing in \(file):\n\(result.failures.joined(separator: "\n"))"
        )
    }

    @Test("the walk executes every test of the suite")
    func executedCount() throws {
        var executed = 0
        for file in SuiteFiles.all { executed += try SuiteRunner.run(file).executed }
        #expect(executed >= Self.minimumExecutedTests, "only \(executed) suite tests executed")
    }

    @Test("each known exclusion still names an existing test")
    func exclusionsExist() throws {
        for exclusion in Self.knownExclusions {
            let cases = try SuiteRunner.load(exclusion.file)
            let match = cases.arrayValue?.first { $0["description"]?.stringValue == exclusion.caseDescription }
            let tests = match?["tests"]?.arrayValue ?? []
            #expect(
                tests.contains { $0["description"]?.stringValue == exclusion.test },
                "stale exclusion: \(exclusion.file) › \(exclusion.caseDescription) › \(exclusion.test)"
            )
        }
    }
}

/// Locates the suite and lists its draft-4 test files (relative to `tests/`).
enum SuiteFiles {
    static let root: URL? = {
        if let override = ProcessInfo.processInfo.environment["JSON_SCHEMA_TEST_SUITE"], !override.isEmpty {
            return URL(filePath: override)
        }
        // Tests/JSONSchemaTests/<file> → package root → ../shared/json-schema-test-suite
        let packageRoot = URL(filePath: #filePath).resolvingSymlinksInPath()
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let candidate = packageRoot.deletingLastPathComponent().appending(path: "shared/json-schema-test-suite")
        return FileManager.default.fileExists(atPath: candidate.path) ? candidate : nil
    }()

    static let all: [String] = {
        guard let root else { return [] }
        let tests = root.appending(path: "tests")
        let draft4 = tests.appending(path: "draft4")
        guard let walker = FileManager.default.enumerator(atPath: draft4.path) else { return [] }
        var files: [String] = []
        while let relative = walker.nextObject() as? String {
            if relative.hasSuffix(".json") { files.append("draft4/" + relative) }
        }
        return files.sorted()
    }()
}

/// Executes one suite file with this module's parser and validator.
enum SuiteRunner {
    struct Result {
        var executed = 0
        var failures: [String] = []
    }

    static func load(_ file: String) throws -> JSONValue {
        let root = try #require(SuiteFiles.root)
        let data = try Data(contentsOf: root.appending(path: "tests").appending(path: file))
        return try JSONParser.parse(data)
    }

    static func isExcluded(_ file: String, _ caseDescription: String, _ test: String) -> Bool {
        OfficialSuiteTests.knownExclusions.contains {
            $0.file == file && $0.caseDescription == caseDescription && $0.test == test
        }
    }

    static func run(_ file: String) throws -> Result {
        let root = try #require(SuiteFiles.root)
        let resolver = RemotesResolver(remotes: root.appending(path: "remotes"))
        var result = Result()
        for testCase in try load(file).arrayValue ?? [] {
            let caseDescription = testCase["description"]?.stringValue ?? "?"
            let schema: Schema
            do {
                schema = try Schema(testCase["schema"] ?? .null, resolver: resolver)
            } catch {
                result.failures.append("\(caseDescription): schema rejected: \(error)")
                continue
            }
            for test in testCase["tests"]?.arrayValue ?? [] {
                let description = test["description"]?.stringValue ?? "?"
                if isExcluded(file, caseDescription, description) { continue }
                result.executed += 1
                let data = test["data"] ?? .null
                let expected = test["valid"]?.boolValue ?? false
                let errors = schema.validate(data)
                let quick = schema.isValid(data)
                if quick != expected || errors.isEmpty != expected {
                    result.failures.append(
                        "\(caseDescription) › \(description): expected \(expected ? "valid" : "invalid"), "
                            + "isValid=\(quick), errors=\(errors.map(\.description))"
                    )
                }
            }
        }
        return result
    }
}

/// Serves `http://localhost:1234/<path>` from the suite's `remotes/` folder.
struct RemotesResolver: SchemaResolver {
    let remotes: URL

    func resolve(_ uri: String) throws -> JSONValue? {
        let prefix = "http://localhost:1234/"
        guard uri.hasPrefix(prefix) else { return nil }
        let file = remotes.appending(path: String(uri.dropFirst(prefix.count)))
        guard let data = FileManager.default.contents(atPath: file.path) else { return nil }
        return try JSONParser.parse(data)
    }
}
