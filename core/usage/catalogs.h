// SPDX-License-Identifier: MIT
// Third-party price catalogs: LiteLLM's model_prices_and_context_window.json and
// genai-prices' data.json, read into one list of per-million-token prices.
#pragma once

#include "scenario/diagnostic.h"
#include "scenario/jsonpath.h"

#include <optional>
#include <string>
#include <vector>

namespace tierlab::core {

// One model's prices from one catalog, USD per million tokens.
struct CatalogPrice {
    std::string catalog;  // "litellm" or "genai-prices"
    std::string provider; // litellm_provider, or the genai-prices provider id
    std::string model;    // the catalog's model id (litellm key, genai-prices model id)
    std::optional<double> inputPerMtok;
    std::optional<double> outputPerMtok;
    std::optional<double> cacheReadPerMtok;
    std::optional<double> cacheWritePerMtok;
    // Prices past a long-context threshold (LiteLLM *_above_200k_tokens; genai-prices tiers),
    // with the threshold in input tokens.
    std::optional<double> thresholdTokens;
    std::optional<double> inputAbovePerMtok;
    std::optional<double> outputAbovePerMtok;
    std::optional<double> maxInputTokens;
    std::optional<double> maxOutputTokens;
    std::string mode; // LiteLLM mode ("chat", "embedding", ...); may be empty
    // Where a stored price came from (set when read back from a workspace).
    std::string asOf;   // date the catalog was imported or is dated
    std::string source; // the file it was read from, or what the seeded price cites
};

struct CatalogRead {
    std::vector<CatalogPrice> prices;
    Diagnostics diagnostics; // entries skipped, with their JSON path and why (warnings)
};

// Which catalog a document is, from its shape: "litellm", "genai-prices", or "" if neither.
std::string detectCatalog(const Json& doc);

// LiteLLM: one object per model id; USD per token (x 1e6 here). Skips the non-model keys
// sample_spec, fallback_generalizations and last_updated, and entries without any token price.
CatalogRead readLiteLlm(const Json& doc);

// genai-prices v2 data.json: providers -> models -> prices per million tokens, possibly tiered
// ({"base": 3, "tiers": [{"start": 200000, "price": 6}]}) or conditional (a list of price sets
// with constraints: the price in force, i.e. the latest start_date among the sets not bound to
// a time of day, is taken, and said in a warning).
CatalogRead readGenaiPrices(const Json& doc);

// A catalog file read and recognized: what `catalog import` and the GUI's import store.
struct CatalogFile {
    std::string error; // why the file cannot be used ("cannot read: ...", "line 3, column 5:
                       // ...", "not a LiteLLM or genai-prices catalog"); empty when read
    std::string kind;  // "litellm" or "genai-prices"
    CatalogRead read;
};

// Reads a LiteLLM or genai-prices JSON file and its prices. Never throws for a bad file.
CatalogFile readCatalogFile(const std::string& path);

// A model priced differently in two catalogs.
struct PriceDifference {
    std::string model;   // normalized id both catalogs share
    std::string field;   // "input", "output", "cache_read", "cache_write"
    double a = 0, b = 0; // USD per million tokens in catalog a and b
    double relative = 0; // |a - b| / max(|a|, |b|)
};

// Models in both lists (matched by id, lower-cased, with any "provider/" prefix removed) whose
// prices differ by more than `tolerance` (0.01 = 1 %), largest difference first. Prices of 0
// (free listings) are not compared.
std::vector<PriceDifference> comparePrices(const std::vector<CatalogPrice>& a,
                                           const std::vector<CatalogPrice>& b, double tolerance);

} // namespace tierlab::core
