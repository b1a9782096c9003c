// SPDX-License-Identifier: MIT
#include "reader.h"

#include "curves/curvejson.h"
#include "model/serving.h"
#include "readerparts.h"

#include <algorithm>

namespace tierlab::core {

namespace detail {

std::string unknownModel(const Scenario& s, std::string_view id) {
    std::string known;
    for (const ModelSpec& m : s.models)
        known += (known.empty() ? "" : ", ") + m.id;
    return "unknown model '" + std::string(id) + "' (models: " + (known.empty() ? "none" : known) +
           ")";
}

int modelRef(ObjectReader& r, const Scenario& s, std::string_view key, bool required) {
    const auto id = required ? r.requiredString(key) : std::optional(r.string(key, ""));
    if (!id || id->empty())
        return -1;
    const int index = indexOfId(s.models, *id);
    if (index < 0)
        r.context().error(r.pathOf(key), unknownModel(s, *id));
    return index;
}

TokenCounts readTokens(ObjectReader& r, const TokenCounts& fallback) {
    TokenCounts t;
    t.input = r.number("input_tokens", fallback.input, Range::atLeast(0));
    t.output = r.number("output_tokens", fallback.output, Range::atLeast(0));
    t.cacheRead = r.number("cache_read_tokens", fallback.cacheRead, Range::atLeast(0));
    t.cacheWrite = r.number("cache_write_tokens", fallback.cacheWrite, Range::atLeast(0));
    return t;
}

std::optional<SpeedTarget> readSpeed(ObjectReader& parent, std::string_view key) {
    if (!parent.has(key)) {
        parent.accept({key});
        return std::nullopt;
    }
    ObjectReader r(parent.child(key), parent.pathOf(key), parent.context());
    SpeedTarget t;
    t.minTokensPerSPerUser = r.requiredNumber("min_tps", Range::above(0));
    t.maxTtftP90S = r.optionalNumber("max_ttft_p90_s", Range::above(0));
    return t;
}

} // namespace detail

namespace {

using detail::checkUniqueIds;
using detail::forEachElement;
using detail::indexOfId;
using detail::readSpeed;

void readAccelerators(ObjectReader& root, ReadContext& ctx, Scenario& s) {
    forEachElement(root, ctx, "accelerators", [&](const Json& node, const std::string& path) {
        ObjectReader r(&node, path, ctx);
        Accelerator a;
        a.id = r.requiredString("id").value_or("");
        a.hbmGb = r.requiredNumber("hbm_gb", Range::above(0));
        a.hbmTbPerS = r.requiredNumber("hbm_tbs", Range::above(0));
        a.bf16Tflops = r.requiredNumber("bf16_tflops", Range::above(0));
        a.fp8Tflops = r.number("fp8_tflops", 0, Range::atLeast(0));
        a.fp4Tflops = r.number("fp4_tflops", 0, Range::atLeast(0));
        a.serverKwPerGpu = r.number("server_kw_per_gpu", 0, Range::atLeast(0));
        a.watts = r.number("watts", 0, Range::atLeast(0));
        a.priceUsd = r.number("price_usd", 0, Range::atLeast(0));
        a.rentUsdPerGpuHour = r.number("rent_usd_per_gpu_hour", 0, Range::atLeast(0));
        r.accept({"name", "as_of", "source"});
        s.accelerators.push_back(a);
    });
    checkUniqueIds(s.accelerators, "accelerators", ctx);
}

// GPU-hour rental rates by market (SemiAnalysis InferenceX's cost constants, tables 2026-07
// for hyperscaler and neocloud, 2026-04 for 3-year rentals; docs/scenario.md §4).
struct RentalRate {
    const char* accelerator;
    double hyperscaler, neocloud, threeYear;
};
constexpr RentalRate kRentalRates[] = {
    {"h100", 1.17, 1.55, 1.30},
    {"h200", 1.22, 1.59, 1.60},
    {"b200", 1.73, 2.07, 2.90},
    {"mi300x", 0.95, 1.16, 1.55},
};

std::optional<double> rentalPreset(const std::string& preset, const std::string& accelerator) {
    for (const RentalRate& r : kRentalRates) {
        if (accelerator != r.accelerator)
            continue;
        if (preset == "hyperscaler")
            return r.hyperscaler;
        if (preset == "neocloud")
            return r.neocloud;
        if (preset == "3-year-rental")
            return r.threeYear;
    }
    return std::nullopt;
}

std::string rentalPresetsText() {
    return "presets hyperscaler, neocloud, 3-year-rental for h100, h200, b200, mi300x";
}

void readPodCost(ObjectReader& r, Pod& pod, const Accelerator* accel) {
    PodCost& c = pod.cost;
    c.mode = r.choice("mode", PodCostMode::Owned, kPodCostModeNames);
    switch (c.mode) {
    case PodCostMode::Owned:
        c.capexUsd = r.requiredNumber("capex_usd", Range::atLeast(0));
        c.months = r.number("months", 36, Range::atLeast(1));
        c.annualRate = r.number("annual_rate", 0, Range::atLeast(0));
        c.discount = r.number("discount", 0, {0, 1, false, true, false});
        c.pue = r.number("pue", 1.0, Range::atLeast(1));
        c.usdPerKwh = r.number("usd_per_kwh", 0, Range::atLeast(0));
        c.hostingUsdMonth = r.number("hosting_usd_month", 0, Range::atLeast(0));
        c.hostingUsdPerKwMonth = r.number("hosting_usd_per_kw_month", 0, Range::atLeast(0));
        c.depreciationYears = r.number("depreciation_years", 0, Range::atLeast(0));
        c.depreciate = r.choice("basis", false, kCostBasisNames);
        if (c.depreciate && !(c.depreciationYears > 0))
            r.context().error(r.pathOf("basis"), "depreciation needs depreciation_years > 0");
        break;
    case PodCostMode::Rented:
        c.rentUsdPerGpuHour = r.number("rent_usd_per_gpu_hour", 0, Range::atLeast(0));
        if (r.has("preset")) {
            const std::string preset = r.string("preset", "");
            const auto rate = accel ? rentalPreset(preset, accel->id) : std::nullopt;
            if (r.has("rent_usd_per_gpu_hour"))
                r.context().error(r.pathOf("preset"), "give either preset or rent_usd_per_gpu_hour");
            else if (!rate)
                r.context().error(r.pathOf("preset"),
                                  "no " + preset + " rate for accelerator '" +
                                      (accel ? accel->id : std::string("?")) + "' (" +
                                      rentalPresetsText() + ")");
            else
                c.rentUsdPerGpuHour = *rate;
        }
        if (c.rentUsdPerGpuHour == 0 && accel && accel->rentUsdPerGpuHour == 0 &&
            !r.has("preset"))
            r.requiredNumber("rent_usd_per_gpu_hour", Range::above(0));
        break;
    case PodCostMode::Given:
        c.usdPerHour = r.requiredNumber("usd_per_hour", Range::above(0));
        break;
    }
    // Keys of the other modes are legitimate to keep while switching mode.
    r.accept({"capex_usd", "months", "annual_rate", "discount", "pue", "usd_per_kwh",
              "hosting_usd_month", "hosting_usd_per_kw_month", "depreciation_years", "basis",
              "rent_usd_per_gpu_hour", "preset", "usd_per_hour"});
}

void readPods(ObjectReader& root, ReadContext& ctx, Scenario& s) {
    forEachElement(root, ctx, "pods", [&](const Json& node, const std::string& path) {
        ObjectReader r(&node, path, ctx);
        Pod pod;
        pod.id = r.requiredString("id").value_or("");
        int accel = -1;
        if (auto id = r.requiredString("accelerator")) {
            accel = indexOfId(s.accelerators, *id);
            if (accel < 0)
                ctx.error(r.pathOf("accelerator"), "unknown accelerator '" + *id + "'");
        }
        pod.acceleratorId = r.string("accelerator", "");
        pod.nodes = r.integer("nodes", 1, Range::atLeast(1));
        pod.gpusPerNode = r.integer("gpus_per_node", 8, Range::atLeast(1));
        if (const Json* u = r.has("utilization") ? r.child("utilization") : nullptr;
            u && u->is_object()) {
            ObjectReader d(u, r.pathOf("utilization"), ctx);
            constexpr std::string_view kFrom[] = {"demand"};
            if (!d.has("from"))
                ctx.error(d.pathOf("from"), "is required: \"demand\"");
            d.choice("from", "demand", kFrom);
            pod.demandHeadroom = d.number("headroom", 0.2, Range::atLeast(0));
        } else {
            pod.utilization = r.number("utilization", 0.7, {0, 1, true, false, false});
        }
        pod.usableHbmFraction = r.number("usable_hbm_fraction", 0.9, {0, 1, true, false, false});
        ObjectReader cost(r.child("cost"), r.pathOf("cost"), ctx);
        if (!r.has("cost"))
            ctx.error(r.pathOf("cost"), "is required");
        r.accept({"name"});
        readPodCost(cost, pod,
                    accel >= 0 ? &s.accelerators[static_cast<std::size_t>(accel)] : nullptr);
        s.pods.push_back(pod);
        s.podAccelerator.push_back(accel);
    });
    checkUniqueIds(s.pods, "pods", ctx);
}

void readPrice(ObjectReader& r, Price& p) {
    p.inputPerMtokUsd = r.requiredNumber("input_per_mtok", Range::atLeast(0));
    p.outputPerMtokUsd = r.requiredNumber("output_per_mtok", Range::atLeast(0));
    p.cacheReadPerMtokUsd = r.number("cache_read_per_mtok", 0, Range::atLeast(0));
    p.cacheWritePerMtokUsd = r.number("cache_write_per_mtok", 0, Range::atLeast(0));
    p.cacheWrite1hPerMtokUsd =
        r.number("cache_write_1h_per_mtok", 2 * p.inputPerMtokUsd, Range::atLeast(0));
    p.batchDiscount = r.number("batch_discount", 0, {0, 1, false, true, false});
    p.asOf = r.string("as_of", "");
    p.source = r.string("source", "");
}

// KV-cache bytes per token: typed in, or 2 x layers x kv_heads x head_dim x kv_bytes
// (docs/model.md, "Serving throughput"). Needed only for a decode roofline.
void readKvBytes(ObjectReader& r, ReadContext& ctx, ServingSpec& v, bool decodeKnown) {
    const Range kvRange = decodeKnown ? Range::atLeast(0) : Range::above(0);
    const auto typed = r.optionalNumber("kv_bytes_per_token", kvRange);
    // `layers` alone (beside a typed kv_bytes_per_token) only counts layers for the step
    // overheads of the roofline at a speed.
    const bool architecture =
        r.has("kv_heads") || r.has("head_dim") || (r.has("layers") && !typed);
    const auto layers = r.optionalNumber("layers", Range::wholeAtLeast(1));
    if (layers)
        v.layers = static_cast<int>(*layers);
    const auto heads = r.optionalNumber("kv_heads", Range::wholeAtLeast(1));
    const auto dim = r.optionalNumber("head_dim", Range::wholeAtLeast(1));
    const double bytes = r.number("kv_bytes", 2, Range::above(0));
    if (typed && architecture) {
        ctx.error(r.pathOf("kv_bytes_per_token"),
                  "give either kv_bytes_per_token or layers/kv_heads/head_dim, not both");
    } else if (architecture) {
        for (const char* key : {"layers", "kv_heads", "head_dim"})
            if (!r.has(key))
                ctx.error(r.pathOf(key), "is required with layers, kv_heads and head_dim");
        if (layers && heads && dim)
            v.kvBytesPerToken = kvBytesPerToken(static_cast<int>(*layers), static_cast<int>(*heads),
                                                static_cast<int>(*dim), bytes);
    } else if (typed) {
        v.kvBytesPerToken = *typed;
    } else if (!decodeKnown) {
        ctx.error(r.pathOf("kv_bytes_per_token"),
                  "is required for the decode roofline (or give layers, kv_heads and "
                  "head_dim, or a measured decode_tokens_per_s)");
    }
}

// The keys of the roofline at a speed (model.md, "The roofline at a speed"): experts, attention
// FLOPs, compute precision and step overheads.
void readRooflineShape(ObjectReader& r, ReadContext& ctx, ServingSpec& v) {
    if (const Json* moe = r.child("moe")) {
        ObjectReader m(moe, r.pathOf("moe"), ctx);
        v.experts = m.integer("experts", 0, Range::wholeAtLeast(2));
        v.activeExperts = m.integer("active_experts", 0, Range::wholeAtLeast(1));
        v.sharedParamsB = m.number("shared_params_b", 0, Range::atLeast(0));
        if (!m.has("experts") || !m.has("active_experts"))
            ctx.error(r.pathOf("moe"), "needs experts and active_experts");
        else if (v.activeExperts > v.experts)
            ctx.error(m.pathOf("active_experts"), "must be <= experts (" +
                                                      std::to_string(v.experts) + ")");
        if (v.sharedParamsB > v.paramsB)
            ctx.error(m.pathOf("shared_params_b"), "must be <= params_b");
    }
    const auto heads = r.optionalNumber("heads", Range::wholeAtLeast(1));
    v.attentionFlopsPerContextToken =
        r.number("attention_flops_per_context_token", 0, Range::atLeast(0));
    if (heads && r.has("attention_flops_per_context_token"))
        ctx.error(r.pathOf("heads"), "give either heads or attention_flops_per_context_token");
    else if (heads && (v.layers <= 0 || !r.has("head_dim")))
        ctx.error(r.pathOf("heads"), "needs layers and head_dim (4 x layers x heads x head_dim "
                                     "attention FLOPs per token of context)");
    else if (heads)
        v.attentionFlopsPerContextToken =
            4.0 * v.layers * *heads * r.number("head_dim", 0, Range::wholeAtLeast(1));
    // Default: the precision the weights are stored at.
    constexpr std::string_view kPrecisions[] = {"bf16", "fp8", "fp4"};
    v.computePrecision =
        r.choice("compute_precision",
                 v.bytesPerParam < 1 ? "fp4" : (v.bytesPerParam < 2 ? "fp8" : "bf16"), kPrecisions);
    v.layerOverheadUs = r.number("step_overhead_us_per_layer", 60, Range::atLeast(0));
    v.parallelOverheadUs = r.number("parallel_overhead_us_per_layer", 40, Range::atLeast(0));
    v.tokensPerStep = r.number("speculative_tokens_per_step", 1, Range::atLeast(1));
    v.prefillGpus = r.integer("prefill_gpus", 0, Range::wholeAtLeast(0));
    if (const Json* c = r.child("cache_storage")) {
        ObjectReader cs(c, r.pathOf("cache_storage"), ctx);
        v.cacheStorageUsdPerGbHour = cs.requiredNumber("usd_per_gb_hour", Range::atLeast(0));
        v.cacheStorageHours = cs.requiredNumber("hours", Range::atLeast(0));
    }
}

// serving.curve: a stored curve's name, or the curve itself in its JSON form.
void readCurve(ObjectReader& r, ReadContext& ctx, ServingSpec& v) {
    const Json* node = r.child("curve");
    if (!node)
        return;
    if (node->is_string()) {
        v.curveName = node->get<std::string>();
        if (v.curveName.empty())
            ctx.error(r.pathOf("curve"), "must name a curve stored in the workspace");
    } else if (node->is_object()) {
        v.curve = readCurveJson(*node, r.pathOf("curve"), ctx);
    } else {
        ctx.error(r.pathOf("curve"),
                  "must be the name of a stored curve or a curve object, got " + node->dump());
    }
    v.speed = readSpeed(r, "speed");
}

void readServing(ObjectReader& r, ReadContext& ctx, const Scenario& s, ServingSpec& v) {
    v.inputUsdPerMtok = r.optionalNumber("input_usd_per_mtok", Range::above(0));
    v.outputUsdPerMtok = r.optionalNumber("output_usd_per_mtok", Range::above(0));
    const bool typedCost = v.inputUsdPerMtok || v.outputUsdPerMtok;
    readCurve(r, ctx, v);
    if (!r.has("curve"))
        v.speed = detail::readSpeed(r, "speed");
    const bool curve = r.has("curve");
    if (curve && typedCost)
        ctx.error(r.pathOf("curve"), "and typed-in serving costs (input_usd_per_mtok) exclude "
                                     "each other: keep one");
    if (curve && (r.has("prefill_tokens_per_s") || r.has("decode_tokens_per_s")))
        ctx.error(r.pathOf("curve"), "and measured prefill/decode_tokens_per_s exclude each "
                                     "other: the curve is the measurement");
    if (!curve && r.has("speed") &&
        (typedCost || r.has("prefill_tokens_per_s") || r.has("decode_tokens_per_s")))
        ctx.warning(r.pathOf("speed"), "ignored: measured or typed-in serving costs do not "
                                       "depend on a speed target (give a curve or the "
                                       "roofline's keys instead)");
    if (typedCost && !(v.inputUsdPerMtok && v.outputUsdPerMtok))
        ctx.error(r.path(), "input_usd_per_mtok and output_usd_per_mtok go together");
    if (auto id = typedCost ? std::optional(r.string("pod", "")) : r.requiredString("pod")) {
        v.pod = id->empty() ? -1 : indexOfId(s.pods, *id);
        if (!id->empty() && v.pod < 0)
            ctx.error(r.pathOf("pod"), "unknown pod '" + *id + "'");
    }
    const bool measured = curve || (r.has("prefill_tokens_per_s") && r.has("decode_tokens_per_s"));
    const Range roofline = (typedCost || measured) ? Range::atLeast(0) : Range::above(0);
    v.paramsB = r.number("params_b", 0, roofline);
    v.activeParamsB = r.number("active_params_b", v.paramsB, roofline);
    v.bytesPerParam = r.number("bytes_per_param", 2, Range::above(0));
    readKvBytes(r, ctx, v, r.has("decode_tokens_per_s") || typedCost || curve);
    v.contextTokens = r.number("context_tokens", 100000, Range::above(0));
    v.prefillTokensPerS = r.optionalNumber("prefill_tokens_per_s", Range::above(0));
    v.decodeTokensPerS = r.optionalNumber("decode_tokens_per_s", Range::above(0));
    if (r.has("batch"))
        v.batch = r.integer("batch", 1, Range::atLeast(1));
    r.accept({"batch"});
    if (v.batch && v.decodeTokensPerS)
        ctx.warning(r.pathOf("batch"), "ignored: decode_tokens_per_s is measured");
    v.mfu = r.number("mfu", 0.4, {0, 1, true, false, false});
    v.mbu = r.number("mbu", 0.6, {0, 1, true, false, false});
    v.overlap = r.boolean("overlap", true);
    readRooflineShape(r, ctx, v);
    if (v.prefillGpus > 0 && v.pod >= 0 &&
        v.prefillGpus >= s.pods[static_cast<std::size_t>(v.pod)].gpus())
        ctx.error(r.pathOf("prefill_gpus"),
                  "must leave decode GPUs on pod '" + s.pods[static_cast<std::size_t>(v.pod)].id +
                      "' (" + std::to_string(s.pods[static_cast<std::size_t>(v.pod)].gpus()) +
                      " GPUs), got " + std::to_string(v.prefillGpus));
    if (!typedCost && !r.has("params_b") && !(measured))
        ctx.error(r.pathOf("params_b"),
                  "is required unless measured throughput or serving costs are given");
}

void readModels(ObjectReader& root, ReadContext& ctx, Scenario& s) {
    forEachElement(root, ctx, "models", [&](const Json& node, const std::string& path) {
        ObjectReader r(&node, path, ctx);
        ModelSpec m;
        m.id = r.requiredString("id").value_or("");
        m.name = r.string("name", m.id);
        ObjectReader price(r.child("price"), r.pathOf("price"), ctx);
        if (!r.has("price"))
            ctx.error(r.pathOf("price"), "is required");
        readPrice(price, m.price);
        m.served = r.has("serving");
        r.accept({"serving"});
        if (m.served) {
            ObjectReader serving(r.child("serving"), r.pathOf("serving"), ctx);
            readServing(serving, ctx, s, m.serving);
        }
        m.quality = r.number("quality", 1.0, Range::atLeast(0));
        r.accept({"context_max_tokens"});
        s.models.push_back(m);
    });
    checkUniqueIds(s.models, "models", ctx);
}

} // namespace

ReadResult readScenario(const Json& doc) {
    ReadResult out;
    ReadContext ctx{out.diagnostics, out.fields};
    Scenario& s = out.scenario;
    {
        ObjectReader root(&doc, "", ctx);
        if (!root.valid())
            return out;
        const std::string schema = root.string("schema", "");
        if (schema != kScenarioSchema)
            ctx.error("schema", "must be \"" + std::string(kScenarioSchema) + "\", got " +
                                    (root.has("schema") ? doc["schema"].dump() : "nothing"));
        s.name = root.string("name", "");
        s.hoursPerMonth = root.number("hours_per_month", 730, Range::above(0));
        ObjectReader typical(root.child("typical_request"), "typical_request", ctx);
        s.typicalRequest = detail::readTokens(typical, s.typicalRequest);
        readAccelerators(root, ctx, s);
        readPods(root, ctx, s);
        readModels(root, ctx, s);
        detail::readTiers(root, ctx, s);
        detail::readRouting(root, ctx, s);
        detail::readUsage(root, ctx, s);
        detail::readExtras(root, ctx, s);
    }
    // Warnings first in document order is less useful than errors first.
    std::stable_sort(
        out.diagnostics.begin(), out.diagnostics.end(),
        [](const Diagnostic& a, const Diagnostic& b) { return a.isError() && !b.isError(); });
    return out;
}

namespace {

// "line L, column C" of a byte offset, the place a person can go to.
std::string placeOf(std::string_view text, std::size_t offset) {
    std::size_t line = 1, column = 1;
    for (std::size_t i = 0; i < std::min(offset, text.size()); ++i) {
        column = text[i] == '\n' ? 1 : column + 1;
        line += text[i] == '\n' ? 1 : 0;
    }
    return "line " + std::to_string(line) + ", column " + std::to_string(column);
}

// nlohmann's message without its "[json.exception...] ...: " prefix.
std::string reasonOf(const std::exception& e) {
    std::string what = e.what();
    if (const auto colon = what.rfind(": "); colon != std::string::npos)
        what = what.substr(colon + 2);
    else if (const auto bracket = what.find("] "); bracket != std::string::npos)
        what = what.substr(bracket + 2);
    return what;
}

} // namespace

ParsedJson parseJsonText(std::string_view text) {
    ParsedJson out;
    try {
        out.doc = Json::parse(text);
    } catch (const Json::parse_error& e) {
        out.error =
            Diagnostic{Diagnostic::Severity::Error, placeOf(text, e.byte > 0 ? e.byte - 1 : 0),
                       "invalid JSON: " + reasonOf(e)};
    } catch (const Json::exception& e) {
        // A number too large for a double (1e400) is an out_of_range error that names the
        // number but not its place: find it in the text.
        std::string what = e.what();
        const auto open = what.find("parsing '");
        const auto number = open == std::string::npos
                                ? std::string()
                                : what.substr(open + 9, what.find('\'', open + 9) - open - 9);
        const auto at = number.empty() ? std::string_view::npos : text.find(number);
        out.error = Diagnostic{Diagnostic::Severity::Error,
                               at == std::string_view::npos ? std::string() : placeOf(text, at),
                               "invalid JSON: " + reasonOf(e)};
    }
    return out;
}

std::string writeJsonText(const Json& doc) {
    return doc.dump(2) + "\n";
}

} // namespace tierlab::core
