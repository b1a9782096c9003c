// SPDX-License-Identifier: MIT
#include "routingpage.h"

#include "app/convert.h"
#include "document/workspacedocument.h"
#include "enumchoices.h"
#include "routingcharts.h"
#include "routingshareeditor.h"
#include "scenario/scenario.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QGridLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QSignalBlocker>
#include <QToolButton>
#include <QUndoStack>
#include <QVBoxLayout>

#include <algorithm>

namespace tierlab::gui {

namespace {

double number(const core::Json& v) {
    return v.is_number() ? v.get<double>() : 0;
}

// A string member of an object; `fallback` when absent or not a string (a hand-edited file).
std::string text(const core::Json& object, const char* key, const std::string& fallback = {}) {
    if (!object.is_object())
        return fallback;
    const auto it = object.find(key);
    return it != object.end() && it->is_string() ? it->get<std::string>() : fallback;
}

core::Json member(const core::Json& object, const char* key, const core::Json& empty) {
    const auto it = object.find(key);
    return it != object.end() && it->type() == empty.type() ? *it : empty;
}

// The mix after giving `model` the share `share`: the other shares keep their proportions
// and fill 1 - share (evenly when they are all 0), so that the mix still sums to 1.
core::Json rescaledMix(const core::Json& mix, const std::string& model, double share) {
    double others = 0;
    int count = 0;
    for (const auto& [id, s] : mix.items())
        if (id != model) {
            others += number(s);
            ++count;
        }
    if (count == 0)
        share = 1;
    core::Json out = core::Json::object();
    for (const auto& [id, s] : mix.items())
        out[id] = id == model  ? share
                  : others > 0 ? number(s) * (1 - share) / others
                               : (1 - share) / count;
    return out;
}

// The mix without `model`, the others scaled up to sum to 1 (evenly when they are all 0).
core::Json withoutModel(const core::Json& mix, const std::string& model) {
    core::Json rest = core::Json::object();
    double sum = 0;
    for (const auto& [id, s] : mix.items())
        if (id != model) {
            rest[id] = number(s);
            sum += number(s);
        }
    for (auto& [id, s] : rest.items())
        s = sum > 0 ? number(s) / sum : 1.0 / static_cast<double>(rest.size());
    return rest;
}

QGroupBox* boxWithRows(const QString& title) {
    auto* box = new QGroupBox(title);
    new QVBoxLayout(box);
    return box;
}

} // namespace

RoutingPage::RoutingPage(WorkspaceDocument* document, Evaluator* evaluator, QWidget* parent)
    : Page(document, evaluator, parent) {
    m_mode = new QComboBox;
    m_mode->setObjectName(QStringLiteral("routingMode"));
    m_mode->addItem(tr("None: every tier on its own model"),
                    enumChoice(core::kRoutingModeNames, core::RoutingMode::None));
    m_mode->addItem(tr("Mix: a share of requests per model"),
                    enumChoice(core::kRoutingModeNames, core::RoutingMode::Mix));
    m_mode->addItem(tr("Cascade: escalate from cheap to strong"),
                    enumChoice(core::kRoutingModeNames, core::RoutingMode::Cascade));
    connect(m_mode, &QComboBox::activated, this,
            [this](int i) { setMode(toStd(m_mode->itemData(i).toString())); });
    auto* modeRow = new QHBoxLayout;
    modeRow->addWidget(new QLabel(tr("Routing mode:")));
    modeRow->addWidget(m_mode);
    modeRow->addStretch();

    m_hint = new QLabel(
        tr("<p><b>Routing is off</b>: every tier is served by its typical model.</p>"
           "<p>Choose <b>Mix</b> above to send a share of requests to each model (for example "
           "80 % Haiku, 15 % Sonnet, 5 % Opus), or <b>Cascade</b> to answer with a cheap model "
           "first and escalate a share of requests to the next, stronger stage. The page then "
           "compares the cost per typical request with an all-baseline-model workload, at "
           "serving cost and at list price, with the expected quality.</p>"
           "<p>The routing also serves every tier that names no typical model (Tiers page), "
           "and re-prices its subscribers.</p>"));
    m_hint->setWordWrap(true);
    m_hint->setObjectName(QStringLiteral("routingHint"));

    m_mixBox = buildMixBox();
    m_cascadeBox = buildCascadeBox();
    m_editors = new QWidget;
    auto* editors = new QVBoxLayout(m_editors);
    editors->setContentsMargins(0, 0, 0, 0);
    editors->addWidget(m_mixBox);
    editors->addWidget(m_cascadeBox);
    editors->addWidget(buildCommonRow());

    m_charts = new RoutingCharts;
    m_charts->setMinimumHeight(340);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(modeRow);
    layout->addWidget(m_hint);
    layout->addWidget(m_editors);
    layout->addWidget(m_charts, 1);
    layout->addStretch();

    connect(document, &WorkspaceDocument::valueChanged, this,
            [this](const QString& scenario, const QString& path) {
                const std::string p = toStd(path);
                if (scenario == this->document()->activeScenarioName() &&
                    (p.rfind("routing", 0) == 0 || p.rfind("models", 0) == 0 ||
                     std::string("routing").rfind(p, 0) == 0))
                    refresh();
            });
    connect(document, &WorkspaceDocument::activeScenarioChanged, this, &RoutingPage::refresh);
    refresh();
}

QGroupBox* RoutingPage::buildMixBox() {
    QGroupBox* box = boxWithRows(tr("Mix: share of requests per model (the shares sum to 100 %)"));
    m_addModel = new QComboBox;
    m_addToMix = new QPushButton(tr("Add to Mix"));
    connect(m_addToMix, &QPushButton::clicked, this,
            [this] { addToMix(toStd(m_addModel->currentData().toString())); });
    auto* row = new QHBoxLayout;
    row->addStretch();
    row->addWidget(m_addModel);
    row->addWidget(m_addToMix);
    static_cast<QVBoxLayout*>(box->layout())->addLayout(row);
    return box;
}

QGroupBox* RoutingPage::buildCascadeBox() {
    QGroupBox* box = boxWithRows(
        tr("Cascade: stage 1 answers every request; a share escalates to the next stage"));
    auto* add = new QPushButton(tr("Add Stage"));
    connect(add, &QPushButton::clicked, this, &RoutingPage::addStage);
    auto* row = new QHBoxLayout;
    row->addStretch();
    row->addWidget(add);
    static_cast<QVBoxLayout*>(box->layout())->addLayout(row);
    return box;
}

QWidget* RoutingPage::buildCommonRow() {
    m_baseline = new QComboBox;
    m_baseline->setObjectName(QStringLiteral("baselineModel"));
    connect(m_baseline, &QComboBox::activated, this, [this](int i) {
        const std::string id = toStd(m_baseline->itemData(i).toString());
        if (id.empty())
            document()->erase("routing.baseline_model", tr("Use the last stage as the baseline"));
        else
            document()->edit("routing.baseline_model", id,
                             tr("Set the routing baseline to %1").arg(modelName(id)));
    });
    m_overhead = new QDoubleSpinBox;
    m_overhead->setObjectName(QStringLiteral("routerOverhead"));
    m_overhead->setPrefix(QStringLiteral("$"));
    m_overhead->setDecimals(6);
    m_overhead->setRange(0, 10);
    m_overhead->setSingleStep(0.0001);
    m_overhead->setKeyboardTracking(false);
    m_overhead->setToolTip(tr("routing.router_overhead_usd: router cost per routed request, a "
                              "serving cost only"));
    connect(m_overhead, &QDoubleSpinBox::valueChanged, this, [this](double usd) {
        document()->edit("routing.router_overhead_usd", usd, tr("Set the router overhead"));
    });
    auto* row = new QWidget;
    auto* layout = new QHBoxLayout(row);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(new QLabel(tr("Savings against all requests on")));
    layout->addWidget(m_baseline);
    layout->addSpacing(24);
    layout->addWidget(new QLabel(tr("Router overhead per request:")));
    layout->addWidget(m_overhead);
    layout->addStretch();
    return row;
}

RoutingShareEditor* RoutingPage::mixEditor(const std::string& model) const {
    for (const MixRow& row : m_mixRowList)
        if (row.model == model)
            return row.editor;
    return nullptr;
}

RoutingShareEditor* RoutingPage::escalationEditor(int stage) const {
    return stage >= 0 && stage < static_cast<int>(m_stageRowList.size())
               ? m_stageRowList[static_cast<std::size_t>(stage)].escalate
               : nullptr;
}

core::Json RoutingPage::routing() const {
    const auto r = document()->activeValue("routing");
    return r && r->is_object() ? *r : core::Json::object();
}

std::vector<RoutingPage::ServedModel> RoutingPage::servedModels() const {
    std::vector<ServedModel> served;
    const auto models = document()->activeValue("models");
    if (models && models->is_array())
        for (const core::Json& m : *models)
            if (m.is_object() && m.contains("serving") && !text(m, "id").empty())
                served.push_back({text(m, "id"), toQ(text(m, "name", text(m, "id")))});
    return served;
}

QString RoutingPage::modelName(const std::string& id) const {
    for (const ServedModel& m : servedModels())
        if (m.id == id)
            return m.name;
    return toQ(id);
}

void RoutingPage::refresh() {
    const core::Json r = routing();
    const std::string mode = text(r, "mode", "none");
    {
        const QSignalBlocker block(m_mode);
        m_mode->setCurrentIndex(std::max(0, m_mode->findData(toQ(mode))));
    }
    m_hint->setVisible(mode == "none");
    m_editors->setVisible(mode != "none");
    m_mixBox->setVisible(mode == "mix");
    m_cascadeBox->setVisible(mode == "cascade");
    m_charts->setVisible(mode != "none");

    const core::Json mix = member(r, "mix", core::Json::object());
    const core::Json cascade = member(r, "cascade", core::Json::array());
    // Rows are rebuilt only when their structure changes: a dragged slider must survive the
    // edits it makes.
    std::string structure = mode + "|" + std::to_string(cascade.size()) + "|";
    for (const auto& [id, share] : mix.items())
        structure += id + ",";
    for (const ServedModel& m : servedModels())
        structure += "|" + m.id + "=" + toStd(m.name);
    if (structure != m_structure) {
        m_structure = structure;
        rebuildMix(mix);
        rebuildCascade(cascade);
        fillModelChoices(r, mode);
    }
    refreshMix(mix);
    refreshCascade(cascade);
    refreshCommon(r);
}

void RoutingPage::replaceRows(QWidget*& slot, QWidget* rows, QGroupBox* box) {
    auto* layout = static_cast<QVBoxLayout*>(box->layout());
    if (slot) {
        // Later: the old rows may hold the button whose click caused this rebuild.
        layout->removeWidget(slot);
        slot->hide();
        slot->deleteLater();
    }
    layout->insertWidget(0, rows);
    slot = rows;
}

void RoutingPage::rebuildMix(const core::Json& mix) {
    m_mixRowList.clear();
    auto* rows = new QWidget;
    auto* grid = new QGridLayout(rows);
    grid->setContentsMargins(0, 0, 0, 0);
    int row = 0;
    for (const auto& [id, share] : mix.items()) {
        const std::string model = id;
        auto* editor = new RoutingShareEditor(
            document()->undoStack(), tr("Drag %1's share of the mix").arg(modelName(model)));
        editor->setObjectName(QStringLiteral("mix_") + toQ(model));
        editor->setEnabled(mix.size() > 1);
        connect(editor, &RoutingShareEditor::edited, this,
                [this, model](double s, bool dragging) { setMixShare(model, s, dragging); });
        connect(editor, &RoutingShareEditor::dragFinished, this,
                [this] { m_dragBase = core::Json(); });
        auto* remove = new QToolButton;
        remove->setText(tr("Remove"));
        remove->setEnabled(mix.size() > 1);
        connect(remove, &QToolButton::clicked, this, [this, model] { removeFromMix(model); });
        grid->addWidget(new QLabel(modelName(model)), row, 0);
        grid->addWidget(editor, row, 1);
        grid->addWidget(remove, row, 2);
        m_mixRowList.push_back({model, editor});
        ++row;
    }
    grid->setColumnStretch(1, 1);
    replaceRows(m_mixRows, rows, m_mixBox);
}

void RoutingPage::rebuildCascade(const core::Json& cascade) {
    m_stageRowList.clear();
    auto* rows = new QWidget;
    auto* grid = new QGridLayout(rows);
    grid->setContentsMargins(0, 0, 0, 0);
    const std::vector<ServedModel> served = servedModels();
    const int stages = static_cast<int>(cascade.size());
    for (int k = 0; k < stages; ++k) {
        const std::string stage = core::childPath("routing.cascade", static_cast<std::size_t>(k));
        auto* model = new QComboBox;
        for (const ServedModel& m : served)
            model->addItem(m.name, toQ(m.id));
        connect(model, &QComboBox::activated, this, [this, model, stage, k](int i) {
            document()->edit(stage + ".model", toStd(model->itemData(i).toString()),
                             tr("Set the model of cascade stage %1").arg(k + 1));
        });
        RoutingShareEditor* escalate = nullptr;
        if (k + 1 < stages) {
            escalate = new RoutingShareEditor(document()->undoStack(),
                                              tr("Drag the escalation of stage %1").arg(k + 1));
            escalate->setObjectName(QStringLiteral("escalate_%1").arg(k));
            connect(escalate, &RoutingShareEditor::edited, this,
                    [this, stage, k](double share, bool dragging) {
                        document()->edit(stage + ".escalate", share,
                                         tr("Set the escalation of stage %1").arg(k + 1), dragging);
                    });
            grid->addWidget(new QLabel(tr("escalates to stage %1:").arg(k + 2)), k, 2);
            grid->addWidget(escalate, k, 3);
        } else {
            grid->addWidget(new QLabel(tr("final stage: answers every request it receives")), k, 2,
                            1, 2);
        }
        auto* remove = new QToolButton;
        remove->setText(tr("Remove"));
        remove->setEnabled(stages > 1);
        connect(remove, &QToolButton::clicked, this, [this, k] { removeStage(k); });
        grid->addWidget(new QLabel(tr("Stage %1").arg(k + 1)), k, 0);
        grid->addWidget(model, k, 1);
        grid->addWidget(remove, k, 4);
        m_stageRowList.push_back({model, escalate});
    }
    grid->setColumnStretch(3, 1);
    replaceRows(m_stageRows, rows, m_cascadeBox);
}

void RoutingPage::fillModelChoices(const core::Json& routing, const std::string& mode) {
    const core::Json mix = member(routing, "mix", core::Json::object());
    m_addModel->clear();
    m_baseline->clear();
    if (mode == "cascade")
        m_baseline->addItem(tr("(the last stage)"), QString());
    for (const ServedModel& m : servedModels()) {
        if (!mix.contains(m.id))
            m_addModel->addItem(m.name, toQ(m.id));
        m_baseline->addItem(m.name, toQ(m.id));
    }
    m_addToMix->setEnabled(m_addModel->count() > 0);
    m_addModel->setEnabled(m_addModel->count() > 0);
}

void RoutingPage::refreshMix(const core::Json& mix) {
    for (const MixRow& row : m_mixRowList)
        if (mix.contains(row.model))
            row.editor->setShare(number(mix[row.model]));
}

void RoutingPage::refreshCascade(const core::Json& cascade) {
    for (std::size_t k = 0; k < m_stageRowList.size() && k < cascade.size(); ++k) {
        const StageRow& row = m_stageRowList[k];
        const core::Json& stage = cascade[k];
        const QSignalBlocker block(row.model);
        row.model->setCurrentIndex(row.model->findData(toQ(text(stage, "model"))));
        if (row.escalate)
            row.escalate->setShare(
                stage.is_object() && stage.contains("escalate") ? number(stage["escalate"]) : 0);
    }
}

void RoutingPage::refreshCommon(const core::Json& routing) {
    {
        const QSignalBlocker block(m_baseline);
        m_baseline->setCurrentIndex(m_baseline->findData(toQ(text(routing, "baseline_model"))));
    }
    const auto overhead = routing.find("router_overhead_usd");
    const QSignalBlocker block(m_overhead);
    m_overhead->setValue(overhead != routing.end() ? number(*overhead) : 0);
}

core::Json RoutingPage::seeded(core::Json r, const std::string& mode) const {
    std::vector<ServedModel> served = servedModels();
    if (served.empty())
        return r;
    // Cheapest first by list price per typical request, when an evaluation says so.
    if (const SnapshotPtr snap = snapshot()) {
        const auto listUsd = [&](const std::string& id) {
            for (const core::ModelResult& m : snap->results.models)
                if (m.id == id)
                    return m.listUsdPerRequest;
            return 0.0;
        };
        std::stable_sort(served.begin(), served.end(),
                         [&](const ServedModel& a, const ServedModel& b) {
                             return listUsd(a.id) < listUsd(b.id);
                         });
    }
    const auto hasNonEmpty = [&](const char* key, bool object) {
        const auto it = r.find(key);
        return it != r.end() && (object ? it->is_object() : it->is_array()) && !it->empty();
    };
    if (mode == "mix" && !hasNonEmpty("mix", true)) {
        core::Json mix = core::Json::object();
        for (const ServedModel& m : served)
            mix[m.id] = 1.0 / static_cast<double>(served.size());
        r["mix"] = mix;
    }
    if (mode == "mix" && !r.contains("baseline_model"))
        r["baseline_model"] = served.back().id;
    if (mode == "cascade" && !hasNonEmpty("cascade", false)) {
        core::Json stages = core::Json::array();
        for (std::size_t i = 0; i < served.size(); ++i)
            stages.push_back(i + 1 < served.size()
                                 ? core::Json{{"model", served[i].id}, {"escalate", 0.2}}
                                 : core::Json{{"model", served[i].id}});
        r["cascade"] = stages;
    }
    return r;
}

bool RoutingPage::setMode(const std::string& mode) {
    const core::Json r = routing();
    if (text(r, "mode", "none") == mode)
        return false;
    const QString text = tr("Set the routing mode to %1").arg(toQ(mode));
    core::Json next = seeded(r, mode);
    if (next == r)
        return document()->edit("routing.mode", mode, text);
    // Mix and cascade need their members: add them in the same undo step.
    next["mode"] = mode;
    return document()->edit("routing", next, text);
}

bool RoutingPage::setMixShare(const std::string& model, double share, bool dragging) {
    const core::Json mix = member(routing(), "mix", core::Json::object());
    if (!mix.contains(model))
        return false;
    // A drag rescales from the mix it started with, so that the other shares keep their
    // proportions even after passing through 100 %.
    if (!dragging)
        m_dragBase = core::Json();
    else if (m_dragBase.is_null())
        m_dragBase = mix;
    const core::Json& base = dragging ? m_dragBase : mix;
    return document()->edit("routing.mix", rescaledMix(base, model, share),
                            tr("Set %1's share of the mix to %2")
                                .arg(modelName(model), formatValue(share, Unit::Share)),
                            dragging);
}

bool RoutingPage::addToMix(const std::string& model) {
    core::Json mix = member(routing(), "mix", core::Json::object());
    if (model.empty() || mix.contains(model))
        return false;
    mix[model] = mix.empty() ? 1.0 : 0.0;
    return document()->edit("routing.mix", mix, tr("Add %1 to the mix").arg(modelName(model)));
}

bool RoutingPage::removeFromMix(const std::string& model) {
    const core::Json mix = member(routing(), "mix", core::Json::object());
    if (!mix.contains(model) || mix.size() < 2)
        return false;
    return document()->edit("routing.mix", withoutModel(mix, model),
                            tr("Remove %1 from the mix").arg(modelName(model)));
}

bool RoutingPage::addStage() {
    core::Json cascade = member(routing(), "cascade", core::Json::array());
    const std::vector<ServedModel> served = servedModels();
    if (served.empty())
        return false;
    std::string model = served.back().id;
    for (const ServedModel& m : served)
        if (std::none_of(cascade.begin(), cascade.end(),
                         [&](const core::Json& s) { return text(s, "model") == m.id; })) {
            model = m.id;
            break;
        }
    // The old last stage now escalates: give it a rate if it had none (it was ignored).
    if (!cascade.empty() && cascade.back().is_object() && !cascade.back().contains("escalate"))
        cascade.back()["escalate"] = 0.2;
    cascade.push_back({{"model", model}});
    return document()->edit("routing.cascade", cascade,
                            tr("Add cascade stage %1").arg(cascade.size()));
}

bool RoutingPage::removeStage(int stage) {
    core::Json cascade = member(routing(), "cascade", core::Json::array());
    if (stage < 0 || stage >= static_cast<int>(cascade.size()) || cascade.size() < 2)
        return false;
    cascade.erase(static_cast<std::size_t>(stage));
    return document()->edit("routing.cascade", cascade,
                            tr("Remove cascade stage %1").arg(stage + 1));
}

void RoutingPage::showResults(const EvalSnapshot& snapshot) {
    m_charts->showResults(snapshot);
}

} // namespace tierlab::gui
