// SPDX-License-Identifier: MIT
#include "database.h"

#include <sqlite3.h>

namespace tierlab::core {

namespace {
[[noreturn]] void fail(sqlite3* db, std::string_view what) {
    throw DatabaseError(std::string(what) + ": " + (db ? sqlite3_errmsg(db) : "out of memory"));
}
} // namespace

Database::Database(const std::string& path, Mode mode) {
    const int flags = SQLITE_OPEN_READWRITE | (mode == Mode::Create ? SQLITE_OPEN_CREATE : 0);
    if (sqlite3_open_v2(path.c_str(), &m_db, flags, nullptr) != SQLITE_OK) {
        const std::string message = m_db ? sqlite3_errmsg(m_db) : "out of memory";
        sqlite3_close(m_db);
        m_db = nullptr;
        throw DatabaseError(message);
    }
    sqlite3_extended_result_codes(m_db, 1);
    sqlite3_busy_timeout(m_db, 2000);
}

Database::~Database() {
    sqlite3_close(m_db);
}

void Database::exec(std::string_view sql) {
    char* error = nullptr;
    if (sqlite3_exec(m_db, std::string(sql).c_str(), nullptr, nullptr, &error) != SQLITE_OK) {
        const std::string message = error ? error : sqlite3_errmsg(m_db);
        sqlite3_free(error);
        throw DatabaseError(message);
    }
}

std::int64_t Database::queryInt(std::string_view sql) {
    Statement s(*this, sql);
    return s.step() ? s.columnInt(0) : 0;
}

std::int64_t Database::lastInsertId() const {
    return sqlite3_last_insert_rowid(m_db);
}

Statement::Statement(Database& db, std::string_view sql) : m_db(db) {
    if (sqlite3_prepare_v2(db.handle(), sql.data(), static_cast<int>(sql.size()), &m_stmt,
                           nullptr) != SQLITE_OK)
        fail(db.handle(), "prepare");
}

Statement::~Statement() {
    sqlite3_finalize(m_stmt);
}

Statement& Statement::bind(int index, std::int64_t v) {
    if (sqlite3_bind_int64(m_stmt, index, v) != SQLITE_OK)
        fail(m_db.handle(), "bind");
    return *this;
}

Statement& Statement::bind(int index, double v) {
    if (sqlite3_bind_double(m_stmt, index, v) != SQLITE_OK)
        fail(m_db.handle(), "bind");
    return *this;
}

Statement& Statement::bind(int index, std::string_view v) {
    if (sqlite3_bind_text(m_stmt, index, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT) !=
        SQLITE_OK)
        fail(m_db.handle(), "bind");
    return *this;
}

Statement& Statement::bind(int index, std::optional<double> v) {
    return v ? bind(index, *v) : bindNull(index);
}

Statement& Statement::bindBlob(int index, std::span<const std::uint8_t> v) {
    if (sqlite3_bind_blob64(m_stmt, index, v.data(), v.size(), SQLITE_TRANSIENT) != SQLITE_OK)
        fail(m_db.handle(), "bind");
    return *this;
}

Statement& Statement::bindNull(int index) {
    if (sqlite3_bind_null(m_stmt, index) != SQLITE_OK)
        fail(m_db.handle(), "bind");
    return *this;
}

bool Statement::step() {
    const int rc = sqlite3_step(m_stmt);
    if (rc == SQLITE_ROW)
        return true;
    if (rc == SQLITE_DONE)
        return false;
    fail(m_db.handle(), "step");
}

void Statement::run() {
    while (step()) {
    }
    reset();
}

void Statement::reset() {
    sqlite3_reset(m_stmt);
    sqlite3_clear_bindings(m_stmt);
}

std::int64_t Statement::columnInt(int index) const {
    return sqlite3_column_int64(m_stmt, index);
}

double Statement::columnDouble(int index) const {
    return sqlite3_column_double(m_stmt, index);
}

std::optional<double> Statement::columnOptionalDouble(int index) const {
    if (columnIsNull(index))
        return std::nullopt;
    return columnDouble(index);
}

std::string Statement::columnText(int index) const {
    const auto* text = sqlite3_column_text(m_stmt, index);
    return text ? std::string(reinterpret_cast<const char*>(text),
                              static_cast<std::size_t>(sqlite3_column_bytes(m_stmt, index)))
                : std::string();
}

std::span<const std::uint8_t> Statement::columnBlob(int index) const {
    const auto* data = static_cast<const std::uint8_t*>(sqlite3_column_blob(m_stmt, index));
    return {data, static_cast<std::size_t>(sqlite3_column_bytes(m_stmt, index))};
}

bool Statement::columnIsNull(int index) const {
    return sqlite3_column_type(m_stmt, index) == SQLITE_NULL;
}

Transaction::Transaction(Database& db) : m_db(db) {
    m_db.exec("BEGIN IMMEDIATE");
}

Transaction::~Transaction() {
    if (!m_done) {
        try {
            m_db.exec("ROLLBACK");
        } catch (...) {
            // A failed rollback leaves SQLite's own journal to restore the file on next open.
        }
    }
}

void Transaction::commit() {
    m_db.exec("COMMIT");
    m_done = true;
}

} // namespace tierlab::core
