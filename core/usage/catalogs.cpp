// SPDX-License-Identifier: MIT
#include "catalogs.h"

#include "scenario/fieldreader.h"
#include "scenario/overrides.h"
#include "scenario/reader.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <map>
#include <string_view>
#include <utility>

namespace tierlab::core {

namespace {

constexpr const char* kLiteLlmInput = "input_cost_per_token";
constexpr const char* kLiteLlmOutput = "output_cost_per_token";

void warn(Diagnostics& out, std::string path, std::string message) {
    out.push_back({Diagnostic::Severity::Warning, std::move(path), std::move(message)});
}

// The member `key` of an object; null when missing or when `node` is not an object.
const Json* member(const Json& node, const std::string& key) {
    if (!node.is_object())
        return nullptr;
    const auto it = node.find(key);
    return it == node.end() ? nullptr : &*it;
}

// A price or token count. Null reads as missing; anything but a finite number >= 0 is left
// out with a warning, so one bad field never costs the whole model.
std::optional<double> readAmount(const Json* node, const std::string& path, Diagnostics& out) {
    if (!node || node->is_null())
        return std::nullopt;
    if (!node->is_number()) {
        warn(out, path, "not a number");
        return std::nullopt;
    }
    const double v = node->get<double>();
    if (!std::isfinite(v) || v < 0) {
        warn(out, path, "must be finite and >= 0, got " + formatNumber(v));
        return std::nullopt;
    }
    return v;
}

std::string readText(const Json& node, const std::string& path, const char* key, Diagnostics& out) {
    const Json* v = member(node, key);
    if (!v || v->is_null())
        return {};
    if (!v->is_string()) {
        warn(out, childPath(path, key), "not a string");
        return {};
    }
    return v->get<std::string>();
}

std::string idOf(const Json& node) {
    const Json* id = member(node, "id");
    return id && id->is_string() ? id->get<std::string>() : std::string();
}

bool hasTokenPrice(const CatalogPrice& p) {
    return p.inputPerMtok || p.outputPerMtok || p.cacheReadPerMtok || p.cacheWritePerMtok;
}

// USD per token -> per million, rounded to 12 significant digits: catalogs write prices with
// a few digits, and 3e-06 x 1e6 must read 3, not 2.9999999999999996.
double perMillion(double perToken) {
    const std::string text = fmt::format("{:.12g}", perToken * 1e6);
    double v = 0;
    std::from_chars(text.data(), text.data() + text.size(), v);
    return v;
}

// ---- LiteLLM ------------------------------------------------------------------------------

bool isLiteLlmNonModelKey(std::string_view key) {
    return key == "sample_spec" || key == "fallback_generalizations" || key == "last_updated";
}

// The top-level key as a path step; always quoted, since model ids hold dots and slashes.
std::string liteLlmPath(const std::string& id) {
    return "[\"" + id + "\"]";
}

std::optional<double> perTokenPrice(const Json& node, const std::string& path,
                                    const std::string& key, Diagnostics& out) {
    const auto v = readAmount(member(node, key), childPath(path, key), out);
    return v ? std::optional<double>(perMillion(*v)) : std::nullopt;
}

void readLiteLlmBasePrices(const Json& node, const std::string& path, CatalogPrice& p,
                           Diagnostics& out) {
    p.inputPerMtok = perTokenPrice(node, path, kLiteLlmInput, out);
    p.outputPerMtok = perTokenPrice(node, path, kLiteLlmOutput, out);
    p.cacheReadPerMtok = perTokenPrice(node, path, "cache_read_input_token_cost", out);
    p.cacheWritePerMtok = perTokenPrice(node, path, "cache_creation_input_token_cost", out);
}

// The threshold of "<prefix>_above_<N>k_tokens" in tokens (N x 1000); nothing for other keys,
// such as the *_above_200k_tokens_priority variants or cache_creation_..._above_1hr.
std::optional<double> aboveThresholdTokens(std::string_view key, std::string_view prefix) {
    constexpr std::string_view kAbove = "_above_";
    constexpr std::string_view kSuffix = "k_tokens";
    if (!key.starts_with(prefix))
        return std::nullopt;
    key.remove_prefix(prefix.size());
    if (key.size() <= kAbove.size() + kSuffix.size() || !key.starts_with(kAbove) ||
        !key.ends_with(kSuffix))
        return std::nullopt;
    const std::string_view digits =
        key.substr(kAbove.size(), key.size() - kAbove.size() - kSuffix.size());
    unsigned thousands = 0;
    const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), thousands);
    if (ec != std::errc() || end != digits.data() + digits.size())
        return std::nullopt;
    return thousands * 1000.0;
}

