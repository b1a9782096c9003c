// SPDX-License-Identifier: MIT
#include "usagesourceeditor.h"

#include "app/convert.h"
#include "charts/palette.h"
#include "commands/setvaluecommand.h"
#include "document/workspacedocument.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFormLayout>
#include <QLabel>
#include <QSignalBlocker>
#include <QUndoStack>

namespace tierlab::gui {

namespace {

const QString kNone = QStringLiteral("none");
const QString kDatasetPrefix = QStringLiteral("dataset:");
const char* const kRemembered[] = {"synthetic", "records", "csv"};
// Keys of a data set usage block that say how the data set is priced, kept when another data
// set takes its place (docs/import.md, "Pricing a data set").
const char* const kPricingKeys[] = {"tier_map", "model_map", "default_tier", "scale_to_month"};

bool isCsvName(const std::string& name) {
    return name.ends_with(".csv") || name.ends_with(".csv.gz");
}

// "none", "dataset", "synthetic", "records" or "csv", as core's readUsage tells them apart.
QString kindOf(const std::optional<core::Json>& usage) {
    if (!usage || usage->is_null())
        return kNone;
    if (usage->is_string())
        return isCsvName(usage->get<std::string>()) ? QStringLiteral("csv")
                                                    : QStringLiteral("dataset");
    if (!usage->is_object())
        return kNone;
    for (const char* kind : {"dataset", "synthetic", "records", "csv"})
        if (usage->contains(kind))
            return QLatin1String(kind);
    return kNone;
}

std::string datasetOf(const std::optional<core::Json>& usage) {
    if (usage && usage->is_string())
        return usage->get<std::string>();
    if (usage && usage->is_object() && usage->contains("dataset") &&
        (*usage)["dataset"].is_string())
        return (*usage)["dataset"].get<std::string>();
    return {};
}

QString rememberedLabel(const QString& kind, const core::Json& usage) {
    if (kind == QLatin1String("synthetic")) {
        double subscribers = 0;
        const core::Json tiers = usage["synthetic"].value("tiers", core::Json::array());
        for (const core::Json& t : tiers)
            if (t.is_object())
                subscribers += t.value("subscribers", 0.0);
        return UsageSourceEditor::tr("Synthetic population (%1 subscribers)")
            .arg(formatValue(subscribers, Unit::Count));
    }
    if (kind == QLatin1String("records"))
        return UsageSourceEditor::tr("Inline records (%1)").arg(usage["records"].size());
    return UsageSourceEditor::tr("CSV file %1")
        .arg(toQ(usage.is_string() ? usage.get<std::string>() : usage.value("csv", "")));
}

QString nameMapText(const core::Json& map) {
    QStringList pairs;
    for (const auto& [from, to] : map.items())
        pairs << QStringLiteral("%1 → %2").arg(toQ(from), to.is_string()
                                                              ? toQ(to.get<std::string>())
                                                              : UsageSourceEditor::tr("left out"));
    return pairs.join(QStringLiteral(", "));
}

} // namespace

UsageSourceEditor::UsageSourceEditor(WorkspaceDocument* document, QWidget* parent)
    : QGroupBox(tr("Usage priced by the scenario"), parent), m_document(document) {
    m_source = new QComboBox;
    m_source->setObjectName(QStringLiteral("usageSource"));
    m_source->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_defaultTier = new QComboBox;
    m_defaultTier->setObjectName(QStringLiteral("defaultTier"));
    m_defaultTier->setToolTip(tr("The tier of subscribers the data set gives none "
                                 "(usage.default_tier)"));
    m_scale = new QCheckBox(tr("Scale the data set's span to a month"));
    m_scale->setObjectName(QStringLiteral("scaleToMonth"));
    m_maps = new QLabel;
    m_maps->setWordWrap(true);
    m_priced = new QLabel;
    m_priced->setObjectName(QStringLiteral("pricedLabel"));
    m_priced->setWordWrap(true);
    m_priced->setTextFormat(Qt::RichText);

    auto* form = new QFormLayout(this);
    form->addRow(tr("Source:"), m_source);
    form->addRow(tr("Default tier:"), m_defaultTier);
    form->addRow(QString(), m_scale);
    form->addRow(tr("Name maps:"), m_maps);
    form->addRow(tr("Priced:"), m_priced);

    connect(m_source, &QComboBox::activated, this, &UsageSourceEditor::sourceChosen);
    connect(m_defaultTier, &QComboBox::activated, this, [this](int index) {
        const QString tier = m_defaultTier->itemData(index).toString();
        setDatasetKey("default_tier",
                      tier.isEmpty() ? std::nullopt : std::optional(core::Json(toStd(tier))),
                      tr("Set the data set's default tier"));
    });
    connect(m_scale, &QCheckBox::clicked, this, [this](bool on) {
        setDatasetKey("scale_to_month", core::Json(on), tr("Scale the data set to a month"));
    });
    connect(document, &WorkspaceDocument::activeScenarioChanged, this, &UsageSourceEditor::rebuild);
    connect(document, &WorkspaceDocument::datasetsChanged, this, &UsageSourceEditor::rebuild);
    connect(document, &WorkspaceDocument::valueChanged, this,
            [this](const QString& scenario, const QString& path) {
                if (scenario == m_document->activeScenarioName() &&
                    (path.startsWith(QLatin1String("usage")) || path == QLatin1String("tiers")))
                    rebuild();
            });
    rebuild();
}

core::Json UsageSourceEditor::usageForDataset(const std::optional<core::Json>& current,
                                              const std::string& name) {
    core::Json usage = {{"dataset", name}};
    if (current && current->is_object() && current->contains("dataset"))
        for (const char* key : kPricingKeys)
            if (current->contains(key))
                usage[key] = (*current)[key];
    return usage;
}

bool UsageSourceEditor::useDataset(const QString& name) {
    const auto current = m_document->activeValue("usage");
    return m_document->edit("usage", usageForDataset(current, toStd(name)),
                            tr("Price data set %1").arg(name));
}

void UsageSourceEditor::setDatasetKey(const std::string& key,
                                      const std::optional<core::Json>& value, const QString& text) {
    // Edit the whole block: a usage given as a plain data set name becomes an object.
    const auto current = m_document->activeValue("usage");
    core::Json usage = usageForDataset(current, datasetOf(current));
    if (value)
        usage[key] = *value;
    else
        usage.erase(key);
    if (!m_document->edit("usage", usage, text))
        rebuild(); // nothing changed: show the scenario's value again
}

bool UsageSourceEditor::removeUsage() {
    // A top-level key: WorkspaceDocument::erase() edits a key's parent, and `usage` has none.
    auto command = SetValueCommand::create(m_document, m_document->activeScenarioName(), "usage",
                                           std::nullopt, tr("Price no usage"), false);
    if (!command)
        return false;
    m_document->undoStack()->push(command.release());
    return true;
}

void UsageSourceEditor::sourceChosen(int index) {
    const QString choice = m_source->itemData(index).toString();
    const QString scenario = m_document->activeScenarioName();
    bool changed = false;
    if (choice == kNone)
        changed = removeUsage();
    else if (choice.startsWith(kDatasetPrefix))
        changed = useDataset(choice.mid(kDatasetPrefix.size()));
    else if (m_remembered[scenario].count(choice))
        changed = m_document->edit("usage", m_remembered[scenario][choice],
                                   tr("Price %1").arg(m_source->itemText(index)));
    if (!changed)
        rebuild();
}

void UsageSourceEditor::addRememberedSources(const QString& current) {
    const auto usage = m_document->activeValue("usage");
    auto& remembered = m_remembered[m_document->activeScenarioName()];
    if (current != kNone && current != QLatin1String("dataset"))
        remembered[current] = *usage;
    for (const char* kind : kRemembered)
        if (remembered.count(QLatin1String(kind)))
            m_source->addItem(rememberedLabel(QLatin1String(kind), remembered[QLatin1String(kind)]),
                              QLatin1String(kind));
}

void UsageSourceEditor::rebuild() {
    const QSignalBlocker blockSource(m_source);
    const QSignalBlocker blockTier(m_defaultTier);
    const auto usage = m_document->activeValue("usage");
    const QString kind = kindOf(usage);
    const std::string dataset = kind == QLatin1String("dataset") ? datasetOf(usage) : "";
    m_source->clear();
    m_source->addItem(tr("No usage: per-request figures only"), kNone);
    addRememberedSources(kind);
    bool listed = dataset.empty();
    for (const core::DatasetSummary& d : m_document->datasets()) {
        m_source->addItem(tr("Data set %1").arg(toQ(d.name)), kDatasetPrefix + toQ(d.name));
        listed = listed || d.name == dataset;
    }
    if (!listed)
        m_source->addItem(tr("Data set %1 (not in this workspace)").arg(toQ(dataset)),
                          kDatasetPrefix + toQ(dataset));
    const QString selected = dataset.empty() ? kind : kDatasetPrefix + toQ(dataset);
    m_source->setCurrentIndex(std::max(0, m_source->findData(selected)));

    const bool isDataset = !dataset.empty();
    const core::Json block = usage && usage->is_object() ? *usage : core::Json::object();
    m_defaultTier->clear();
    m_defaultTier->addItem(tr("(none)"), QString());
    if (const auto tiers = m_document->activeValue("tiers"); tiers && tiers->is_array())
        for (const core::Json& t : *tiers)
            if (t.is_object() && t.contains("id"))
                m_defaultTier->addItem(toQ(t.value("name", t.value("id", std::string()))),
                                       toQ(t.value("id", std::string())));
    m_defaultTier->setCurrentIndex(
        std::max(0, m_defaultTier->findData(toQ(block.value("default_tier", std::string())))));
    m_defaultTier->setEnabled(isDataset);
    m_scale->setChecked(block.value("scale_to_month", false));
    m_scale->setEnabled(isDataset);
    m_maps->setText(isDataset ? mapsText(block) : tr("(data sets only)"));
}

QString UsageSourceEditor::mapsText(const core::Json& usage) const {
    QStringList parts;
    if (usage.contains("tier_map") && usage["tier_map"].is_object() && !usage["tier_map"].empty())
        parts << tr("tiers: %1").arg(nameMapText(usage["tier_map"]));
    if (usage.contains("model_map") && usage["model_map"].is_object() &&
        !usage["model_map"].empty())
        parts << tr("models: %1").arg(nameMapText(usage["model_map"]));
    return parts.isEmpty() ? tr("none: data set tiers and models keep their names")
                           : parts.join(QStringLiteral("; "));
}

void UsageSourceEditor::showPriced(const EvalSnapshot& snapshot) {
    QStringList lines;
    lines << (snapshot.results.usage.empty() ? tr("no population") : toQ(snapshot.results.usage))
                 .toHtmlEscaped();
    for (const core::Diagnostic& d : snapshot.diagnostics)
        if (d.isError() && d.path.rfind("usage", 0) == 0)
            lines << QStringLiteral("<span style=\"color:%1\">%2</span>")
                         .arg(kErrorTextColor.name(),
                              toQ(core::formatDiagnostic(d)).toHtmlEscaped());
    m_priced->setText(lines.join(QStringLiteral("<br>")));
}

} // namespace tierlab::gui
