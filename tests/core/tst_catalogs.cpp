// SPDX-License-Identifier: MIT
// Third-party price catalogs (usage/catalogs.h): LiteLLM and genai-prices read into USD per
// million tokens, checked against the real files in tests/fixtures/catalogs (provenance in its
// README.md) and against small hand-made documents, one per quirk.
#include "testutil.h"
#include "usage/catalogs.h"

#include <QTest>

#include <algorithm>
#include <cmath>
#include <string>
#include <string_view>
#include <vector>

using namespace tierlab::core;

namespace {

constexpr const char* kLiteLlmFile =
    "tests/fixtures/catalogs/litellm_model_prices_and_context_window.json";
constexpr const char* kGenaiFile = "tests/fixtures/catalogs/genai-prices_v2_data.json";

// The entry of `model` (and `provider`, when given); fails the test when missing.
const CatalogPrice& priceOf(const std::vector<CatalogPrice>& prices, std::string_view model,
                            std::string_view provider = {}) {
    const auto it = std::find_if(prices.begin(), prices.end(), [&](const CatalogPrice& p) {
        return p.model == model && (provider.empty() || p.provider == provider);
    });
    if (it == prices.end())
        qFatal("no price for %s", std::string(model).c_str());
    return *it;
}

bool hasModel(const std::vector<CatalogPrice>& prices, std::string_view model) {
    return std::any_of(prices.begin(), prices.end(),
                       [&](const CatalogPrice& p) { return p.model == model; });
}

std::size_t countMessages(const Diagnostics& diagnostics, std::string_view part) {
    return std::count_if(diagnostics.begin(), diagnostics.end(), [&](const Diagnostic& d) {
        return d.message.find(part) != std::string::npos;
    });
}

// The one diagnostic at `path`; fails the test unless there is exactly one.
const Diagnostic& diagnosticAt(const Diagnostics& diagnostics, std::string_view path) {
    const auto n = std::count_if(diagnostics.begin(), diagnostics.end(),
                                 [&](const Diagnostic& d) { return d.path == path; });
    if (n != 1)
        qFatal("%d diagnostics at %s", int(n), std::string(path).c_str());
    return *std::find_if(diagnostics.begin(), diagnostics.end(),
                         [&](const Diagnostic& d) { return d.path == path; });
}

const PriceDifference* differenceOf(const std::vector<PriceDifference>& diffs,
                                    std::string_view model, std::string_view field) {
    const auto it = std::find_if(diffs.begin(), diffs.end(), [&](const PriceDifference& d) {
        return d.model == model && d.field == field;
    });
    return it == diffs.end() ? nullptr : &*it;
}

bool finiteAndNonNegative(const std::optional<double>& v) {
    return !v || (std::isfinite(*v) && *v >= 0);
}

bool allAmountsValid(const CatalogPrice& p) {
    for (const auto& v : {p.inputPerMtok, p.outputPerMtok, p.cacheReadPerMtok, p.cacheWritePerMtok,
                          p.thresholdTokens, p.inputAbovePerMtok, p.outputAbovePerMtok,
                          p.maxInputTokens, p.maxOutputTokens})
        if (!finiteAndNonNegative(v))
            return false;
    return true;
}

QString q(const std::string& s) {
    return QString::fromStdString(s);
}

} // namespace

class TestCatalogs : public QObject {
    Q_OBJECT

private:
    Json m_liteLlmDoc;
    Json m_genaiDoc;
    CatalogRead m_liteLlm;
    CatalogRead m_genai;

private Q_SLOTS:
    void initTestCase() {
        m_liteLlmDoc = tierlab::test::loadJson(kLiteLlmFile);
        m_genaiDoc = tierlab::test::loadJson(kGenaiFile);
        m_liteLlm = readLiteLlm(m_liteLlmDoc);
        m_genai = readGenaiPrices(m_genaiDoc);
    }

    // --- detectCatalog --------------------------------------------------------------------

    void detectCatalog_realFiles_namesEachCatalog() {
        QCOMPARE(q(detectCatalog(m_liteLlmDoc)), QString("litellm"));
        QCOMPARE(q(detectCatalog(m_genaiDoc)), QString("genai-prices"));
    }

