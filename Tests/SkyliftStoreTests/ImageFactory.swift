import SkyliftDomain

/// Builds image records with distinct, increasing `created_at` (unless told to repeat one, to exercise ties).
struct ImageFactory {
    var clock = Timestamp(seconds: 1_800_000_000)

    mutating func make(owner: String, sameTimeAsLast: Bool = false, properties: [String: String] = [:]) -> ImageRecord {
        if !sameTimeAsLast { clock = clock.adding(seconds: 1) }
        return ImageRecord(
            id: TaskID().rawValue,
            name: "image-\(owner)",
            status: .active,
            diskFormat: "qcow2",
            containerFormat: "bare",
            size: 1 << 20,
            virtualSize: 1 << 21,
            checksum: String(repeating: "a", count: 32),
            osHashAlgo: "sha512",
            osHashValue: String(repeating: "b", count: 128),
            owner: owner,
            properties: properties,
            createdAt: clock,
            updatedAt: clock
        )
    }
}
