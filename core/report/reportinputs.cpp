// SPDX-License-Identifier: MIT
// The assumptions and methods of a report: every input with its unit, the prices with their
// provenance, the formulas of model.md.
#include "report/reportbuilder.h"

#include <fmt/format.h>

#include <array>
#include <utility>

namespace tierlab::core {

namespace {

using Cell = ReportCell;
using U = ReportUnit;

bool endsWith(const std::string& s, const std::string& tail) {
    return s.size() >= tail.size() && s.compare(s.size() - tail.size(), tail.size(), tail) == 0;
}

// Inline usage records can be many; the report lists this many inputs at most.
constexpr std::size_t kMaxInputs = 2000;

// Objects keyed by model id whose values are shares (a routing mix, a synthetic tier's
// models): their keys say nothing about the unit, their parent does.
bool sharesByModel(const std::string& key) {
    return key == "mix" || key == "models";
}

void walk(const Json& j, const std::string& path, const std::string& key, ReportTable& t,
          std::size_t& skipped) {
    if (j.is_object()) {
        const bool shares = sharesByModel(key);
        for (const auto& [k, v] : j.items())
            walk(v, path.empty() ? k : path + "." + k, shares && v.is_number() ? "share" : k, t,
                 skipped);
        return;
    }
    if (j.is_array()) {
        for (std::size_t i = 0; i < j.size(); ++i) {
            const Json& e = j[i];
            // Elements with an id are addressed by it, as --set and goal seek do.
            const std::string sel = e.is_object() && e.contains("id") && e["id"].is_string()
                                        ? "[id=" + e["id"].get<std::string>() + "]"
                                        : fmt::format("[{}]", i);
            // An element object is not the array's key: models[] holds models, not shares.
            walk(e, path + sel, e.is_object() ? std::string() : key, t, skipped);
        }
        return;
    }
    if (t.rows.size() >= kMaxInputs) {
        ++skipped;
        return;
    }
    Cell value = Cell::missing();
    if (j.is_number()) {
        value = Cell::number(j.get<double>(), U::Number);
    } else if (j.is_boolean()) {
        value = Cell::of(j.get<bool>() ? "yes" : "no");
    } else if (j.is_string()) {
        value = Cell::of(j.get<std::string>());
    }
    t.rows.push_back({Cell::of(path), value, Cell::of(inputUnit(key))});
}

} // namespace

std::string inputUnit(const std::string& key) {
    static const std::array<std::pair<const char*, const char*>, 48> kExact = {{
        {"share", "share"},
        {"years", "years"},
        {"subscribers", "subscribers"},
        {"slots", "slots"},
        {"confidence", "share"},
        {"weight", "share"},
        {"escalate", "probability"},
        {"requests", "requests"},
        {"trials", "count"},
        {"hours_per_month", "hours/month"},
        {"hbm_gb", "GB"},
        {"hbm_tbs", "TB/s"},
        {"bf16_tflops", "TFLOPS"},
        {"fp8_tflops", "TFLOPS"},
        {"fp4_tflops", "TFLOPS"},
        {"watts", "W"},
        {"price_usd", "USD"},
        {"rent_usd_per_gpu_hour", "USD/GPU-hour"},
        {"nodes", "count"},
        {"gpus_per_node", "count"},
        {"capex_usd", "USD"},
        {"months", "months"},
        {"annual_rate", "share/year"},
        {"discount", "share"},
        {"pue", "ratio"},
        {"usd_per_kwh", "USD/kWh"},
        {"hosting_usd_month", "USD/month"},
        {"usd_per_hour", "USD/pod-hour"},
        {"utilization", "share"},
        {"batch_discount", "share"},
        {"params_b", "billion parameters"},
        {"active_params_b", "billion parameters"},
        {"bytes_per_param", "bytes"},
        {"kv_bytes_per_token", "bytes/token"},
        {"context_tokens", "tokens"},
        {"mfu", "share"},
        {"mbu", "share"},
        {"price_usd_month", "USD/month"},
        {"messages", "messages"},
        {"hours", "hours"},
        {"per_month", "requests/month"},
        {"credit_usd", "USD/month"},
        {"credit_tokens", "tokens/month"},
        {"median_min", "minutes"},
        {"median_s", "seconds"},
        {"weeks", "weeks"},
        {"min_tps", "tokens/s per user"},
        {"max_ttft_p90_s", "seconds"},
    }};
    for (const auto& [k, unit] : kExact)
        if (key == k)
            return unit;
    static const std::array<std::pair<const char*, const char*>, 10> kSuffix = {{
        {"_per_mtok", "USD/Mtok"},
        {"_tokens_per_s", "tokens/s"},
        {"_tokens", "tokens"},
        {"_usd_month", "USD/month"},
        {"_usd", "USD"},
        {"_per_year", "share/year"},
        {"_share", "share"},
        {"_hours", "hours"},
        {"_minutes", "minutes"},
        {"_requests", "requests"},
    }};
    for (const auto& [tail, unit] : kSuffix)
        if (endsWith(key, tail))
            return unit;
    return "";
}

ReportTable inputsTable(const Json& scenarioDoc) {
    ReportTable t{"Inputs", "Every input of the scenario", {}, {}, false, {}};
    t.columns = {{"Input (JSON path)", "", false}, {"Value", "", false}, {"Unit", "", false}};
    std::size_t skipped = 0;
    walk(scenarioDoc, "", "", t, skipped);
    if (skipped)
        t.note =
            fmt::format("{} more inputs (inline usage records) are in the scenario file.", skipped);
    return t;
}

ReportTable pricesTable(const Scenario& scenario) {
    ReportTable t{"Prices", "Model list prices and their sources", {}, {}, false, {}};
    t.columns = {{"Model", "", false},
                 {"Input", "USD/Mtok", true},
                 {"Output", "USD/Mtok", true},
                 {"Cache read", "USD/Mtok", true},
                 {"Cache write", "USD/Mtok", true},
                 {"Batch discount", "%", true},
                 {"As of", "", false},
                 {"Source", "", false}};
    for (const ModelSpec& m : scenario.models) {
        const Price& p = m.price;
        t.rows.push_back(
            {Cell::of(m.name.empty() ? m.id : m.name), Cell::number(p.inputPerMtokUsd, U::Usd),
             Cell::number(p.outputPerMtokUsd, U::Usd), Cell::number(p.cacheReadPerMtokUsd, U::Usd),
             Cell::number(p.cacheWritePerMtokUsd, U::Usd), Cell::number(p.batchDiscount, U::Share),
             p.asOf.empty() ? Cell::missing() : Cell::of(p.asOf),
             p.source.empty() ? Cell::of("typed in the scenario") : Cell::of(p.source)});
    }
    return t;
}

ReportTable methodsTable(bool capacity) {
    ReportTable t{"Methods", "Formulas (model.md)", {}, {}, false, {}};
    t.columns = {{"Quantity", "", false}, {"Formula", "", false}, {"model.md", "", false}};
    // The third column names the section of docs/model.md that states the formula.
    const std::array<std::array<const char*, 3>, 14> rows = {{
        {"Owned pod, monthly finance",
         "PMT = K i / (1 - (1 + i)^-n), i = r / 12, x (1 - discount); or, on the depreciation "
         "basis, K (1 - discount) / (12 years)",
         "Hardware and pods"},
        {"Energy and hosting per month",
         "gpus x k x PUE x USD/kWh x hours per month, k = server kW per GPU (else W / 1000); "
         "hosting + gpus x k x USD per kW-month",
         "Hardware and pods"},
        {"Pod cost per hour C", "monthly total / hours per month (730)", "Hardware and pods"},
        {"Prefill throughput P", "gpus x peak FLOPS x MFU / (2 x active params)",
         "Serving throughput"},
        {"Decode step at batch B",
         "max((W + B ctx kv) / (gpus HBM_bw MBU), B 2 active / (gpus peak MFU)); D = B / step",
         "Serving throughput"},
        {"Pod-seconds per request s", "max(I / P, O / D) with overlap, else I / P + O / D",
         "Cost per token and per request"},
        {"Serving cost per request", "C x s / (3600 x u), u = pod utilization",
         "Cost per token and per request"},
        {"List value of a request", "(I p_in + O p_out + R p_cache_read + Wc p_cache_write) / 1e6",
         "API price catalogs and pricing of usage"},
        {"Serving-cost ratio", "serving cost / list value of the same tokens",
         "Cost per token and per request"},
        {"Full-use value V_full", "list value of the most use the limits allow in a month",
         "Breakeven utilization and full use"},
        {"Utilization of a subscriber", "their list value / V_full",
         "Tiers: revenue, cost and margin"},
        {"Margin", "price + extra-usage revenue - cost to serve",
         "Tiers: revenue, cost and margin"},
        {"Breakeven utilization u*", "price / (V_full x serving-cost ratio)",
         "Breakeven utilization and full use"},
        {"Routing savings", "1 - mix cost / baseline cost; cascade: c1 + e1 (c2 + e2 (c3 + ...))",
         "Routing"},
    }};
    for (const auto& r : rows)
        t.rows.push_back({Cell::of(r[0]), Cell::of(r[1]), Cell::of(r[2])});
    if (capacity) {
        const std::array<std::array<const char*, 2>, 4> sim = {{
            {"A user's requests", "renewal process, gaps from a mixture of lognormals; session "
                                  "starts rescaled by the user's cumulative activity"},
            {"Correlates", "hourly profile by time zone; daily activity exp(AR(1)) with a shared "
                           "factor of weight rho; shared bursts"},
            {"Concurrency", "generations running at each whole second; each holds one slot for "
                            "a lognormal generation time"},
            {"Users per pod", "most users N with P(concurrency > slots at some second | N) <= "
                              "1 - confidence, over trials with common random numbers"},
        }};
        for (const auto& r : sim)
            t.rows.push_back({Cell::of(r[0]), Cell::of(r[1]), Cell::of("Capacity")});
    }
    return t;
}

} // namespace tierlab::core
