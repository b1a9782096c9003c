// SPDX-License-Identifier: MIT
#include "capacityeditor.h"

#include "app/convert.h"
#include "document/workspacedocument.h"
#include "enumchoices.h"
#include "models/jsontablemodel.h"
#include "scenario/scenario.h"
#include "sim/gapfit.h"
#include "sim/simparams.h"
#include "widgets/valuecheckbox.h"
#include "widgets/valuespinbox.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QSignalBlocker>
#include <QTableView>
#include <QVBoxLayout>

#include <algorithm>

namespace tierlab::gui {

namespace {

using Kind = JsonColumn::Kind;

// The reader's defaults (core::CapacitySpec), shown for keys the scenario leaves out.
const core::CapacitySpec kDefaults;

std::string at(const std::string& key) {
    return "capacity." + key;
}

} // namespace

CapacityEditor::CapacityEditor(WorkspaceDocument* document, QWidget* parent)
    : QWidget(parent), m_document(document) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(buildPopulation());
    layout->addWidget(buildBehaviour());
    layout->addWidget(buildCorrelates());
    layout->addWidget(buildScaling());
    layout->addStretch(1);
    connect(document, &WorkspaceDocument::valueChanged, this,
            [this](const QString&, const QString& path) {
                if (path.startsWith(QLatin1String("capacity")) ||
                    path.startsWith(QLatin1String("pods")))
                    refresh();
            });
    connect(document, &WorkspaceDocument::activeScenarioChanged, this, &CapacityEditor::refresh);
    refresh();
}

ValueSpinBox* CapacityEditor::number(QFormLayout* form, const QString& label,
                                     const std::string& key, double fallback, double minimum,
                                     double maximum, int decimals, const QString& toolTip,
                                     Unit unit) {
    auto* box = new ValueSpinBox(m_document, at(key), unit, minimum, maximum, decimals);
    box->setObjectName(QString::fromStdString(at(key)));
    box->setFallback(fallback);
    box->setWhatsThis(toolTip);
    auto* name = new QLabel(label);
    name->setToolTip(toolTip);
    form->addRow(name, box);
    m_numbers.push_back(box);
    return box;
}

QGroupBox* CapacityEditor::buildPopulation() {
    auto* box = new QGroupBox(tr("Pod and users"));
    auto* form = new QFormLayout(box);
    m_pod = new QComboBox;
    m_pod->setObjectName(QStringLiteral("capacity.pod"));
    m_pod->setToolTip(tr("capacity.pod: the pod whose hourly cost prices a second pod"));
    connect(m_pod, &QComboBox::activated, this, [this](int index) {
        const QString pod = m_pod->itemData(index).toString();
        const bool changed = pod.isEmpty() ? m_document->erase(at("pod"), tr("No capacity pod"))
                                           : m_document->edit(at("pod"), toStd(pod),
                                                              tr("Capacity on pod %1").arg(pod));
        if (!changed)
            refresh();
    });
    form->addRow(tr("Pod:"), m_pod);
    number(form, tr("Slots:"), "slots", kDefaults.slots, 1, 100000, 0,
           tr("Concurrent generations one pod serves"));
    number(form, tr("Users:"), "users", kDefaults.users, 1, 1000000, 0,
           tr("Users on the pod for the concurrency figures"));
    number(form, tr("Confidence:"), "confidence", kDefaults.confidence, 0.5, 0.9999, 2,
           tr("Users per pod keep P(concurrency exceeds the slots) at or below 1 - this"),
           Unit::Share);
    number(form, tr("Weeks per trial:"), "weeks", kDefaults.weeks, 1, 52, 0,
           tr("Simulated horizon of each trial"));
    number(form, tr("Trials:"), "trials", kDefaults.trials, 1, 100000, 0,
           tr("Independent trials; the figures' intervals shrink as 1/sqrt(trials)"));
    number(form, tr("Seed:"), "seed", static_cast<double>(kDefaults.seed), 0, 2147483647, 0,
           tr("The same seed gives the same figures on any number of threads"));
    return box;
}

