/// A disk image format a task can import from or convert to (§7.2).
public enum DiskFormat: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    case raw
    case qcow2
    case vmdk
    case vhd
    case vhdx
    case vdi
    case iso

    /// The name `qemu-img` uses for this format in `-f` and `-O` (`vhd` is `vpc`; an ISO is read as `raw`).
    public var qemuName: String {
        switch self {
        case .vhd: "vpc"
        case .iso: "raw"
        default: rawValue
        }
    }

    /// Whether `qemu-img check` can verify this format's tables (§15.3: qcow2, vhdx, vdi).
    public var isCheckable: Bool {
        switch self {
        case .qcow2, .vhdx, .vdi: true
        default: false
        }
    }

    /// Whether `qemu-img convert` can write this format (every format but `iso`).
    public var isWritable: Bool { self != .iso }

    /// The Glance name of the format, e.g. `vhd`.
    public var description: String { rawValue }
}