// A long-context price key suffix such as "_above_200k_tokens", with its threshold.
struct AboveKey {
    double tokens = 0;
    std::string suffix;
};

// The lowest threshold among the input and output *_above_<N>k_tokens keys (real entries
// have one threshold; the lowest is where the price first changes).
std::optional<AboveKey> lowestAboveKey(const Json& entry) {
    std::optional<AboveKey> best;
    for (const auto& [key, value] : entry.items()) {
        for (const std::string_view prefix : {kLiteLlmInput, kLiteLlmOutput}) {
            const auto tokens = aboveThresholdTokens(key, prefix);
            if (tokens && (!best || *tokens < best->tokens))
                best = AboveKey{*tokens, key.substr(prefix.size())};
        }
    }
    return best;
}

void readLiteLlmAbove(const Json& entry, const std::string& path, CatalogPrice& p,
                      Diagnostics& out) {
    const auto above = lowestAboveKey(entry);
    if (!above)
        return;
    p.inputAbovePerMtok = perTokenPrice(entry, path, kLiteLlmInput + above->suffix, out);
    p.outputAbovePerMtok = perTokenPrice(entry, path, kLiteLlmOutput + above->suffix, out);
    if (p.inputAbovePerMtok || p.outputAbovePerMtok)
        p.thresholdTokens = above->tokens;
}

// Models priced only by context length (dashscope, volcengine) hold their prices in
// tiered_pricing: [{..., "range": [0, 256000]}, {..., "range": [256000, 1000000]}, ...].
// The first tier is the base price, the second the price past its range start.
void readLiteLlmTiers(const Json& entry, const std::string& path, CatalogPrice& p,
                      Diagnostics& out) {
    const Json* tiers = member(entry, "tiered_pricing");
    if (!tiers || !tiers->is_array() || tiers->empty())
        return;
    const std::string tiersPath = childPath(path, "tiered_pricing");
    readLiteLlmBasePrices((*tiers)[0], childPath(tiersPath, std::size_t{0}), p, out);
    if (tiers->size() < 2 || !hasTokenPrice(p))
        return;
    const Json& next = (*tiers)[1];
    const std::string nextPath = childPath(tiersPath, 1);
    const Json* range = member(next, "range");
    if (!range || !range->is_array() || range->empty())
        return;
    p.thresholdTokens =
        readAmount(&(*range)[0], childPath(childPath(nextPath, "range"), std::size_t{0}), out);
    if (!p.thresholdTokens)
        return;
    p.inputAbovePerMtok = perTokenPrice(next, nextPath, kLiteLlmInput, out);
    p.outputAbovePerMtok = perTokenPrice(next, nextPath, kLiteLlmOutput, out);
}

std::optional<CatalogPrice> readLiteLlmEntry(const std::string& id, const Json& entry,
                                             Diagnostics& out) {
    const std::string path = liteLlmPath(id);
    if (!entry.is_object()) {
        warn(out, path, "not an object; skipped");
        return std::nullopt;
    }
    CatalogPrice p;
    p.catalog = "litellm";
    p.model = id;
    p.provider = readText(entry, path, "litellm_provider", out);
    p.mode = readText(entry, path, "mode", out);
    readLiteLlmBasePrices(entry, path, p, out);
    readLiteLlmAbove(entry, path, p, out);
    if (!hasTokenPrice(p))
        readLiteLlmTiers(entry, path, p, out);
    if (!hasTokenPrice(p)) {
        warn(out, path, "no token price; skipped");
        return std::nullopt;
    }
    p.maxInputTokens =
        readAmount(member(entry, "max_input_tokens"), childPath(path, "max_input_tokens"), out);
    p.maxOutputTokens =
        readAmount(member(entry, "max_output_tokens"), childPath(path, "max_output_tokens"), out);
    return p;
}

// ---- genai-prices -------------------------------------------------------------------------

