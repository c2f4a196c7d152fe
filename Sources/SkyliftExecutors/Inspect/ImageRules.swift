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

    /// Corruption reported by `qemu-img check`.
    static func check(_ check: QemuImgCheck, format: DiskFormat) throws(InspectionFailure) {
        if check.isCorrupt {
            throw .unsafe(
                "qemu-img check found the \(format) image corrupt (\(check.corruptions) corruptions, "
                    + "\(check.checkErrors) check errors); it may be truncated or damaged"
            )
        }
    }

    /// The truncation rule: every structure the image's own tables reference must be in the file, whole, at the
    /// size its writers allocate it (`MissingStructure`; each format's layout reader says what that is).
    ///
    /// For qcow2, `qemu-img check`'s `image-end-offset` (the end of the last cluster it counts, rounded up to a
    /// cluster) settles it when the file reaches it; only a file that ends inside or before that cluster is
    /// walked, since a valid image may end part-way through its last cluster.
    static func checkHeld(fileAt url: URL, format: DiskFormat, check: QemuImgCheck?) throws(InspectionFailure) {
        do {
            let reader = try ImageFileReader(path: url.path)
            if format == .qcow2, let end = check?.imageEndOffset, end <= reader.size { return }
            if let missing = try missingStructure(format: format, reader: reader) {
                throw InspectionFailure.unsafe(missing.message(format: format, fileSize: reader.size))
            }
        } catch let failure as InspectionFailure {
            throw failure
        } catch {
            throw .unsafe("The \(format) image's tables could not be walked: \(error)")
        }
    }

    /// The first structure `reader`'s file lacks, by the layout reader of `format` (none for raw).
    private static func missingStructure(format: DiskFormat, reader: ImageFileReader) throws -> MissingStructure? {
        switch format {
        case .qcow2: try QCOW2Layout.missingStructure(in: reader)
        case .vdi: try VDILayout.missingStructure(in: reader)
        case .vhd: try VHDLayout.missingStructure(in: reader)
        case .vhdx: try VHDXLayout.missingStructure(in: reader)
        case .vmdk: try VMDKLayout.missingStructure(in: reader)
        case .iso: try ISOLayout.missingStructure(in: reader)
        case .raw: nil
        }
    }
}
