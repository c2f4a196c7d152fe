import SkyliftDomain

/// Everything a Skylift process asks of its database: tasks, image records and the worker's claims. Both stores
/// (`SQLiteTaskStore`, `PostgresTaskStore`) are one.
public typealias TaskDatabase = TaskStore & ImageStore & TaskClaims