    void detectCatalog_smallDocuments_lookAtShapeOnly() {
        QCOMPARE(q(detectCatalog(Json::parse(R"({"m": {"input_cost_per_token": 1e-6}})"))),
                 QString("litellm"));
        QCOMPARE(q(detectCatalog(Json::parse(R"({"m": {"litellm_provider": "openai"}})"))),
                 QString("litellm"));
        QCOMPARE(q(detectCatalog(Json::parse(R"([{"id": "openai", "models": []}])"))),
                 QString("genai-prices"));
    }

    void detectCatalog_otherDocuments_returnEmpty() {
        for (const char* text :
             {R"({"name": "Baseline", "models": [{"id": "opus"}]})", "{}", "[]", "42", "null",
              R"([{"id": "openai"}])", R"({"last_updated": "2026-07-24"})", R"([1, 2])"})
            QVERIFY2(detectCatalog(Json::parse(text)).empty(), text);
    }

    // --- the real catalogs ----------------------------------------------------------------

    // Expected counts from an independent Python script run on the fixtures
    // (python3 3.11, json module):
    //   L = json.load(open("litellm_model_prices_and_context_window.json"))
    //   F = ["input_cost_per_token", "output_cost_per_token", "cache_read_input_token_cost",
    //        "cache_creation_input_token_cost"]
    //   num = lambda x: isinstance(x, (int, float)) and not isinstance(x, bool)
    //   priced = lambda e: any(num(e.get(f)) for f in F)
    //   read = [k for k, v in L.items() if k not in ("sample_spec", "fallback_generalizations",
    //           "last_updated") and (priced(v) or priced((v.get("tiered_pricing") or [{}])[0]))]
    // gives len(read) = 2539 of the 2982 models (2985 keys less the 3 non-model keys), so 443
    // skipped; 18 of the 2539 are priced only through tiered_pricing (dashscope, volcengine).
    void readLiteLlm_realCatalog_reads2539Models_skips443WithWarnings() {
        QCOMPARE(m_liteLlm.prices.size(), std::size_t{2539});
        QCOMPARE(countMessages(m_liteLlm.diagnostics, "no token price; skipped"), std::size_t{443});
        // Every diagnostic of the real file is such a skip: no field is malformed.
        QCOMPARE(m_liteLlm.diagnostics.size(), std::size_t{443});
        QVERIFY(!hasModel(m_liteLlm.prices, "sample_spec"));
        QVERIFY(!hasModel(m_liteLlm.prices, "fallback_generalizations"));
        QVERIFY(!hasModel(m_liteLlm.prices, "last_updated"));
    }

    // Same script for genai-prices: for each provider's model, take `prices` (or, for a list,
    // the first set without "constraint") and count it when input_mtok, output_mtok,
    // cache_read_mtok or cache_write_mtok is present: 1309 of 1466 models; the 157 others have
    // "prices": {} (mostly OpenRouter ":free" models). 15 models have a list of price sets.
    void readGenaiPrices_realCatalog_reads1309Models_skips157WithWarnings() {
        QCOMPARE(m_genai.prices.size(), std::size_t{1309});
        QCOMPARE(countMessages(m_genai.diagnostics, "no token price; skipped"), std::size_t{157});
        QCOMPARE(countMessages(m_genai.diagnostics, "price sets bound to dates or times of day"),
                 std::size_t{15});
        QCOMPARE(m_genai.diagnostics.size(), std::size_t{157 + 15});
    }

    void realCatalogs_noErrors_everyAmountFiniteAndNonNegative() {
        QVERIFY(!hasErrors(m_liteLlm.diagnostics));
        QVERIFY(!hasErrors(m_genai.diagnostics));
        for (const CatalogRead* read : {&m_liteLlm, &m_genai})
            for (const CatalogPrice& p : read->prices)
                QVERIFY2(allAmountsValid(p), p.model.c_str());
    }