QGroupBox* CapacityEditor::buildBehaviour() {
    auto* box = new QGroupBox(tr("A user's requests"));
    auto* layout = new QVBoxLayout(box);
    auto* form = new QFormLayout;
    m_modulate = new QComboBox;
    m_modulate->setObjectName(QStringLiteral("capacity.modulate"));
    m_modulate->addItem(tr("Session starts (sessions)"), enumChoice(core::kModulateNames, false));
    m_modulate->addItem(tr("Every gap (all, replication)"), enumChoice(core::kModulateNames, true));
    m_modulate->setToolTip(tr("capacity.modulate: which gaps follow the user's activity"));
    connect(m_modulate, &QComboBox::activated, this, [this](int index) {
        if (!m_document->edit(at("modulate"), toStd(m_modulate->itemData(index).toString()),
                              tr("Modulate %1").arg(m_modulate->itemData(index).toString())))
            refresh();
    });
    form->addRow(tr("Activity modulates:"), m_modulate);
    number(form, tr("Generation median (s):"), "generation.median_s", kDefaults.generationMedianS,
           0.1, 3600, 1, tr("Median time one generation holds a slot"));
    number(form, tr("Generation sigma:"), "generation.sigma", kDefaults.generationSigma, 0.01, 5, 2,
           tr("Lognormal sigma of the generation time"));
    layout->addLayout(form);

    m_gapsModel = new JsonTableModel(
        m_document, at("gaps"),
        {jsonColumn(tr("Weight"), "weight", Kind::Number, Unit::Share,
                    tr("Share of gaps from this component; the weights sum to 100 %")),
         jsonColumn(tr("Median (min)"), "median_min", Kind::Number, Unit::Plain,
                    tr("Median gap, minutes; the largest median starts a new session")),
         jsonColumn(tr("Sigma"), "sigma", Kind::Number, Unit::Plain,
                    tr("Lognormal sigma of the gap"))},
        this);
    m_gaps = new QTableView;
    m_gaps->setObjectName(QStringLiteral("capacityGaps"));
    m_gaps->setModel(m_gapsModel);
    m_gaps->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    m_gaps->verticalHeader()->setDefaultSectionSize(m_gaps->fontMetrics().height() + 8);
    m_gaps->setMaximumHeight(m_gaps->fontMetrics().height() * 8);
    m_gaps->setToolTip(tr("capacity.gaps: the mixture of lognormal gaps between a user's "
                          "requests (empty: medians 1, 4 and 250 minutes)"));
    layout->addWidget(m_gaps);
    QStringList defaults;
    for (const core::GapComponent& g : core::defaultGapComponents())
        defaults << tr("%1 × median %2 min, sigma %3")
                        .arg(formatValue(g.weight, Unit::Share))
                        .arg(g.medianMinutes)
                        .arg(g.sigma);
    m_gapsNote = new QLabel(tr("No gaps given: the defaults, %1. Add Component writes them out "
                               "to edit.")
                                .arg(defaults.join(QStringLiteral("; "))));
    m_gapsNote->setWordWrap(true);
    layout->addWidget(m_gapsNote);
    auto* buttons = new QHBoxLayout;
    auto* add = new QPushButton(tr("Add Component"));
    auto* remove = new QPushButton(tr("Remove"));
    connect(add, &QPushButton::clicked, this, [this] {
        // No gaps given means the defaults: write them out first, so that adding a component
        // starts from what the simulation used.
        if (m_gapsModel->rowCount() == 0) {
            m_document->edit(at("gaps"), core::gapsJson(core::defaultGapComponents()),
                             tr("Write the default gaps"));
            return;
        }
        m_gapsModel->appendRow({{"weight", 0.0}, {"median_min", 10.0}, {"sigma", 1.0}},
                               tr("Add a gap component"));
    });
    connect(remove, &QPushButton::clicked, this, [this] {
        const QModelIndex current = m_gaps->currentIndex();
        if (current.isValid())
            m_gapsModel->removeRowAt(current.row(), tr("Remove a gap component"));
    });
    buttons->addWidget(add);
    buttons->addWidget(remove);
    buttons->addStretch(1);
    layout->addLayout(buttons);
    return box;
}

QGroupBox* CapacityEditor::buildCorrelates() {
    auto* box = new QGroupBox(tr("Correlates"));
    auto* form = new QFormLayout(box);
    form->addRow(new ValueCheckBox(m_document, at("time_of_day"), kDefaults.timeOfDay,
                                   tr("Time of day (hourly activity profile)")));
    number(form, tr("Time zone spread (h):"), "timezone_spread_h", kDefaults.timezoneSpreadHours, 0,
           23, 0, tr("Users' UTC offsets are uniform over [0, this] hours"));
    form->addRow(new ValueCheckBox(m_document, at("session_clustering"),
                                   kDefaults.sessionClustering,
                                   tr("Session clustering (daily activity, AR(1))")));
    number(form, tr("AR(1) phi:"), "clustering.phi", kDefaults.clusteringPhi, -0.99, 0.99, 2,
           tr("Day-to-day persistence of a user's activity"));
    number(form, tr("AR(1) sigma:"), "clustering.sigma", kDefaults.clusteringSigma, 0, 5, 2,
           tr("Spread of the log daily activity multiplier"));
    number(form, tr("Cross-user rho:"), "cross_user_rho", kDefaults.crossUserRho, 0, 1, 3,
           tr("Weight of the shared factor in every user's daily innovation; 0 = none"));
    number(form, tr("Bursts per week:"), "bursts.per_week", 0, 0, 1000, 2,
           tr("Shared bursts on every user's session intensity; 0 = none"));
    number(form, tr("Burst size (x):"), "bursts.size", kDefaults.burstSize, 0.01, 100, 2,
           tr("Multiplier of session intensity during a burst"));
    number(form, tr("Burst hours:"), "bursts.hours", kDefaults.burstHours, 0.1, 167, 1,
           tr("Duration of a burst (rounded up to whole hours)"));
    form->addRow(new ValueCheckBox(m_document, at("closed_loop"), kDefaults.closedLoop,
                                   tr("Closed loop (next request waits for the reply)")));
    return box;
}

