/// How qemu-img runs: which binary, and the limits that keep a hostile image from exhausting the host
/// (§13 `qemuImg.path`, `qemuImg.cpuSeconds`, `qemuImg.memoryBytes`).
public struct QemuImgLimits: Sendable, Hashable {
    /// The qemu-img binary: a path, or a name looked up in `PATH`.
    public var path: String
    /// `RLIMIT_CPU` for the child, in seconds.
    public var cpuSeconds: Int
    /// `RLIMIT_AS` for the child, in bytes.
    public var memoryBytes: Int
    /// Wall-clock limit for `info` and `check`.
    public var timeout: Duration
    /// Wall-clock limit for `convert`.
    public var convertTimeout: Duration
    /// The most bytes captured from standard output, and separately from standard error.
    public var outputLimit: Int

    /// Limits with the defaults of §13 (30 CPU seconds, 1 GiB of address space).
    public init(
        path: String = "qemu-img",
        cpuSeconds: Int = 30,
        memoryBytes: Int = 1 << 30,
        timeout: Duration = .seconds(60),
        convertTimeout: Duration = .seconds(3600),
        outputLimit: Int = 1 << 20
    ) {
        self.path = path
        self.cpuSeconds = cpuSeconds
        self.memoryBytes = memoryBytes
        self.timeout = timeout
        self.convertTimeout = convertTimeout
        self.outputLimit = outputLimit
    }
}