    void readLiteLlm_claude3Opus_perTokenTimesMillion() {
        // Catalog: input 1.5e-05, output 7.5e-05, cache read 1.5e-06, cache write 1.875e-05 per
        // token; max_input_tokens 200000, max_output_tokens 4096.
        const CatalogPrice& p = priceOf(m_liteLlm.prices, "claude-3-opus-20240229");
        QCOMPARE(q(p.catalog), QString("litellm"));
        QCOMPARE(q(p.provider), QString("anthropic"));
        QCOMPARE(q(p.mode), QString("chat"));
        QCOMPARE(*p.inputPerMtok, 15.0);
        QCOMPARE(*p.outputPerMtok, 75.0);
        QCOMPARE(*p.cacheReadPerMtok, 1.5);
        QCOMPARE(*p.cacheWritePerMtok, 18.75);
        QCOMPARE(*p.maxInputTokens, 200000.0);
        QCOMPARE(*p.maxOutputTokens, 4096.0);
        QVERIFY(!p.thresholdTokens && !p.inputAbovePerMtok && !p.outputAbovePerMtok);
    }

    void readLiteLlm_aboveNkFields_giveThresholdAndLongContextPrices() {
        // claude-sonnet-4-5: 3e-06 / 1.5e-05 per token, *_above_200k_tokens 6e-06 / 2.25e-05.
        const CatalogPrice& sonnet = priceOf(m_liteLlm.prices, "claude-sonnet-4-5");
        QCOMPARE(*sonnet.inputPerMtok, 3.0);
        QCOMPARE(*sonnet.outputPerMtok, 15.0);
        QCOMPARE(*sonnet.cacheReadPerMtok, 0.3);
        QCOMPARE(*sonnet.cacheWritePerMtok, 3.75);
        QCOMPARE(*sonnet.thresholdTokens, 200000.0);
        QCOMPARE(*sonnet.inputAbovePerMtok, 6.0);
        QCOMPARE(*sonnet.outputAbovePerMtok, 22.5);
        // gpt-5.4: *_above_272k_tokens 5e-06 / 2.25e-05 (the *_priority variants are not read).
        const CatalogPrice& gpt = priceOf(m_liteLlm.prices, "gpt-5.4");
        QCOMPARE(*gpt.inputPerMtok, 2.5);
        QCOMPARE(*gpt.thresholdTokens, 272000.0);
        QCOMPARE(*gpt.inputAbovePerMtok, 5.0);
        QCOMPARE(*gpt.outputAbovePerMtok, 22.5);
    }

    void readLiteLlm_tieredPricingOnly_takesFirstTierAndSecondTierStart() {
        // dashscope/qwen-flash has no top-level price: tiered_pricing [{5e-08, 4e-07,
        // range [0, 256000]}, {2.5e-07, 2e-06, range [256000, 1000000]}].
        const CatalogPrice& p = priceOf(m_liteLlm.prices, "dashscope/qwen-flash");
        QCOMPARE(*p.inputPerMtok, 0.05);
        QCOMPARE(*p.outputPerMtok, 0.4);
        QCOMPARE(*p.thresholdTokens, 256000.0);
        QCOMPARE(*p.inputAbovePerMtok, 0.25);
        QCOMPARE(*p.outputAbovePerMtok, 2.0);
        // exa_ai/search is tiered by result count, with no token price: skipped.
        QVERIFY(!hasModel(m_liteLlm.prices, "exa_ai/search"));
        QCOMPARE(q(diagnosticAt(m_liteLlm.diagnostics, "[\"exa_ai/search\"]").message),
                 QString("no token price; skipped"));
    }

    void readLiteLlm_realQuirks_noModeFloatMaxTokensSearchObject_readQuietly() {
        // fireworks-ai-4.1b-to-16b has no "mode"; 2e-07 per token both ways.
        const CatalogPrice& fireworks = priceOf(m_liteLlm.prices, "fireworks-ai-4.1b-to-16b");
        QVERIFY(fireworks.mode.empty());
        QCOMPARE(*fireworks.inputPerMtok, 0.2);
        QCOMPARE(*fireworks.outputPerMtok, 0.2);
        // xai/grok-4-1-fast writes its limits as 2000000.0; above_128k prices 4e-07 / 1e-06.
        const CatalogPrice& grok = priceOf(m_liteLlm.prices, "xai/grok-4-1-fast");
        QCOMPARE(*grok.maxInputTokens, 2e6);
        QCOMPARE(*grok.maxOutputTokens, 2e6);
        QCOMPARE(*grok.thresholdTokens, 128000.0);
        QCOMPARE(*grok.inputAbovePerMtok, 0.4);
        QCOMPARE(*grok.outputAbovePerMtok, 1.0);
        // gpt-4o-search-preview has search_context_cost_per_query as an object (USD per query
        // by context size): ignored without a word; 2.5e-06 / 1e-05 per token.
        QVERIFY(m_liteLlmDoc.at("gpt-4o-search-preview")
                    .at("search_context_cost_per_query")
                    .is_object());
        const CatalogPrice& search = priceOf(m_liteLlm.prices, "gpt-4o-search-preview");
        QCOMPARE(*search.inputPerMtok, 2.5);
        QCOMPARE(*search.outputPerMtok, 10.0);
    }

