// SPDX-License-Identifier: MIT
#include "workerpools.h"

#include <QThreadPool>

#include <array>

namespace tierlab::gui {

namespace {

struct SerialPool : QThreadPool {
    SerialPool() { setMaxThreadCount(1); }
};

} // namespace

QThreadPool* workerPool(WorkerPool kind) {
    static std::array<SerialPool, 3> pools;
    return &pools[static_cast<std::size_t>(kind)];
}

} // namespace tierlab::gui
