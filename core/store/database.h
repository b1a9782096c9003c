// SPDX-License-Identifier: MIT
// A thin RAII layer over the SQLite C API (after Zeal's util/sqlitedatabase and statement):
// a connection, prepared statements and transactions that roll back unless committed.
// sqlite3.h stays out of this header.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>

struct sqlite3; // global scope: inside a namespace it would declare another type
struct sqlite3_stmt;

namespace tierlab::core {

// An SQLite error with the database's message.
class DatabaseError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

class Database {
public:
    enum class Mode { ReadWrite, Create };
    // Opens (Create: creates if missing) a database file. Throws DatabaseError.
    Database(const std::string& path, Mode mode);
    ~Database();
    Database(const Database&) = delete;
    Database& operator=(const Database&) = delete;

    // Runs one or more statements without results. Throws DatabaseError.
    void exec(std::string_view sql);
    // The first column of the first row of a query, as an integer (0 when no row).
    std::int64_t queryInt(std::string_view sql);
    std::int64_t lastInsertId() const;
    sqlite3* handle() const { return m_db; }

private:
    sqlite3* m_db = nullptr;
};

class Statement {
public:
    Statement(Database& db, std::string_view sql);
    ~Statement();
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;

    // Binds by 1-based index. Return *this to chain.
    Statement& bind(int index, std::int64_t v);
    Statement& bind(int index, double v);
    Statement& bind(int index, std::string_view v);
    Statement& bind(int index, std::optional<double> v);
    Statement& bindBlob(int index, std::span<const std::uint8_t> v);
    Statement& bindNull(int index);

    // Steps once: true when a row is available, false when done. Throws DatabaseError.
    bool step();
    // Runs to completion (for statements without results) and resets for reuse.
    void run();
    void reset();

    std::int64_t columnInt(int index) const;
    double columnDouble(int index) const;
    std::optional<double> columnOptionalDouble(int index) const;
    std::string columnText(int index) const;
    std::span<const std::uint8_t> columnBlob(int index) const;
    bool columnIsNull(int index) const;

private:
    Database& m_db;
    sqlite3_stmt* m_stmt = nullptr;
};

// BEGIN IMMEDIATE on construction; ROLLBACK on destruction unless commit() was called, so an
// exception or a cancel leaves the database as it was.
class Transaction {
public:
    explicit Transaction(Database& db);
    ~Transaction();
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;
    void commit();

private:
    Database& m_db;
    bool m_done = false;
};

} // namespace tierlab::core