// providers[id=openai] when the id can stand in a selector, providers[3] otherwise.
std::string elementPath(const std::string& parent, std::size_t index, const std::string& id) {
    if (id.empty() || id.find_first_of("[]\"=") != std::string::npos)
        return childPath(parent, index);
    return parent + "[id=" + id + "]";
}

// A genai-prices price: a number, or {"base": 3, "tiers": [{"start": 200000, "price": 6}]}.
struct GenaiValue {
    std::optional<double> base;
    std::optional<double> tierStart; // of the first tier
    std::optional<double> tierPrice;
};

GenaiValue readGenaiValue(const Json* node, const std::string& path, Diagnostics& out) {
    if (!node || !node->is_object())
        return {readAmount(node, path, out), std::nullopt, std::nullopt};
    if (!node->contains("base"))
        warn(out, path, "not a number or {\"base\", \"tiers\"}");
    GenaiValue v{readAmount(member(*node, "base"), childPath(path, "base"), out), std::nullopt,
                 std::nullopt};
    const Json* tiers = member(*node, "tiers");
    if (!tiers || !tiers->is_array() || tiers->empty())
        return v;
    const std::string firstPath = childPath(childPath(path, "tiers"), std::size_t{0});
    v.tierStart = readAmount(member((*tiers)[0], "start"), childPath(firstPath, "start"), out);
    v.tierPrice = readAmount(member((*tiers)[0], "price"), childPath(firstPath, "price"), out);
    return v;
}

// Puts the first tier of an input or output price into the threshold fields; all prices of
// one model share one threshold.
void applyGenaiTier(const GenaiValue& v, const std::string& path, std::optional<double>& above,
                    CatalogPrice& p, Diagnostics& out) {
    if (!v.tierStart || !v.tierPrice)
        return;
    if (p.thresholdTokens && *p.thresholdTokens != *v.tierStart) {
        warn(out, path,
             fmt::format("tier starts at {} tokens, not {} like the input price; ignored",
                         formatNumber(*v.tierStart), formatNumber(*p.thresholdTokens)));
        return;
    }
    p.thresholdTokens = v.tierStart;
    above = v.tierPrice;
}

void readGenaiPriceSet(const Json& set, const std::string& path, CatalogPrice& p,
                       Diagnostics& out) {
    const auto read = [&](const char* key) {
        return readGenaiValue(member(set, key), childPath(path, key), out);
    };
    const GenaiValue input = read("input_mtok");
    const GenaiValue output = read("output_mtok");
    p.inputPerMtok = input.base;
    p.outputPerMtok = output.base;
    p.cacheReadPerMtok = read("cache_read_mtok").base;
    p.cacheWritePerMtok = read("cache_write_mtok").base;
    applyGenaiTier(input, childPath(path, "input_mtok"), p.inputAbovePerMtok, p, out);
    applyGenaiTier(output, childPath(path, "output_mtok"), p.outputAbovePerMtok, p, out);
}

bool isConstrained(const Json& set) {
    const Json* c = member(set, "constraint");
    return c && !c->is_null() && !c->empty();
}

std::string startDateOf(const Json& set) {
    const Json* c = member(set, "constraint");
    const Json* date = c ? member(*c, "start_date") : nullptr;
    return date && date->is_string() ? date->get<std::string>() : std::string();
}

// A set bound to a time of day (an off-peak discount), not only to dates.
bool isTimeOfDay(const Json& set) {
    const Json* c = member(set, "constraint");
    if (!c || !c->is_object())
        return false;
    for (const auto& [key, value] : c->items())
        if (key != "start_date" && key != "end_date")
            return true;
    return false;
}

// The price in force now: among the sets not bound to a time of day, the one with the latest
// start_date (an unconstrained set counts as the oldest). genai-prices lists a model's
// original price first and each later price change with its start_date.
std::size_t defaultPriceSet(const Json& sets) {
    std::optional<std::size_t> best;
    for (std::size_t i = 0; i < sets.size(); ++i) {
        if (isTimeOfDay(sets[i]))
            continue;
        if (!best || startDateOf(sets[i]) > startDateOf(sets[*best]))
            best = i;
    }
    return best.value_or(0);
}

// A model's price set and its path.
struct PriceSet {
    const Json* node = nullptr;
    std::string path;
};

