// SPDX-License-Identifier: MIT
#include "importmappingeditor.h"

#include "app/convert.h"
#include "usage/formats.h"

#include <QComboBox>
#include <QFormLayout>
#include <QSignalBlocker>

#include <optional>

namespace tierlab::gui {

namespace {

struct RoleInfo {
    const char* role; // as core::mappedFormat names it
    core::Role kind;
    const char* label;
};

// docs/import.md, "Roles for --map". The labels are translated by ImportMappingEditor::tr,
// whose context is the class's qualified name; the roles are names, never translated.
const RoleInfo kRoles[] = {
    {"timestamp", core::Role::Time,
     QT_TRANSLATE_NOOP("tierlab::gui::ImportMappingEditor", "Request time")},
    {"day", core::Role::Day,
     QT_TRANSLATE_NOOP("tierlab::gui::ImportMappingEditor", "Day (daily rows)")},
    {"user_id", core::Role::User,
     QT_TRANSLATE_NOOP("tierlab::gui::ImportMappingEditor", "Subscriber")},
    {"tier", core::Role::Tier, QT_TRANSLATE_NOOP("tierlab::gui::ImportMappingEditor", "Tier")},
    {"model", core::Role::Model, QT_TRANSLATE_NOOP("tierlab::gui::ImportMappingEditor", "Model")},
    {"channel", core::Role::Channel,
     QT_TRANSLATE_NOOP("tierlab::gui::ImportMappingEditor", "Channel")},
    {"requests", core::Role::Requests,
     QT_TRANSLATE_NOOP("tierlab::gui::ImportMappingEditor", "Requests (count per row)")},
    {"input_tokens", core::Role::Input,
     QT_TRANSLATE_NOOP("tierlab::gui::ImportMappingEditor", "Input tokens (uncached)")},
    {"prompt_tokens", core::Role::Prompt,
     QT_TRANSLATE_NOOP("tierlab::gui::ImportMappingEditor", "Prompt tokens (incl. cached)")},
    {"output_tokens", core::Role::Output,
     QT_TRANSLATE_NOOP("tierlab::gui::ImportMappingEditor", "Output tokens")},
    {"cache_read_tokens", core::Role::CacheRead,
     QT_TRANSLATE_NOOP("tierlab::gui::ImportMappingEditor", "Cache read tokens")},
    {"cache_write_tokens", core::Role::CacheWrite,
     QT_TRANSLATE_NOOP("tierlab::gui::ImportMappingEditor", "Cache write tokens")},
};

// The first column of `known` with this role that is in the header.
std::optional<QString> knownColumn(const core::Format* known, core::Role kind,
                                   const QStringList& columns) {
    if (!known)
        return std::nullopt;
    for (const core::ColumnRole& c : known->columns) {
        if (c.role != kind)
            continue;
        for (const QString& column : columns)
            if (toStd(column.trimmed().toLower()) == core::normalizedName(c.name))
                return column;
    }
    return std::nullopt;
}

} // namespace

ImportMappingEditor::ImportMappingEditor(QWidget* parent) : QWidget(parent) {
    m_form = new QFormLayout(this);
    m_form->setContentsMargins(0, 0, 0, 0);
    for (const RoleInfo& r : kRoles) {
        auto* combo = new QComboBox;
        combo->setObjectName(QStringLiteral("map_") + QLatin1String(r.role));
        combo->setToolTip(
            tr("Column read as %1 (role %2)").arg(tr(r.label), QLatin1String(r.role)));
        connect(combo, &QComboBox::currentIndexChanged, this, &ImportMappingEditor::changed);
        m_form->addRow(tr(r.label), combo);
        m_roles.push_back({QLatin1String(r.role), combo});
    }
}

void ImportMappingEditor::setHeader(const std::vector<std::string>& header,
                                    const core::Format* known) {
    QStringList columns;
    for (const std::string& h : header)
        columns << toQ(h);
    for (std::size_t i = 0; i < m_roles.size(); ++i) {
        QComboBox* combo = m_roles[i].combo;
        const QSignalBlocker block(combo);
        combo->clear();
        combo->addItem(tr("(not in the file)"), QString());
        for (const QString& c : columns)
            combo->addItem(c, c);
        const auto pick = knownColumn(known, kRoles[i].kind, columns);
        const QString byName = m_roles[i].role;
        int index = pick ? combo->findData(*pick) : -1;
        for (int k = 1; index < 0 && k < combo->count(); ++k)
            if (combo->itemData(k).toString().trimmed().compare(byName, Qt::CaseInsensitive) == 0)
                index = k;
        combo->setCurrentIndex(std::max(index, 0));
    }
    Q_EMIT changed();
}

QString ImportMappingEditor::spec() const {
    QStringList pairs;
    for (const RoleEditor& r : m_roles) {
        const QString column = r.combo->currentData().toString();
        if (!column.isEmpty())
            pairs << r.role + QLatin1Char('=') + column;
    }
    return pairs.join(QLatin1Char(','));
}

QComboBox* ImportMappingEditor::roleCombo(const QString& role) const {
    for (const RoleEditor& r : m_roles)
        if (r.role == role)
            return r.combo;
    return nullptr;
}

} // namespace tierlab::gui
