// SPDX-License-Identifier: MIT
// Thread pools of one thread for long work that runs beside the evaluator: goal seek,
// sensitivity runs and capacity simulations. Each kind queues on its own pool, so work left
// behind (a closed dialog's solve, a cancelled run still ending) never holds the global
// pool's threads, which the evaluator uses, and runs of one kind never pile up on the cores.
#pragma once

class QThreadPool;

namespace tierlab::gui {

enum class WorkerPool { GoalSeek, Sensitivity, Capacity };

// The pool of `kind`, created on first use with one thread.
QThreadPool* workerPool(WorkerPool kind);

} // namespace tierlab::gui
