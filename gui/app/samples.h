// SPDX-License-Identifier: MIT
// The bundled sample workspace the README's run command opens: the sample scenarios, the
// sample usage data set imported, and a scenario that prices it.
#pragma once

#include <QString>

namespace tierlab::gui {

inline constexpr const char* kSampleScenario = "Sample tiers on imported usage";
inline constexpr const char* kSampleDataset = "sample-usage";

// Registers the app's resources (icons, the sample usage file); they live in the static
// tierlab_gui library, so every executable linking it calls this once.
void initResources();

// Creates the sample workspace at `path` (replacing nothing: fails if the file exists).
// False with a reason on failure.
bool createSampleWorkspace(const QString& path, QString* error);

// The sample workspace in the user's data folder, created on first use. Empty on failure.
QString sampleWorkspacePath(QString* error);

} // namespace tierlab::gui
