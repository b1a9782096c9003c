// SPDX-License-Identifier: MIT
// Ids of the undo commands that merge (QUndoCommand::id()), kept in one place.
#pragma once

namespace tierlab::gui {

enum class CommandId : int {
    SetValue = 1,
};

} // namespace tierlab::gui
