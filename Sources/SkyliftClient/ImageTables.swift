/// Images as tables: one image's fields, or a list of images one per row.
public enum ImageTables {
    /// `FIELD VALUE` rows of one image (custom properties are in `--json`).
    public static func detail(_ image: ImageSnapshot) -> Table {
        Table(fields: [
            ("id", image.id), ("name", image.name), ("status", image.status), ("disk_format", image.diskFormat),
            ("container_format", image.containerFormat), ("size", image.size.map(sizeText)),
            ("virtual_size", image.virtualSize.map(sizeText)), ("checksum", image.checksum), ("owner", image.owner),
            ("created_at", image.createdAt),
        ])
    }

    /// `ID NAME STATUS DISK_FORMAT SIZE OWNER CREATED_AT`, one row per image.
    public static func list(_ images: [ImageSnapshot]) -> Table {
        Table(
            header: ["ID", "NAME", "STATUS", "DISK_FORMAT", "SIZE", "OWNER", "CREATED_AT"],
            rows: images.map {
                [
                    $0.id, $0.name ?? "", $0.status ?? "", $0.diskFormat ?? "", $0.size.map(Units.bytes) ?? "",
                    $0.owner ?? "", $0.createdAt ?? "",
                ]
            }
        )
    }

    /// `4.00 MiB (4194304 bytes)`.
    static func sizeText(_ size: Int64) -> String {
        size < 1024 ? Units.bytes(size) : "\(Units.bytes(size)) (\(size) bytes)"
    }
}
