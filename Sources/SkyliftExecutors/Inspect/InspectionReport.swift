/// What inspection learned about an accepted image.
public struct InspectionReport: Sendable, Hashable {
    /// The verified format (the declared one).
    public var format: DiskFormat
    /// The size of the disk the image describes, in bytes.
    public var virtualSize: Int64
    /// The size of the file, in bytes.
    public var actualSize: Int64

    /// A report for an accepted image.
    public init(format: DiskFormat, virtualSize: Int64, actualSize: Int64) {
        self.format = format
        self.virtualSize = virtualSize
        self.actualSize = actualSize
    }
}