QGroupBox* CapacityEditor::buildScaling() {
    auto* box = new QGroupBox(tr("Autoscaling and rate limit"));
    auto* form = new QFormLayout(box);
    // On when the block is given and not disabled (the reader's rule), so a plain switch
    // bound to autoscaling.enabled would show the wrong default.
    m_autoscaling = new QCheckBox(tr("A second pod on demand"));
    m_autoscaling->setObjectName(QStringLiteral("capacity.autoscaling"));
    m_autoscaling->setToolTip(QStringLiteral("capacity.autoscaling.enabled"));
    connect(m_autoscaling, &QCheckBox::clicked, this, [this](bool on) {
        const bool present = m_document->activeValue(at("autoscaling")).has_value();
        const bool changed =
            present ? m_document->edit(at("autoscaling.enabled"), on,
                                       on ? tr("Autoscaling on") : tr("Autoscaling off"))
                    : m_document->edit(at("autoscaling"), core::Json{{"enabled", on}},
                                       tr("Autoscaling on"));
        if (!changed)
            refresh();
    });
    form->addRow(m_autoscaling);
    m_threshold =
        number(form, tr("Request above (slots):"), "autoscaling.threshold", kDefaults.slots, 0,
               100000, 0, tr("A second pod is requested when concurrency exceeds this"));
    number(form, tr("Cold start (min):"), "autoscaling.cold_start_min", kDefaults.coldStartMinutes,
           0, 1440, 1, tr("From the request to serving"));
    number(form, tr("Release after idle (min):"), "autoscaling.idle_min",
           kDefaults.idleReleaseMinutes, 0, 1440, 1,
           tr("Released once concurrency stays at or below the threshold this long"));
    number(form, tr("Rate limit (req/min):"), "rate_limit.requests_per_min",
           kDefaults.rateLimitPerMinute, 0, 10000, 1,
           tr("Requests one user may start in any minute; 0 = no limit"));
    return box;
}

ValueSpinBox* CapacityEditor::spinBox(const std::string& path) const {
    for (ValueSpinBox* box : m_numbers)
        if (box->path() == path)
            return box;
    return nullptr;
}

void CapacityEditor::refresh() {
    const QSignalBlocker blockPod(m_pod);
    const QSignalBlocker blockModulate(m_modulate);
    const QSignalBlocker blockScaling(m_autoscaling);
    m_pod->clear();
    m_pod->addItem(tr("(none: no cost for a second pod)"), QString());
    const auto pods = m_document->activeValue("pods");
    if (pods && pods->is_array())
        for (const core::Json& pod : *pods)
            if (pod.is_object() && pod.contains("id") && pod["id"].is_string())
                m_pod->addItem(toQ(pod["id"].get<std::string>()),
                               toQ(pod["id"].get<std::string>()));
    const auto pod = m_document->activeValue(at("pod"));
    m_pod->setCurrentIndex(
        std::max(0, m_pod->findData(pod && pod->is_string() ? toQ(pod->get<std::string>()) : "")));
    const auto modulate = m_document->activeValue(at("modulate"));
    m_modulate->setCurrentIndex(modulate && modulate->is_string() && *modulate == "all" ? 1 : 0);
    const auto scaling = m_document->activeValue(at("autoscaling"));
    const auto enabled = m_document->activeValue(at("autoscaling.enabled"));
    m_autoscaling->setChecked(scaling && scaling->is_object() &&
                              !(enabled && enabled->is_boolean() && !enabled->get<bool>()));
    const bool noGaps = m_gapsModel->rowCount() == 0;
    m_gaps->setVisible(!noGaps);
    m_gapsNote->setVisible(noGaps);
    const auto slots = m_document->activeNumber(at("slots"));
    m_threshold->setFallback(slots.value_or(kDefaults.slots));
}

} // namespace tierlab::gui
