// SPDX-License-Identifier: MIT
#include "settings.h"

#include <QFileInfo>
#include <QSettings>

namespace tierlab::gui::settings {

namespace {

const QString kRecent = QStringLiteral("recentFiles");
const QString kGeometry = QStringLiteral("window/geometry");
const QString kState = QStringLiteral("window/state");
const QString kPage = QStringLiteral("window/page");
const QString kDark = QStringLiteral("view/darkPalette");

QString activeKey(const QString& path) {
    // Slashes would nest groups: key by the path with them escaped.
    QString key = QFileInfo(path).absoluteFilePath();
    key.replace(QLatin1Char('/'), QLatin1Char('|'));
    return QStringLiteral("activeScenario/") + key;
}

} // namespace

QStringList recentFiles() {
    return QSettings().value(kRecent).toStringList();
}

void addRecentFile(const QString& path) {
    const QString absolute = QFileInfo(path).absoluteFilePath();
    QStringList files = recentFiles();
    files.removeAll(absolute);
    files.prepend(absolute);
    while (files.size() > kMaxRecentFiles)
        files.removeLast();
    QSettings().setValue(kRecent, files);
}

void removeRecentFile(const QString& path) {
    QStringList files = recentFiles();
    files.removeAll(path);
    QSettings().setValue(kRecent, files);
}

QByteArray windowGeometry() {
    return QSettings().value(kGeometry).toByteArray();
}

void setWindowGeometry(const QByteArray& geometry) {
    QSettings().setValue(kGeometry, geometry);
}

QByteArray windowState() {
    return QSettings().value(kState).toByteArray();
}

void setWindowState(const QByteArray& state) {
    QSettings().setValue(kState, state);
}

QString activeScenario(const QString& workspacePath) {
    return QSettings().value(activeKey(workspacePath)).toString();
}

void setActiveScenario(const QString& workspacePath, const QString& name) {
    QSettings().setValue(activeKey(workspacePath), name);
}

bool darkPalette() {
    return QSettings().value(kDark, false).toBool();
}

void setDarkPalette(bool dark) {
    QSettings().setValue(kDark, dark);
}

int lastPage() {
    return QSettings().value(kPage, 0).toInt();
}

void setLastPage(int page) {
    QSettings().setValue(kPage, page);
}

} // namespace tierlab::gui::settings
