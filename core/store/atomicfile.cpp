// SPDX-License-Identifier: MIT
#include "atomicfile.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <filesystem>
#include <random>

namespace tierlab::core {

namespace {
std::error_code lastError() {
    return {errno, std::generic_category()};
}

std::error_code syncPath(const std::string& path, int flags) {
    const int fd = ::open(path.c_str(), flags | O_CLOEXEC);
    if (fd < 0)
        return lastError();
    const bool ok = ::fsync(fd) == 0;
    const std::error_code ec = ok ? std::error_code() : lastError();
    ::close(fd);
    return ec;
}
} // namespace

std::string temporaryPathBeside(const std::string& path) {
    std::random_device rd;
    char suffix[16];
    std::snprintf(suffix, sizeof suffix, ".tmp-%08x", static_cast<unsigned>(rd()));
    return path + suffix;
}

std::error_code moveIntoPlace(const std::string& temp, const std::string& path, MoveMode mode) {
    if (std::error_code ec = syncPath(temp, O_RDONLY))
        return ec;
    const int flags = mode == MoveMode::NoReplace ? RENAME_NOREPLACE : 0;
    if (::renameat2(AT_FDCWD, temp.c_str(), AT_FDCWD, path.c_str(), static_cast<unsigned>(flags)) !=
        0)
        return lastError();
    std::filesystem::path folder = std::filesystem::path(path).parent_path();
    // The rename itself is durable once the folder is: a failure here is not the file's.
    (void)syncPath(folder.empty() ? "." : folder.string(), O_RDONLY | O_DIRECTORY);
    return {};
}

} // namespace tierlab::core
