import Configuration
import Foundation
import SystemPackage
import Yams

/// Builds the layered `ConfigReader`: command-line overrides → environment → YAML file → built-in defaults.
public enum ConfigurationLoader {
    /// The file read when `--config` is not given (only if present).
    public static let defaultFile = "etc/skylift.yaml"

    /// Reads and validates the whole configuration.
    ///
    /// - Parameters:
    ///   - file: `--config`; when nil, `etc/skylift.yaml` is read if it exists.
    ///   - overrides: values from command-line flags, by key (`http.port`, …).
    ///   - environment: the process environment (injected for tests).
    /// - Throws: `ConfigurationError` naming the file or key that is wrong.
    public static func load(
        file: String?,
        overrides: [String: String] = [:],
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) async throws -> SkyliftConfiguration {
        let path = file ?? defaultFile
        let exists = FileManager.default.fileExists(atPath: path)
        if file != nil && !exists {
            throw ConfigurationError("configuration file \(path) does not exist")
        }
        var providers: [any ConfigProvider] = [
            InMemoryProvider(
                name: "flags",
                values: Dictionary(
                    uniqueKeysWithValues: overrides.map { key, value in
                        (
                            AbsoluteConfigKey(key.split(separator: ".").map(String.init)),
                            ConfigValue(.string(value), isSecret: false)
                        )
                    }
                )
            ),
            EnvironmentVariablesProvider(environmentVariables: environment),
        ]
        if exists {
            try checkKeys(ofYAMLFile: path)
            do {
                providers.append(try await FileProvider<YAMLSnapshot>(filePath: FilePath(path)))
            } catch {
                throw ConfigurationError("configuration file \(path) could not be read: \(error)")
            }
        }
        return try SkyliftConfiguration(reader: ConfigReader(providers: providers))
    }

    /// Refuses keys the service does not know (a typo must not silently fall back to a default).
    static func checkKeys(ofYAMLFile path: String) throws(ConfigurationError) {
        let text: String
        let node: Node?
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
            node = try Yams.compose(yaml: text)
        } catch {
            throw ConfigurationError("configuration file \(path) is not valid YAML: \(error)")
        }
        guard let node else { return }
        guard case .mapping = node else {
            throw ConfigurationError("configuration file \(path): the top level must be a mapping")
        }
        for (key, line) in flatten(node, prefix: "") where !SkyliftConfiguration.knownKeys.contains(key) {
            throw ConfigurationError("configuration file \(path):\(line): unknown key '\(key)'")
        }
    }

    /// Dotted keys of every leaf (scalars and lists) with the line it is on.
    private static func flatten(_ node: Node, prefix: String) -> [(String, Int)] {
        guard case .mapping(let mapping) = node else { return [] }
        var result: [(String, Int)] = []
        for (key, value) in mapping {
            let name = prefix.isEmpty ? (key.string ?? "") : prefix + "." + (key.string ?? "")
            if case .mapping = value {
                result += flatten(value, prefix: name)
            } else {
                result.append((name, key.mark?.line ?? 0))
            }
        }
        return result
    }
}
