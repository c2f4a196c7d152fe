import ArgumentParser
import Foundation
import SkyliftClient

/// `skylift image download ID [-o FILE]`: streams an image's bytes to a file or standard output.
struct ImageDownloadCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "download",
        abstract: "Download an image's data to a file, or to standard output with -o - (the default)."
    )

    @OptionGroup var client: ClientOptions
    @Argument(help: "The image id.") var id: String
    @Option(name: [.short, .long], help: "File to write (- for standard output).") var output = "-"

    func validate() throws {
        if output == "-", isatty(STDOUT_FILENO) == 1 {
            throw ValidationError("refusing to write image data to a terminal; use -o FILE or redirect the output")
        }
        var isDirectory: ObjCBool = false
        if output != "-",
            output.hasSuffix("/")
                || FileManager.default.fileExists(atPath: output, isDirectory: &isDirectory)
                    && isDirectory.boolValue
        {
            throw ValidationError("-o \(output) is a directory; name the file to write")
        }
    }

    func run() async throws {
        try await client.run { api, console in
            let toStandardOutput = output == "-"
            let partial = output + ".part"
            let handle: FileHandle
            if toStandardOutput {
                handle = FileHandle.standardOutput
            } else {
                guard FileManager.default.createFile(atPath: partial, contents: nil),
                    let opened = FileHandle(forWritingAtPath: partial)
                else { throw ClientError.output("cannot write \(partial)") }
                handle = opened
            }
            let count: Int64
            do {
                count = try await api.downloadImage(id) { chunk in
                    do {
                        try handle.write(contentsOf: chunk)
                    } catch {
                        throw ClientError.output("cannot write \(output): \(error)")
                    }
                }
                guard !toStandardOutput else { return true }
                try handle.close()
                // rename(2) replaces a file in one step and refuses to replace a directory.
                guard rename(partial, output) == 0 else {
                    throw ClientError.output("cannot write \(output): \(String(cString: strerror(errno)))")
                }
            } catch {
                if !toStandardOutput { try? FileManager.default.removeItem(atPath: partial) }
                throw error
            }
            console.print("downloaded \(count) bytes (\(Units.bytes(count))) to \(output)")
            return true
        }
    }
}
