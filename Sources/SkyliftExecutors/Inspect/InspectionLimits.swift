/// Bounds on what an image may claim (§13 `import.maxVirtualBytes`).
public struct InspectionLimits: Sendable, Hashable {
    /// The largest virtual size accepted, in bytes (inclusive).
    public var maxVirtualBytes: Int64

    /// Limits with the default of §13 (1 TiB).
    public init(maxVirtualBytes: Int64 = 1 << 40) {
        self.maxVirtualBytes = maxVirtualBytes
    }
}