    void readGenaiPrices_tieredModel_basePlusFirstTier() {
        // google gemini-1.5-flash: input {"base": 0.075, "tiers": [{"start": 128000,
        // "price": 0.15}]}, output base 0.3 / 0.6, cache read base 0.01875; context 1000000.
        const CatalogPrice& p = priceOf(m_genai.prices, "gemini-1.5-flash", "google");
        QCOMPARE(q(p.catalog), QString("genai-prices"));
        QCOMPARE(*p.inputPerMtok, 0.075);
        QCOMPARE(*p.outputPerMtok, 0.3);
        QCOMPARE(*p.cacheReadPerMtok, 0.01875);
        QVERIFY(!p.cacheWritePerMtok);
        QCOMPARE(*p.thresholdTokens, 128000.0);
        QCOMPARE(*p.inputAbovePerMtok, 0.15);
        QCOMPARE(*p.outputAbovePerMtok, 0.6);
        QCOMPARE(*p.maxInputTokens, 1e6);
        QVERIFY(p.mode.empty());
    }

    void readGenaiPrices_conditionalPrices_takePriceInForceWithWarning() {
        // anthropic claude-sonnet-4-6: [tiered set, {"constraint": {"start_date": "2026-03-13"},
        // flat set}] -> the latest price change, flat 3 / 15 / 0.3 / 3.75 with no long-context
        // tier (read by hand from the fixture).
        const CatalogPrice& sonnet = priceOf(m_genai.prices, "claude-sonnet-4-6", "anthropic");
        QCOMPARE(*sonnet.inputPerMtok, 3.0);
        QCOMPARE(*sonnet.outputPerMtok, 15.0);
        QCOMPARE(*sonnet.cacheReadPerMtok, 0.3);
        QCOMPARE(*sonnet.cacheWritePerMtok, 3.75);
        QVERIFY(!sonnet.thresholdTokens);
        // deepseek deepseek-chat: the unconstrained set (0.135 / 0.55 / 0.035) is the off-peak
        // price; the set bound to 00:30-16:30 UTC (0.27 / 1.1) is left out, with a warning.
        const CatalogPrice& deepseek = priceOf(m_genai.prices, "deepseek-chat", "deepseek");
        QCOMPARE(*deepseek.inputPerMtok, 0.135);
        QCOMPARE(*deepseek.outputPerMtok, 0.55);
        QCOMPARE(*deepseek.cacheReadPerMtok, 0.035);
        const Diagnostic& d =
            diagnosticAt(m_genai.diagnostics, "[id=deepseek].models[id=deepseek-chat].prices");
        QCOMPARE(q(d.message),
                 QString("2 price sets bound to dates or times of day; took [0], the standard "
                         "price (not a time-of-day one)"));
        QVERIFY(!d.isError());
        Json doc = m_genaiDoc;
        QVERIFY(lookupPath(doc, d.path).node->is_array());
    }

    // --- hand-made documents: one quirk each ----------------------------------------------

