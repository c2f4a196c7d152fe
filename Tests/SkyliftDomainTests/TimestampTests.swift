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
}
