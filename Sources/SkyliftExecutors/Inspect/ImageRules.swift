import Foundation

/// The §15.3 rules applied to what qemu-img reported, each throwing an `unsafe_image` refusal.
enum ImageRules {
    /// VMDK create types that keep all data in the one file.
    static let vmdkCreateTypes: Set<String> = ["monolithicSparse", "streamOptimized"]

    /// Backing files, data files, VMDK layout and virtual size.
    static func check(
        _ info: QemuImgInfo,
        format: DiskFormat,
        path: String,
        limits: InspectionLimits
    ) throws(InspectionFailure) {
        if let backing = info.backingFile {
            throw .unsafe(
                "The \(format) image names a backing file (\(backing)); images with backing files are refused"
            )
        }
        if let dataFile = info.specific?.dataFile {
            throw .unsafe(
                "The \(format) image names an external data file (\(dataFile)); images with data files are refused"
            )
        }
        if format == .vmdk { try checkVMDK(info, path: path) }
        if info.virtualSize > limits.maxVirtualBytes || info.virtualSize < 0 {
            throw .unsafe(
                "The image's virtual size (\(info.virtualSize) bytes) exceeds the limit of \(limits.maxVirtualBytes) bytes"
            )
        }
    }

    /// A VMDK must be `monolithicSparse` or `streamOptimized`, and every extent must be the file itself.
    static func checkVMDK(_ info: QemuImgInfo, path: String) throws(InspectionFailure) {
        let createType = info.specific?.createType ?? "unknown"
        guard vmdkCreateTypes.contains(createType) else {
            throw .unsafe(
                "The VMDK's create type is \(createType); only monolithicSparse and streamOptimized are accepted"
            )
        }
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent()
        let own = URL(fileURLWithPath: path).standardizedFileURL.path
        for extent in info.specific?.extents ?? [] {
            let resolved = URL(fileURLWithPath: extent.filename, relativeTo: directory).standardizedFileURL.path
            guard resolved == own else {
                throw .unsafe("The VMDK names an extent outside the file (\(extent.filename)); it is refused")
            }
        }
    }

    /// Corruption reported by `qemu-img check`, and tables pointing past the end of the file.
    static func check(_ check: QemuImgCheck, format: DiskFormat, fileSize: Int64) throws(InspectionFailure) {
        if check.isCorrupt {
            throw .unsafe(
                "qemu-img check found the \(format) image corrupt (\(check.corruptions) corruptions, "
                    + "\(check.checkErrors) check errors); it may be truncated or damaged"
            )
        }
        if let end = check.imageEndOffset, end > fileSize {
            throw .unsafe(
                "The \(format) image is truncated: its tables point to offset \(end), past its end at \(fileSize)"
            )
        }
    }

    /// A VDI's block map must not point past the end of the file (qemu-img check does not look).
    static func checkVDI(fileAt url: URL, fileSize: Int64) throws(InspectionFailure) {
        let layout: VDILayout?
        do {
            layout = try VDILayout.read(fileAt: url)
        } catch {
            throw .unsafe("The vdi image's header could not be read")
        }
        guard let layout else { throw .unsafe("The vdi image's header is invalid") }
        if layout.requiredSize > UInt64(fileSize) {
            throw .unsafe(
                "The vdi image is truncated: its block map points to offset \(layout.requiredSize), past its end at \(fileSize)"
            )
        }
    }
}
