import Foundation
import SkyliftDomain

/// Runs tasks of one type (contract §7.2). Each executor declares its type, its typed input and the share of
/// the task's progress each of its steps is worth; the registry maps type names to executors.
public protocol TaskExecutor: Sendable {
    /// The input, decoded from the task's stored `input` (already validated against the type's input schema).
    associatedtype Input: Decodable & Sendable

    /// The task type this executor runs.
    static var type: TaskType { get }

    /// The name of the input schema served at `/v2/schemas/task-input/<name>`.
    static var inputSchemaName: String { get }

    /// Each step's share of the progress, in percent (the steps are `type.stepNames`).
    static var stepWeights: [String: Int] { get }

    /// Does the work. Reports through `progress`; returns what to save on success.
    /// - Throws: a `TaskFailure` saying why the task failed; `CancellationError` when stopped.
    func execute(_ input: Input, task: ImageTask, progress: TaskProgress) async throws -> ExecutionOutcome
}

extension TaskExecutor {
    /// Decodes the task's input and executes it.
    public func run(_ task: ImageTask, progress: TaskProgress) async throws -> ExecutionOutcome {
        let input: Input
        do {
            input = try JSONDecoder().decode(Input.self, from: Data(task.input.text.utf8))
        } catch {
            throw TaskFailure(
                code: "internal",
                message: "The task's input could not be read as \(Self.type) input",
                retryable: false,
                step: nil
            )
        }
        return try await execute(input, task: task, progress: progress)
    }
}

/// What a successful execution saves: the task's `result` and `image_id`, and the image record to create with it.
public struct ExecutionOutcome: Sendable {
    public var result: RawJSON
    public var image: ImageRecord

    public init(result: RawJSON, image: ImageRecord) {
        self.result = result
        self.image = image
    }
}

extension TaskFailure: Error {}
