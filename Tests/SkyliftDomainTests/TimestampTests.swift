import SkyliftDomain
import Testing

@Suite struct TimestampTests {
    @Test(
        "Glance's isotime: UTC seconds with a literal Z, microseconds truncated",
        arguments: [
            (Int64(0), "1970-01-01T00:00:00Z"),
            (Int64(1_380_381_656_999_999), "2013-09-28T15:20:56Z"),
            (Int64(951_782_400_000_000), "2000-02-29T00:00:00Z"),
            (Int64(4_102_444_799_000_000), "2099-12-31T23:59:59Z"),
            (Int64(-1), "1969-12-31T23:59:59Z"),
        ]
    )
    func glanceFormat(microseconds: Int64, expected: String) {
        #expect(Timestamp(microseconds: microseconds).glanceString == expected)
    }

    @Test("the precise form keeps microseconds")
    func precise() {
        #expect(Timestamp(microseconds: 1_380_381_656_000_042).preciseString == "2013-09-28T15:20:56.000042Z")
    }

    @Test("task ids parse any UUID case and print lower-case; anything else is not an id")
    func taskIDs() {
        #expect(TaskID("7D620BEF-0BE7-41B3-AAA1-651036AB3001")?.rawValue == "7d620bef-0be7-41b3-aaa1-651036ab3001")
        for bad in [
            "", "NON_EXISTENT_TASK", "7d620bef0be741b3aaa1651036ab3001", "7d620bef-0be7-41b3-aaa1-651036ab300g",
        ] {
            #expect(TaskID(bad) == nil, "\(bad)")
        }
        #expect(TaskID() != TaskID())
    }

    @Test("new task ids are UUID version 7: the creation millisecond first, so later ids sort later")
    func timeOrderedTaskIDs() throws {
        let instant = Timestamp(microseconds: 1_380_381_656_123_456)
        let id = TaskID(createdAt: instant)
        let hex = id.rawValue.replacing("-", with: "")
        #expect(TaskID(id.rawValue) == id)
        #expect(UInt64(hex.prefix(12), radix: 16) == 1_380_381_656_123)
        #expect(Array(hex)[12] == "7")
        #expect("89ab".contains(Array(hex)[16]))
        #expect(TaskID(createdAt: instant) != id)
        for step in [1_000, 60_000_000, 86_400_000_000] as [Int64] {
            #expect(id < TaskID(createdAt: Timestamp(microseconds: instant.microseconds + step)))
        }
    }
}
