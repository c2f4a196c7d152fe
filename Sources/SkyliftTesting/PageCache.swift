import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// What the kernel's page cache holds of a file.
public enum PageCache {
    /// Bytes of the file at `path` in the page cache: `mincore` of a read-only mapping, which reads nothing in.
    /// - Throws: `POSIXError` when the file cannot be opened or mapped.
    public static func cachedBytes(path: String) throws -> Int {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
        defer { close(fd) }
        let count = Int(lseek(fd, 0, SEEK_END))
        guard count > 0 else { return 0 }
        guard let mapping = mmap(nil, count, PROT_READ, MAP_SHARED, fd, 0), mapping != MAP_FAILED else {
            throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .ENOMEM)
        }
        defer { munmap(mapping, count) }
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        var pages = [UInt8](repeating: 0, count: (count + page - 1) / page)
        guard mincore(mapping, count, &pages) == 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
        return pages.filter { $0 & 1 == 1 }.count * page
    }
}
