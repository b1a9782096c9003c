// SPDX-License-Identifier: MIT
// The app's QSettings keys, typed, in one place (only gui touches QSettings).
#pragma once

#include <QByteArray>
#include <QString>
#include <QStringList>

namespace tierlab::gui::settings {

QStringList recentFiles();
void addRecentFile(const QString& path); // most recent first, at most kMaxRecentFiles
void removeRecentFile(const QString& path);
inline constexpr int kMaxRecentFiles = 8;

QByteArray windowGeometry();
void setWindowGeometry(const QByteArray& geometry);
QByteArray windowState();
void setWindowState(const QByteArray& state);

// The scenario last active in a workspace file, to reopen it there.
QString activeScenario(const QString& workspacePath);
void setActiveScenario(const QString& workspacePath, const QString& name);

bool darkPalette();
void setDarkPalette(bool dark);

int lastPage();
void setLastPage(int page);

} // namespace tierlab::gui::settings