// `prices` itself, or one set of a list of {constraint, prices}, said in a warning when there
// was a choice.
PriceSet choosePriceSet(const Json* prices, const std::string& path, Diagnostics& out) {
    if (!prices || !prices->is_array() || prices->empty())
        return {prices, path};
    const std::size_t i = defaultPriceSet(*prices);
    if (prices->size() > 1)
        warn(out, path,
             fmt::format(
                 "{} price sets bound to dates or times of day; took [{}], {}", prices->size(), i,
                 isConstrained((*prices)[i]) ? "the latest price change"
                                             : "the standard price (not a time-of-day one)"));
    return {member((*prices)[i], "prices"), childPath(childPath(path, i), "prices")};
}

std::optional<CatalogPrice> readGenaiModel(const Json& model, const std::string& path,
                                           const std::string& provider, Diagnostics& out) {
    const std::string id = idOf(model);
    if (id.empty()) {
        warn(out, path, "no model id; skipped");
        return std::nullopt;
    }
    CatalogPrice p;
    p.catalog = "genai-prices";
    p.provider = provider;
    p.model = id;
    const PriceSet set = choosePriceSet(member(model, "prices"), childPath(path, "prices"), out);
    if (set.node)
        readGenaiPriceSet(*set.node, set.path, p, out);
    if (!hasTokenPrice(p)) {
        warn(out, path, "no token price; skipped");
        return std::nullopt;
    }
    // The context window bounds the input; genai-prices has no output limit.
    p.maxInputTokens =
        readAmount(member(model, "context_window"), childPath(path, "context_window"), out);
    return p;
}

void readGenaiProvider(const Json& provider, const std::string& path, CatalogRead& read) {
    const std::string id = idOf(provider);
    const Json* models = member(provider, "models");
    if (id.empty() || !models || !models->is_array()) {
        warn(read.diagnostics, path, "not a provider with an id and models; skipped");
        return;
    }
    const std::string modelsPath = childPath(path, "models");
    for (std::size_t i = 0; i < models->size(); ++i) {
        const Json& model = (*models)[i];
        const std::string modelPath = elementPath(modelsPath, i, idOf(model));
        if (auto p = readGenaiModel(model, modelPath, id, read.diagnostics))
            read.prices.push_back(std::move(*p));
    }
}

bool looksLikeGenaiProvider(const Json& node) {
    const Json* models = member(node, "models");
    return node.contains("id") && models && models->is_array();
}

bool looksLikeLiteLlmEntry(const Json& node) {
    return node.is_object() && (node.contains("litellm_provider") || node.contains(kLiteLlmInput) ||
                                node.contains(kLiteLlmOutput));
}

// ---- comparison ---------------------------------------------------------------------------

std::string lowerCase(std::string_view text) {
    std::string s(text);
    std::transform(s.begin(), s.end(), s.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return s;
}

// "Anthropic/Claude-3-Opus" -> "claude-3-opus": lower case, without a leading provider part.
std::string normalizedModelId(std::string_view model) {
    if (const auto slash = model.find('/'); slash != std::string_view::npos)
        model.remove_prefix(slash + 1);
    return lowerCase(model);
}

// Provider names differ between catalogs ("together_ai" and "together", "xai" and "x-ai"):
// compare letters and digits only, one a prefix of the other.
bool sameProvider(const CatalogPrice& a, const CatalogPrice& b) {
    const auto key = [](const std::string& provider) {
        std::string s;
        for (const char c : lowerCase(provider))
            if (std::isalnum(static_cast<unsigned char>(c)))
                s += c;
        return s;
    };
    const std::string x = key(a.provider);
    const std::string y = key(b.provider);
    return !x.empty() && !y.empty() && (x.starts_with(y) || y.starts_with(x));
}

using ModelsById = std::map<std::string, std::vector<const CatalogPrice*>>;

ModelsById groupByNormalizedId(const std::vector<CatalogPrice>& prices) {
    ModelsById groups;
    for (const CatalogPrice& p : prices)
        groups[normalizedModelId(p.model)].push_back(&p);
    return groups;
}

// Several entries share an id (one model sold by many providers): compare the first pair from
// the same provider, else the first entry of each list.
std::pair<const CatalogPrice*, const CatalogPrice*>
matchingPair(const std::vector<const CatalogPrice*>& as,
             const std::vector<const CatalogPrice*>& bs) {
    for (const CatalogPrice* a : as)
        for (const CatalogPrice* b : bs)
            if (sameProvider(*a, *b))
                return {a, b};
    return {as.front(), bs.front()};
}

void addDifferences(const std::string& model, const CatalogPrice& a, const CatalogPrice& b,
                    double tolerance, std::vector<PriceDifference>& out) {
    using Field = std::optional<double> CatalogPrice::*;
    static constexpr std::pair<const char*, Field> kFields[] = {
        {"input", &CatalogPrice::inputPerMtok},
        {"output", &CatalogPrice::outputPerMtok},
        {"cache_read", &CatalogPrice::cacheReadPerMtok},
        {"cache_write", &CatalogPrice::cacheWritePerMtok}};
    for (const auto& [name, field] : kFields) {
        if (!(a.*field) || !(b.*field))
            continue;
        const double x = *(a.*field);
        const double y = *(b.*field);
        if (x == 0 || y == 0)
            continue; // a free listing (a promotion, a free tier) is not a price to compare
        const double scale = std::max(std::abs(x), std::abs(y));
        const double relative = scale == 0 ? 0 : std::abs(x - y) / scale;
        if (relative > tolerance)
            out.push_back({model, name, x, y, relative});
    }
}

} // namespace

