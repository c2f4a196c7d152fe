import Foundation
import SkyliftDomain

/// What a task's finished steps left for a later attempt (contract §11.3: a task claimed again after a lost lease
/// resumes at its current step, so a finished download is not fetched again).
///
/// A checkpoint is a step's output file and a JSON record of what the step found, under
/// `<storage.path>/.checkpoints/<task id>/`: `e<epoch>-<step>` and `e<epoch>-<step>.json`, named by the lease
/// epoch of the attempt that wrote them. The file is hard-linked there (the same file system as the image store,
/// as docs/deployment.md asks of a shared `storage.path`), then the record is written under a temporary name and
/// renamed: a record exists only for a complete file. Each attempt writes only names carrying its own epoch, so a
/// worker that lost its lease and has not noticed yet never changes what the new owner reads. Checkpoints stay when
/// a lease is lost or given back, and go when the task ends (the worker that saves its end removes them) or, left
/// by a crash, when a worker starts and finds their task ended or gone.
public struct StepCheckpoints: Sendable {
    /// The folder of every task's checkpoints, inside the image store.
    static let folderName = ".checkpoints"

    let files: ImageFileStore
    /// The task whose steps these are.
    public let taskID: TaskID
    /// The lease epoch of the attempt that writes.
    public let epoch: Int64

    var directory: URL {
        files.root.appendingPathComponent(Self.folderName, isDirectory: true)
            .appendingPathComponent(taskID.rawValue, isDirectory: true)
    }

    /// Keeps the complete file at `file` as `step`'s output of this attempt, with `record`.
    /// - Throws: when the file system refuses (the caller goes on without a checkpoint).
    public func save<Record: Encodable>(_ step: String, file: String, record: Record) throws {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let name = "e\(epoch)-\(step)"
        let data = directory.appendingPathComponent(name).path
        unlink(data)
        guard link(file, data) == 0 else {
            throw ImageFileStore.Failure(
                description: "could not keep the \(step) output: \(String(cString: strerror(errno)))"
            )
        }
        let encoded = try JSONEncoder().encode(record)
        let temporary = directory.appendingPathComponent(".\(name).json.partial")
        try encoded.write(to: temporary)
        guard rename(temporary.path, directory.appendingPathComponent("\(name).json").path) == 0 else {
            throw ImageFileStore.Failure(
                description: "could not record the \(step) output: \(String(cString: strerror(errno)))"
            )
        }
    }

    /// The newest record of `step` that this or an earlier attempt kept with a complete file, and its epoch; nil
    /// when there is none or it cannot be read as `Record`.
    public func newest<Record: Decodable>(_ step: String, as type: Record.Type) -> (epoch: Int64, record: Record)? {
        guard let (epoch, name) = kept(step).first(where: { $0.epoch <= self.epoch }),
            FileManager.default.fileExists(atPath: directory.appendingPathComponent(name).path),
            let data = try? Data(contentsOf: directory.appendingPathComponent("\(name).json")),
            let record = try? JSONDecoder().decode(Record.self, from: data)
        else { return nil }
        return (epoch, record)
    }

    /// The newest kept output of `step` (as `newest` finds it), its file linked to the fresh temporary path
    /// `destination` in the image store, so the caller uses and discards it as a file of its own.
    public func restore<Record: Decodable>(
        _ step: String,
        as type: Record.Type,
        into destination: String
    ) -> (epoch: Int64, record: Record)? {
        guard let found = newest(step, as: type) else { return nil }
        unlink(destination)
        let file = directory.appendingPathComponent("e\(found.epoch)-\(step)").path
        return link(file, destination) == 0 ? found : nil
    }

    /// Removes every checkpoint of the task (it ended).
    public func removeAll() {
        try? FileManager.default.removeItem(at: directory)
    }

    /// `(epoch, name)` of every recorded output of `step`, newest first.
    private func kept(_ step: String) -> [(epoch: Int64, name: String)] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        let suffix = "-\(step).json"
        return names.compactMap { name -> (Int64, String)? in
            guard name.hasPrefix("e"), name.hasSuffix(suffix) else { return nil }
            guard let epoch = Int64(name.dropFirst().dropLast(suffix.count)) else { return nil }
            return (epoch, String(name.dropLast(".json".count)))
        }.sorted { $0.0 > $1.0 }
    }
}

extension ImageFileStore {
    /// The checkpoints of `taskID` as the attempt holding lease `epoch` writes and reads them.
    public func checkpoints(for taskID: TaskID, epoch: Int64) -> StepCheckpoints {
        StepCheckpoints(files: self, taskID: taskID, epoch: epoch)
    }

    /// The tasks that have checkpoints kept.
    public func checkpointedTasks() -> [TaskID] {
        let folder = root.appendingPathComponent(StepCheckpoints.folderName, isDirectory: true)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.compactMap(TaskID.init)
    }
}

/// What a finished `download` step keeps for a later attempt: the step as it ended and what the download found.
struct DownloadCheckpoint: Codable, Sendable {
    var step: TaskStep
    var result: DownloadResult
}

/// What a finished `convert` step keeps: the `inspect` and `convert` steps as they ended, the converted image's
/// virtual size, and the epoch of the download it converted (an import resumes from it only while that download
/// is still the newest one kept).
struct ConvertCheckpoint: Codable, Sendable {
    var steps: [TaskStep]
    var virtualSize: Int64
    var downloadEpoch: Int64?
}
