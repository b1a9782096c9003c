// SPDX-License-Identifier: MIT
// Long work is a job (architecture.md, idea 4): it reports progress through a callback and
// stops when its cancel token is set. The GUI adapts these to its worker threads; the CLI
// prints progress on a terminal.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <stdexcept>
#include <string_view>

namespace tierlab::core {

// Called now and then with the work done and the total (same unit, e.g. bytes); total 0
// when unknown.
using ProgressFn = std::function<void(std::uint64_t done, std::uint64_t total)>;

class CancelToken {
public:
    void cancel() { m_cancelled.store(true, std::memory_order_relaxed); }
    bool cancelled() const { return m_cancelled.load(std::memory_order_relaxed); }

private:
    std::atomic<bool> m_cancelled{false};
};

// Thrown inside a job when its token is set; the job's transaction rolls back.
class Cancelled : public std::runtime_error {
public:
    Cancelled() : std::runtime_error("cancelled") {}
};

} // namespace tierlab::core