    void readLiteLlm_perTokenPrices_becomeExactPerMillion() {
        // 3e-06 x 1e6 is 2.9999999999999996 in binary floating point; 7e-08 x 1e6 is
        // 0.06999999999999999. Rounded to 12 significant digits they compare exactly.
        const CatalogRead r = readLiteLlm(Json::parse(R"({"m": {
            "input_cost_per_token": 3e-06, "output_cost_per_token": 7e-08,
            "cache_read_input_token_cost": 1.875e-05, "cache_creation_input_token_cost": 0}})"));
        QVERIFY(r.diagnostics.empty());
        QCOMPARE(r.prices.size(), std::size_t{1});
        QCOMPARE(*r.prices[0].inputPerMtok, 3.0);
        QCOMPARE(*r.prices[0].outputPerMtok, 0.07);
        QCOMPARE(*r.prices[0].cacheReadPerMtok, 18.75);
        QCOMPARE(*r.prices[0].cacheWritePerMtok, 0.0);
    }

    void readLiteLlm_stringPrice_skipsFieldWithWarningNamingPath() {
        Json doc = Json::parse(R"({"gpt-4o": {"input_cost_per_token": "2.5e-06",
            "output_cost_per_token": 1e-05, "litellm_provider": "openai", "mode": "chat"}})");
        const CatalogRead r = readLiteLlm(doc);
        QCOMPARE(r.prices.size(), std::size_t{1});
        QVERIFY(!r.prices[0].inputPerMtok);
        QCOMPARE(*r.prices[0].outputPerMtok, 10.0);
        QCOMPARE(r.diagnostics.size(), std::size_t{1});
        QCOMPARE(q(formatDiagnostic(r.diagnostics[0])),
                 QString("[\"gpt-4o\"].input_cost_per_token: warning: not a number"));
        QVERIFY(lookupPath(doc, r.diagnostics[0].path).node->is_string());
    }

    void readLiteLlm_nullPrice_readsAsMissingWithoutWarning() {
        const CatalogRead r = readLiteLlm(Json::parse(
            R"({"m": {"input_cost_per_token": null, "output_cost_per_token": 2e-06}})"));
        QVERIFY(r.diagnostics.empty());
        QVERIFY(!r.prices[0].inputPerMtok);
        QCOMPARE(*r.prices[0].outputPerMtok, 2.0);
    }

    void readLiteLlm_negativePriceAndTextMaxTokens_skipFieldsWithWarnings() {
        const CatalogRead r = readLiteLlm(Json::parse(R"({"m": {"input_cost_per_token": -1e-06,
            "output_cost_per_token": 2e-06, "max_input_tokens": "lots",
            "max_output_tokens": 8192.0, "mode": 3}})"));
        QCOMPARE(r.prices.size(), std::size_t{1});
        QVERIFY(!r.prices[0].inputPerMtok);
        QVERIFY(!r.prices[0].maxInputTokens);
        QCOMPARE(*r.prices[0].maxOutputTokens, 8192.0);
        QVERIFY(r.prices[0].mode.empty());
        QCOMPARE(q(diagnosticAt(r.diagnostics, "[\"m\"].input_cost_per_token").message),
                 QString("must be finite and >= 0, got -1e-06"));
        QCOMPARE(q(diagnosticAt(r.diagnostics, "[\"m\"].max_input_tokens").message),
                 QString("not a number"));
        QCOMPARE(q(diagnosticAt(r.diagnostics, "[\"m\"].mode").message), QString("not a string"));
        QVERIFY(!hasErrors(r.diagnostics));
    }

    void readLiteLlm_nonModelKeys_skippedQuietly_otherOddEntriesWarned() {
        const CatalogRead r = readLiteLlm(Json::parse(R"({
            "sample_spec": {"input_cost_per_token": 0.0, "max_tokens": "LEGACY parameter"},
            "fallback_generalizations": {"rules": []},
            "last_updated": "2026-07-24T18:23:43+00:00",
            "dall-e-3": {"output_cost_per_image": 0.04, "mode": "image_generation"},
            "broken": 5,
            "ok": {"input_cost_per_token": 1e-06,
                   "search_context_cost_per_query": {"search_context_size_low": 0.03}}})"));
        QCOMPARE(r.prices.size(), std::size_t{1});
        QCOMPARE(q(r.prices[0].model), QString("ok"));
        QCOMPARE(r.diagnostics.size(), std::size_t{2});
        QCOMPARE(q(diagnosticAt(r.diagnostics, "[\"dall-e-3\"]").message),
                 QString("no token price; skipped"));
        QCOMPARE(q(diagnosticAt(r.diagnostics, "[\"broken\"]").message),
                 QString("not an object; skipped"));
    }

    void readLiteLlm_notAnObject_isError() {
        const CatalogRead r = readLiteLlm(Json::parse("[1, 2]"));
        QVERIFY(r.prices.empty());
        QVERIFY(hasErrors(r.diagnostics));
    }

    void readGenaiPrices_allSetsDated_takesLatestStartDate() {
        const CatalogRead r = readGenaiPrices(Json::parse(R"([{"id": "p", "models": [
            {"id": "m", "prices": [
                {"constraint": {"start_date": "2026-01-01"}, "prices": {"input_mtok": 2}},
                {"constraint": {"start_date": "2025-01-01"}, "prices": {"input_mtok": 1}}]}]}])"));
        QCOMPARE(*priceOf(r.prices, "m").inputPerMtok, 2.0);
        QCOMPARE(q(diagnosticAt(r.diagnostics, "[id=p].models[id=m].prices").message),
                 QString("2 price sets bound to dates or times of day; took [0], the latest "
                         "price change"));
    }

    void readGenaiPrices_badValues_skipFieldsOrModelsWithWarnings() {
        Json doc = Json::parse(R"([{"id": "p", "models": [
            {"id": "text", "prices": {"input_mtok": "3", "output_mtok": 15}},
            {"id": "tiers", "prices": {"input_mtok": {"base": 1, "tiers": [{"start": 1000, "price": 2}]},
                                       "output_mtok": {"base": 4, "tiers": [{"start": 2000, "price": 8}]}}},
            {"id": "nobase", "prices": {"input_mtok": {"tiers": []}, "output_mtok": 1}},
            {"id": "free", "prices": {}},
            {"name": "no id", "prices": {"input_mtok": 1}}]},
            {"id": "no-models"}])");
        const CatalogRead r = readGenaiPrices(doc);
        QCOMPARE(r.prices.size(), std::size_t{3});
        QVERIFY(!priceOf(r.prices, "text").inputPerMtok);
        QCOMPARE(*priceOf(r.prices, "text").outputPerMtok, 15.0);
        const Diagnostic& text =
            diagnosticAt(r.diagnostics, "[id=p].models[id=text].prices.input_mtok");
        QCOMPARE(q(text.message), QString("not a number"));
        QVERIFY(lookupPath(doc, text.path).node->is_string());
        // Input and output tiers start at different sizes: only the input tier is kept.
        const CatalogPrice& tiers = priceOf(r.prices, "tiers");
        QCOMPARE(*tiers.thresholdTokens, 1000.0);
        QCOMPARE(*tiers.inputAbovePerMtok, 2.0);
        QVERIFY(!tiers.outputAbovePerMtok);
        QVERIFY(diagnosticAt(r.diagnostics, "[id=p].models[id=tiers].prices.output_mtok")
                    .message.starts_with("tier starts at 2000 tokens"));
        QCOMPARE(
            q(diagnosticAt(r.diagnostics, "[id=p].models[id=nobase].prices.input_mtok").message),
            QString("not a number or {\"base\", \"tiers\"}"));
        QCOMPARE(q(diagnosticAt(r.diagnostics, "[id=p].models[id=free]").message),
                 QString("no token price; skipped"));
        QCOMPARE(q(diagnosticAt(r.diagnostics, "[id=p].models[4]").message),
                 QString("no model id; skipped"));
        QCOMPARE(q(diagnosticAt(r.diagnostics, "[id=no-models]").message),
                 QString("not a provider with an id and models; skipped"));
        QCOMPARE(r.diagnostics.size(), std::size_t{6});
        QVERIFY(!hasErrors(r.diagnostics));
    }

    void readGenaiPrices_notAList_isError() {
        const CatalogRead r = readGenaiPrices(Json::parse(R"({"providers": []})"));
        QVERIFY(r.prices.empty());
        QVERIFY(hasErrors(r.diagnostics));
    }

    // --- comparePrices --------------------------------------------------------------------

    // Expected from an independent Python script (tests/fixtures/catalogs/compare.py): group
    // both lists by m.split("/", 1)[-1].lower(), pick the first pair whose providers (letters
    // and digits only) are a prefix of one another, else the first of each; genai-prices
    // price lists resolve to the latest start_date among sets not bound to a time of day; keep
    // fields present in both, both non-zero, with |a - b| / max(|a|, |b|) > 0.01:
    // 346 shared ids, 196 differences in 91 models.
    void comparePrices_realCatalogs_findsKnownDifferences() {
        const auto diffs = comparePrices(m_liteLlm.prices, m_genai.prices, 0.01);
        QCOMPARE(diffs.size(), std::size_t{196});
        QVERIFY(std::is_sorted(diffs.begin(), diffs.end(), [](const auto& x, const auto& y) {
            return x.relative > y.relative;
        }));
        // o3: LiteLLM 2 / 8; genai-prices' price in force since 2025-06-10 is 2 / 8 too.
        QVERIFY(!differenceOf(diffs, "o3", "input"));
        // deepseek-chat: LiteLLM 2.8e-07 per token; genai-prices' only set not bound to a time
        // of day is the off-peak 0.135.
        const PriceDifference* deepseek = differenceOf(diffs, "deepseek-chat", "input");
        QVERIFY(deepseek);
        QCOMPARE(deepseek->a, 0.28);
        QCOMPARE(deepseek->b, 0.135);
        TL_COMPARE_REL(deepseek->relative, (0.28 - 0.135) / 0.28, 1e-12);
        // Free listings (0) are not compared: gemini-1.5-flash's LiteLLM output of 0 is gone.
        QVERIFY(!differenceOf(diffs, "gemini-1.5-flash", "output"));
        for (const PriceDifference& d : diffs)
            QVERIFY(d.a > 0 && d.b > 0 && d.relative < 1);
        // gpt-4o (2.5 / 10 / 1.25) and claude-sonnet-4-6 agree.
        QVERIFY(!differenceOf(diffs, "gpt-4o", "input"));
        QVERIFY(!differenceOf(diffs, "claude-sonnet-4-6", "input"));
    }

    void comparePrices_handMade_normalizesIdsAndAppliesTolerance() {
        CatalogPrice a;
        a.provider = "openai";
        a.model = "OpenAI/GPT-X";
        a.inputPerMtok = 1.0;
        a.outputPerMtok = 2.0;
        a.cacheReadPerMtok = 0.1; // not in b: not compared
        a.cacheWritePerMtok = 0.0;
        CatalogPrice b;
        b.provider = "openai";
        b.model = "gpt-x";
        b.inputPerMtok = 1.005; // 0.5 %: within 1 %
        b.outputPerMtok = 3.0;  // 1/3
        b.cacheWritePerMtok = 0.0;
        CatalogPrice c = b;
        c.model = "y";
        c.inputPerMtok = 10.0;
        CatalogPrice d = c;
        d.inputPerMtok = 1.0; // 0.9
        const auto diffs = comparePrices({a, c}, {b, d}, 0.01);
        QCOMPARE(diffs.size(), std::size_t{2});
        QCOMPARE(q(diffs[0].model), QString("y"));
        TL_COMPARE_REL(diffs[0].relative, 0.9, 1e-12);
        QCOMPARE(q(diffs[1].model), QString("gpt-x"));
        QCOMPARE(q(diffs[1].field), QString("output"));
        QCOMPARE(diffs[1].a, 2.0);
        QCOMPARE(diffs[1].b, 3.0);
        TL_COMPARE_REL(diffs[1].relative, 1.0 / 3, 1e-12);
        QCOMPARE(comparePrices({a}, {b}, 0.004).size(), std::size_t{2}); // input 0.4975 % too
    }

    void comparePrices_idSoldByManyProviders_comparesSameProvider() {
        CatalogPrice together;
        together.provider = "together_ai";
        together.model = "together_ai/llama-x";
        together.inputPerMtok = 0.9;
        CatalogPrice groqA = together;
        groqA.provider = "groq";
        groqA.model = "groq/llama-x";
        groqA.inputPerMtok = 0.5;
        CatalogPrice groqB = groqA;
        groqB.model = "llama-x";
        groqB.inputPerMtok = 0.6;
        CatalogPrice togetherB = together;
        togetherB.provider = "together";
        togetherB.model = "llama-x";
        // together_ai matches together (prefix): 0.9 in both, no difference.
        QVERIFY(comparePrices({together, groqA}, {togetherB, groqB}, 0.01).empty());
        // No provider in common: the first of each is compared.
        const auto diffs = comparePrices({groqA}, {togetherB}, 0.01);
        QCOMPARE(diffs.size(), std::size_t{1});
        QCOMPARE(diffs[0].a, 0.5);
        QCOMPARE(diffs[0].b, 0.9);
    }
};

QTEST_GUILESS_MAIN(TestCatalogs)
#include "tst_catalogs.moc"
