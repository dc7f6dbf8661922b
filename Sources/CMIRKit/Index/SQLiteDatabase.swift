import CSQLite
import Foundation

/// The only file that touches SQLite's C API: a connection, prepared statements with typed bindings, and
/// transactions. Every SQLite error becomes a `CMIRError` naming the database file.
final class SQLiteDatabase {
    private let handle: OpaquePointer
    let path: String

    /// Opens (and with `create`, creates) the database file.
    init(path: String, create: Bool) throws {
        self.path = path
        var db: OpaquePointer?
        let flags = SQLITE_OPEN_READWRITE | (create ? SQLITE_OPEN_CREATE : 0) | SQLITE_OPEN_FULLMUTEX
        let status = sqlite3_open_v2(path, &db, flags, nil)
        guard status == SQLITE_OK, let db else {
            let reason = db.map { String(cString: sqlite3_errmsg($0)) } ?? "cannot open"
            sqlite3_close_v2(db)
            throw CMIRError.input("\(path): \(reason)")
        }
        handle = db
        sqlite3_busy_timeout(db, 5000)
    }

    deinit { sqlite3_close_v2(handle) }

    /// Runs one or more statements without results (schema, pragmas).
    func execute(_ sql: String) throws {
        var message: UnsafeMutablePointer<CChar>?
        let status = sqlite3_exec(handle, sql, nil, nil, &message)
        defer { sqlite3_free(message) }
        if status != SQLITE_OK {
            throw error(status, message.map { String(cString: $0) })
        }
    }

    func prepare(_ sql: String) throws -> SQLiteStatement {
        var statement: OpaquePointer?
        let status = sqlite3_prepare_v2(handle, sql, -1, &statement, nil)
        guard status == SQLITE_OK, let statement else { throw error(status) }
        return SQLiteStatement(handle: statement, database: self)
    }

    /// Runs `body` inside one transaction: all of it is committed, or (on a throw) none of it.
    func transaction<T>(_ body: () throws -> T) throws -> T {
        try execute("BEGIN IMMEDIATE")
        do {
            let result = try body()
            try execute("COMMIT")
            return result
        } catch {
            try? execute("ROLLBACK")
            throw error
        }
    }

    var lastInsertedRowID: Int64 { sqlite3_last_insert_rowid(handle) }

    /// A SQLite failure as a CMIRError: a file that is not a database is the user's input, anything else
    /// (disk full, I/O) a failed run. A damaged file says what to do about it.
    func error(_ status: Int32, _ message: String? = nil) -> CMIRError {
        let reason = message ?? String(cString: sqlite3_errmsg(handle))
        switch status & 0xFF {
        case SQLITE_CORRUPT:
            return IndexStore.damaged(path, reason)
        case SQLITE_NOTADB, SQLITE_CANTOPEN, SQLITE_READONLY, SQLITE_PERM, SQLITE_AUTH:
            return .input("\(path): \(reason)")
        default:
            return .failure("\(path): \(reason)")
        }
    }
}

/// A prepared statement: bind by 1-based position, step through rows, read columns by 0-based position.
final class SQLiteStatement {
    private let handle: OpaquePointer
    private let database: SQLiteDatabase

    fileprivate init(handle: OpaquePointer, database: SQLiteDatabase) {
        self.handle = handle
        self.database = database
    }

    deinit { sqlite3_finalize(handle) }

    enum Value {
        case integer(Int64)
        case real(Double)
        case text(String)
        case blob(Data)
        case null
    }

    /// Clears earlier bindings and binds `values` to parameters 1, 2, ...
    @discardableResult
    func bind(_ values: [Value]) throws -> SQLiteStatement {
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
        for (offset, value) in values.enumerated() {
            let index = Int32(offset + 1)
            let status: Int32
            switch value {
            case .integer(let v): status = sqlite3_bind_int64(handle, index, v)
            case .real(let v): status = sqlite3_bind_double(handle, index, v)
            case .text(let v): status = sqlite3_bind_text(handle, index, v, -1, Self.transient)
            case .blob(let v):
                status = v.withUnsafeBytes { raw in
                    // A zero-length blob still needs a non-null pointer to be stored as a blob, not NULL.
                    sqlite3_bind_blob(handle, index, raw.baseAddress ?? UnsafeRawPointer(bitPattern: 1),
                                      Int32(raw.count), Self.transient)
                }
            case .null: status = sqlite3_bind_null(handle, index)
            }
            if status != SQLITE_OK { throw database.error(status) }
        }
        return self
    }

    /// SQLite's destructor constant for "copy the bound bytes now" (a macro Swift cannot import).
    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    /// Advances to the next row; false when done.
    func step() throws -> Bool {
        let status = sqlite3_step(handle)
        switch status {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        default: throw database.error(status)
        }
    }

    /// Runs a statement that returns no rows.
    func run(_ values: [Value] = []) throws {
        try bind(values)
        while try step() {}
        sqlite3_reset(handle)
    }

    /// Runs a query and maps every row.
    func rows<T>(_ values: [Value] = [], _ map: (SQLiteStatement) throws -> T) throws -> [T] {
        try bind(values)
        var out: [T] = []
        while try step() { out.append(try map(self)) }
        sqlite3_reset(handle)
        return out
    }

    func int(_ column: Int32) -> Int64 { sqlite3_column_int64(handle, column) }
    func double(_ column: Int32) -> Double { sqlite3_column_double(handle, column) }
    func isNull(_ column: Int32) -> Bool { sqlite3_column_type(handle, column) == SQLITE_NULL }

    func text(_ column: Int32) -> String {
        guard let pointer = sqlite3_column_text(handle, column) else { return "" }
        return String(cString: pointer)
    }

    /// The checksum of columns `range` of the current row, read in place (see `RowChecksum`).
    func checksum(ofColumns range: Range<Int32>) -> Int64 {
        var checksum = RowChecksum()
        for column in range {
            switch sqlite3_column_type(handle, column) {
            case SQLITE_INTEGER: checksum.add(integer: sqlite3_column_int64(handle, column))
            case SQLITE_FLOAT: checksum.add(real: sqlite3_column_double(handle, column))
            case SQLITE_NULL: checksum.addNull()
            case let type:
                // Text first asks for its text (converting nothing: stored as UTF-8), then for its length.
                let pointer = type == SQLITE_TEXT ? UnsafeRawPointer(sqlite3_column_text(handle, column))
                    : sqlite3_column_blob(handle, column)
                let count = pointer == nil ? 0 : Int(sqlite3_column_bytes(handle, column))
                checksum.add(text: type == SQLITE_TEXT, bytes: UnsafeRawBufferPointer(start: pointer, count: count))
            }
        }
        return checksum.value
    }

    func blob(_ column: Int32) -> Data {
        let count = Int(sqlite3_column_bytes(handle, column))
        guard count > 0, let pointer = sqlite3_column_blob(handle, column) else { return Data() }
        return Data(bytes: pointer, count: count)
    }
}