std::string detectCatalog(const Json& doc) {
    if (doc.is_array() && !doc.empty() && looksLikeGenaiProvider(doc[0]))
        return "genai-prices";
    if (doc.is_object() &&
        std::any_of(doc.begin(), doc.end(), [](const Json& e) { return looksLikeLiteLlmEntry(e); }))
        return "litellm";
    return {};
}

CatalogRead readLiteLlm(const Json& doc) {
    CatalogRead read;
    if (!doc.is_object()) {
        read.diagnostics.push_back({Diagnostic::Severity::Error, "",
                                    "not a LiteLLM catalog: expected an object of models"});
        return read;
    }
    for (const auto& [id, entry] : doc.items()) {
        if (isLiteLlmNonModelKey(id))
            continue;
        if (auto p = readLiteLlmEntry(id, entry, read.diagnostics))
            read.prices.push_back(std::move(*p));
    }
    return read;
}

CatalogRead readGenaiPrices(const Json& doc) {
    CatalogRead read;
    if (!doc.is_array()) {
        read.diagnostics.push_back({Diagnostic::Severity::Error, "",
                                    "not a genai-prices catalog: expected a list of providers"});
        return read;
    }
    for (std::size_t i = 0; i < doc.size(); ++i)
        readGenaiProvider(doc[i], elementPath("", i, idOf(doc[i])), read);
    return read;
}

std::vector<PriceDifference> comparePrices(const std::vector<CatalogPrice>& a,
                                           const std::vector<CatalogPrice>& b, double tolerance) {
    const ModelsById byIdA = groupByNormalizedId(a);
    const ModelsById byIdB = groupByNormalizedId(b);
    std::vector<PriceDifference> out;
    for (const auto& [id, as] : byIdA) {
        const auto bs = byIdB.find(id);
        if (bs == byIdB.end())
            continue;
        const auto [pa, pb] = matchingPair(as, bs->second);
        addDifferences(id, *pa, *pb, tolerance, out);
    }
    // Stable: equal differences stay in model order, then field order.
    std::stable_sort(
        out.begin(), out.end(),
        [](const PriceDifference& x, const PriceDifference& y) { return x.relative > y.relative; });
    return out;
}

CatalogFile readCatalogFile(const std::string& path) {
    CatalogFile out;
    std::string error;
    const auto text = readTextFile(path, error);
    if (!text) {
        out.error = "cannot read: " + error;
        return out;
    }
    const ParsedJson parsed = parseJsonText(*text);
    if (parsed.error) {
        out.error = formatDiagnostic(*parsed.error);
        return out;
    }
    out.kind = detectCatalog(parsed.doc);
    if (out.kind.empty()) {
        out.error = "not a LiteLLM or genai-prices catalog";
        return out;
    }
    out.read = out.kind == "litellm" ? readLiteLlm(parsed.doc) : readGenaiPrices(parsed.doc);
    return out;
}

} // namespace tierlab::core
