// SPDX-License-Identifier: MIT
#include "workspacedocument.h"

#include "app/convert.h"
#include "commands/scenariocommands.h"
#include "commands/setvaluecommand.h"
#include "store/database.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QUndoStack>

#include <filesystem>

namespace tierlab::gui {

namespace {

const core::Json& emptyObject() {
    static const core::Json empty = core::Json::object();
    return empty;
}

} // namespace

WorkspaceDocument::WorkspaceDocument(std::unique_ptr<core::Workspace> ws,
                                     std::unique_ptr<QTemporaryDir> dir)
    : m_untitledDir(std::move(dir)), m_workspace(std::move(ws)), m_undoStack(new QUndoStack(this)) {
    loadScenarios();
    connect(m_undoStack, &QUndoStack::cleanChanged, this,
            [this](bool clean) { Q_EMIT modifiedChanged(!clean); });
}

WorkspaceDocument::~WorkspaceDocument() {
    // Close the database before the temporary folder that holds an untitled one goes.
    m_workspace.reset();
}

std::unique_ptr<WorkspaceDocument> WorkspaceDocument::open(const QString& path) {
    auto ws = core::Workspace::open(toStd(QFileInfo(path).absoluteFilePath()));
    return std::unique_ptr<WorkspaceDocument>(new WorkspaceDocument(std::move(ws), nullptr));
}

std::unique_ptr<WorkspaceDocument> WorkspaceDocument::createUntitled(const QString& active) {
    auto dir = std::make_unique<QTemporaryDir>();
    if (!dir->isValid())
        throw core::WorkspaceError("cannot create a temporary folder: " +
                                   toStd(dir->errorString()));
    auto ws = core::Workspace::create(toStd(dir->filePath(QStringLiteral("untitled.tierlab"))));
    std::unique_ptr<WorkspaceDocument> doc(new WorkspaceDocument(std::move(ws), std::move(dir)));
    if (doc->hasScenario(active))
        doc->setActiveScenario(active);
    return doc;
}

void WorkspaceDocument::loadScenarios() {
    m_scenarios.clear();
    for (const std::string& name : m_workspace->scenarioNames())
        m_scenarios[toQ(name)] = m_workspace->scenario(name).value_or(core::Json::object());
    if (!m_scenarios.empty() && !m_scenarios.count(m_active))
        m_active = m_scenarios.begin()->first;
}

QString WorkspaceDocument::filePath() const {
    return toQ(m_workspace->path());
}

QString WorkspaceDocument::displayName() const {
    return isUntitled() ? tr("Untitled") : QFileInfo(filePath()).fileName();
}

bool WorkspaceDocument::isModified() const {
    return !m_undoStack->isClean();
}

QStringList WorkspaceDocument::scenarioNames() const {
    QStringList names;
    for (const auto& [name, doc] : m_scenarios)
        names << name;
    return names;
}

bool WorkspaceDocument::hasScenario(const QString& name) const {
    return m_scenarios.count(name) > 0;
}

const core::Json& WorkspaceDocument::scenario(const QString& name) const {
    const auto it = m_scenarios.find(name);
    return it == m_scenarios.end() ? emptyObject() : it->second;
}

void WorkspaceDocument::setActiveScenario(const QString& name) {
    if (name == m_active || !hasScenario(name))
        return;
    m_active = name;
    Q_EMIT activeScenarioChanged(name);
}

QString WorkspaceDocument::uniqueScenarioName(const QString& base) const {
    if (!hasScenario(base))
        return base;
    for (int n = 2;; ++n) {
        const QString candidate = QStringLiteral("%1 (%2)").arg(base).arg(n);
        if (!hasScenario(candidate))
            return candidate;
    }
}

std::optional<core::Json> WorkspaceDocument::value(const QString& name,
                                                   const std::string& path) const {
    const auto it = m_scenarios.find(name);
    if (it == m_scenarios.end())
        return std::nullopt;
    const core::ConstPathLookup found = core::lookupPath(it->second, path);
    return found.node ? std::optional(*found.node) : std::nullopt;
}

std::optional<double> WorkspaceDocument::activeNumber(const std::string& path) const {
    const auto v = activeValue(path);
    return v && v->is_number() ? std::optional(v->get<double>()) : std::nullopt;
}

bool WorkspaceDocument::edit(const std::string& path, const core::Json& value, const QString& text,
                             bool mergeable) {
    if (!hasScenario(m_active))
        return false;
    auto command = SetValueCommand::create(this, m_active, path, value, text, mergeable);
    if (!command)
        return false;
    m_undoStack->push(command.release());
    return true;
}

bool WorkspaceDocument::erase(const std::string& path, const QString& text) {
    // Set the parent without the element, so that undo puts it back where it was (an array
    // element at its index, a key at its place in the object's order).
    core::Json doc = activeScenario();
    const core::PathLookup found = core::lookupPath(doc, path);
    if (!found.node)
        return false;
    const std::string parent = core::parentPath(found.canonical);
    if (parent.empty()) {
        // A top-level key: removed by path (undo adds it back as the document's last key).
        auto command =
            SetValueCommand::create(this, m_active, found.canonical, std::nullopt, text, false);
        if (!command)
            return false;
        m_undoStack->push(command.release());
        return true;
    }
    core::Json reduced = doc;
    core::erasePath(reduced, found.canonical);
    return edit(parent, *core::lookupPath(reduced, parent).node, text);
}

void WorkspaceDocument::applyValue(const QString& name, const std::string& path,
                                   const std::optional<core::Json>& value) {
    core::Json& doc = m_scenarios.at(name);
    if (value)
        core::setPath(doc, path, *value);
    else
        core::erasePath(doc, path);
    Q_EMIT valueChanged(name, toQ(path));
    Q_EMIT scenarioChanged(name);
}

void WorkspaceDocument::applyScenario(const QString& name, const std::optional<core::Json>& doc) {
    if (doc) {
        m_scenarios[name] = *doc;
        Q_EMIT scenarioListChanged();
        Q_EMIT scenarioChanged(name);
        setActiveScenario(name);
        return;
    }
    m_scenarios.erase(name);
    if (m_active == name) {
        m_active = m_scenarios.empty() ? QString() : m_scenarios.begin()->first;
        Q_EMIT scenarioListChanged();
        Q_EMIT activeScenarioChanged(m_active);
        return;
    }
    Q_EMIT scenarioListChanged();
}

bool WorkspaceDocument::save(QString* error) {
    try {
        core::Transaction tx(m_workspace->db());
        for (const std::string& name : m_workspace->scenarioNames())
            if (!hasScenario(toQ(name)))
                m_workspace->removeScenario(name);
        for (const auto& [name, doc] : m_scenarios)
            m_workspace->putScenario(toStd(name), doc);
        tx.commit();
    } catch (const std::exception& e) {
        if (error)
            *error = toQ(e.what());
        return false;
    }
    m_undoStack->setClean();
    return true;
}

bool WorkspaceDocument::saveAs(const QString& target, QString* error) {
    const QString path = QFileInfo(target).absoluteFilePath();
    const QString partial = path + QStringLiteral(".partial");
    QFile::remove(partial);
    try {
        // VACUUM INTO writes a consistent copy of the open database (data sets included).
        core::Statement(m_workspace->db(), "VACUUM INTO ?").bind(1, toStd(partial)).run();
        {
            auto copy = core::Workspace::open(toStd(partial));
            core::Transaction tx(copy->db());
            for (const std::string& name : copy->scenarioNames())
                if (!hasScenario(toQ(name)))
                    copy->removeScenario(name);
            for (const auto& [name, doc] : m_scenarios)
                copy->putScenario(toStd(name), doc);
            tx.commit();
        }
        // Close the current file first, so that its write-ahead log is checkpointed and
        // removed and cannot be mistaken for the new file's; then replace atomically.
        const std::string previous = m_workspace->path();
        m_workspace.reset();
        std::error_code failed;
        std::filesystem::rename(toStd(partial), toStd(path), failed);
        m_workspace = core::Workspace::open(failed ? previous : toStd(path));
        if (failed)
            throw core::WorkspaceError("cannot write " + toStd(path) + ": " + failed.message());
    } catch (const std::exception& e) {
        QFile::remove(partial);
        if (error)
            *error = toQ(e.what());
        return false;
    }
    m_untitledDir.reset();
    m_undoStack->setClean();
    Q_EMIT filePathChanged();
    return true;
}

std::vector<core::DatasetSummary> WorkspaceDocument::datasets() {
    try {
        return m_workspace->datasets();
    } catch (const std::exception&) {
        return {};
    }
}

} // namespace tierlab::gui
