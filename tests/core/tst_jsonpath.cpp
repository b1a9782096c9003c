// SPDX-License-Identifier: MIT
// JSON paths and --set overrides (docs/cli.md section 3): lookup, canonical form,
// errors that name their reason, setPath, parseSetValue and applyOverrides.
#include "scenario/jsonpath.h"
#include "scenario/overrides.h"
#include "testutil.h"

#include <QTest>

#include <string>
#include <vector>

using namespace tierlab::core;

class TestJsonPath : public QObject {
    Q_OBJECT

private:
    // A small document shaped like a scenario: arrays of objects with ids, a mix object.
    static Json sample() {
        return Json::parse(R"({
          "name": "Baseline",
          "models": [
            {"id": "haiku", "price": {"input_per_mtok": 0.25}},
            {"id": "opus", "price": {"input_per_mtok": 15}}
          ],
          "tiers": [{"id": "pro", "price_usd_month": 20, "windows": [{"messages": 45}]}],
          "routing": {"mix": {"haiku": 0.8, "opus": 0.2, "v1.5": 0}},
          "grid": [[1, 2], [3, 4]]
        })");
    }

    static QString q(const std::string& s) { return QString::fromStdString(s); }

    static QString js(const Json& j) { return QString::fromStdString(j.dump()); }

private Q_SLOTS:
    // The read-only lookup resolves what the mutable one does, selectors included.
    void lookupPath_constDocument() {
        const Json doc =
            Json::parse(R"({"tiers": [{"id": "pro", "windows": [{"messages": 45}]}]})");
        const ConstPathLookup found = lookupPath(doc, "tiers[id=pro].windows[0].messages");
        QVERIFY(found.node);
        QCOMPARE(found.node->get<int>(), 45);
        QCOMPARE(found.canonical, std::string("tiers[0].windows[0].messages"));
        const ConstPathLookup missing = lookupPath(doc, "tiers[id=max].price_usd_month");
        QVERIFY(!missing.node);
        QVERIFY(!missing.error.empty());
    }

    void parentPath_ofCanonicalPaths() {
        QCOMPARE(parentPath("tiers[2].windows[0]"), std::string("tiers[2].windows"));
        QCOMPARE(parentPath("tiers[2].windows"), std::string("tiers[2]"));
        QCOMPARE(parentPath(R"(usage.tier_map["a.b"])"), std::string("usage.tier_map"));
        QCOMPARE(parentPath("usage.tier_map"), std::string("usage"));
        QCOMPARE(parentPath("name"), std::string());
        QCOMPARE(parentPath("[3]"), std::string());
    }

    // --- childPath ------------------------------------------------------------------------

    void childPath_plainKeys_joinWithDots() {
        QCOMPARE(q(childPath("", "name")), QString("name"));
        QCOMPARE(q(childPath("routing", "mix")), QString("routing.mix"));
        QCOMPARE(q(childPath("tiers", std::size_t{1})), QString("tiers[1]"));
        QCOMPARE(q(childPath(childPath("tiers", std::size_t{1}), "price_usd_month")),
                 QString("tiers[1].price_usd_month"));
    }

    void childPath_keyWithDotOrBracket_isQuoted() {
        QCOMPARE(q(childPath("routing.mix", "v1.5")), QString("routing.mix[\"v1.5\"]"));
        QCOMPARE(q(childPath("", "a[0]")), QString("[\"a[0]\"]"));
        QCOMPARE(q(childPath("x", "")), QString("x[\"\"]"));
    }

    // --- lookupPath -----------------------------------------------------------------------

    void lookup_plainKey_findsValue() {
        Json doc = sample();
        const PathLookup r = lookupPath(doc, "name");
        QVERIFY(r.node);
        QCOMPARE(q(r.node->get<std::string>()), QString("Baseline"));
        QCOMPARE(q(r.canonical), QString("name"));
        QVERIFY(r.error.empty());
    }

    void lookup_nestedKeysAndIndices_findValue() {
        Json doc = sample();
        const PathLookup r = lookupPath(doc, "tiers[0].windows[0].messages");
        QVERIFY(r.node);
        QCOMPARE(r.node->get<double>(), 45.0);
        QCOMPARE(q(r.canonical), QString("tiers[0].windows[0].messages"));
    }

    void lookup_consecutiveIndices_findValue() {
        Json doc = sample();
        const PathLookup r = lookupPath(doc, "grid[1][0]");
        QVERIFY(r.node);
        QCOMPARE(r.node->get<int>(), 3);
        QCOMPARE(q(r.canonical), QString("grid[1][0]"));
    }

    void lookup_idSelector_returnsCanonicalIndex() {
        Json doc = sample();
        const PathLookup r = lookupPath(doc, "models[id=opus].price.input_per_mtok");
        QVERIFY2(r.node, r.error.c_str());
        QCOMPARE(r.node->get<double>(), 15.0);
        QCOMPARE(q(r.canonical), QString("models[1].price.input_per_mtok"));
    }

    void lookup_quotedSelectorValue_matchesString() {
        Json doc = sample();
        const PathLookup r = lookupPath(doc, "models[id=\"haiku\"]");
        QVERIFY2(r.node, r.error.c_str());
        QCOMPARE(q(r.canonical), QString("models[0]"));
    }

    void lookup_quotedKeyWithDot_findsValue() {
        Json doc = sample();
        const PathLookup r = lookupPath(doc, "routing.mix[\"v1.5\"]");
        QVERIFY2(r.node, r.error.c_str());
        QCOMPARE(r.node->get<double>(), 0.0);
        QCOMPARE(q(r.canonical), QString("routing.mix[\"v1.5\"]"));
    }

    void lookup_quotedPlainKey_canonicalUsesDots() {
        Json doc = sample();
        const PathLookup r = lookupPath(doc, "routing[\"mix\"][\"haiku\"]");
        QVERIFY2(r.node, r.error.c_str());
        QCOMPARE(r.node->get<double>(), 0.8);
        QCOMPARE(q(r.canonical), QString("routing.mix.haiku"));
    }

    void lookup_resultPointsIntoDocument() {
        Json doc = sample();
        PathLookup r = lookupPath(doc, "tiers[id=pro].price_usd_month");
        QVERIFY(r.node);
        *r.node = 25;
        QCOMPARE(doc["tiers"][0]["price_usd_month"].get<int>(), 25);
    }

    void lookup_unclosedBracket_reportsReason() {
        Json doc = sample();
        const PathLookup r = lookupPath(doc, "tiers[0.price_usd_month");
        QVERIFY(!r.node);
        QCOMPARE(q(r.error), QString("bad path 'tiers[0.price_usd_month': unclosed [ in path"));
    }

    void lookup_missingIndex_reportsReason() {
        Json doc = sample();
        const PathLookup r = lookupPath(doc, "tiers[].price_usd_month");
        QVERIFY(!r.node);
        QCOMPARE(q(r.error), QString("bad path 'tiers[].price_usd_month': expected an index, "
                                     "\"key\" or key=value in []"));
    }

    void lookup_nonNumericIndex_reportsReason() {
        Json doc = sample();
        const PathLookup r = lookupPath(doc, "tiers[x]");
        QVERIFY(!r.node);
        QCOMPARE(q(r.error),
                 QString("bad path 'tiers[x]': expected an index, \"key\" or key=value in [x]"));
    }

    void lookup_emptySelectorKey_reportsReason() {
        Json doc = sample();
        const PathLookup r = lookupPath(doc, "models[=opus]");
        QVERIFY(!r.node);
        QCOMPARE(q(r.error), QString("bad path 'models[=opus]': empty selector key in [=opus]"));
    }

    void lookup_noElementWithId_reportsReason() {
        Json doc = sample();
        const PathLookup r = lookupPath(doc, "models[id=gpt].price");
        QVERIFY(!r.node);
        QCOMPARE(q(r.error), QString("no element with id=gpt in models"));
    }

    void lookup_indexOutOfRange_reportsReason() {
        Json doc = sample();
        const PathLookup r = lookupPath(doc, "tiers[3].price_usd_month");
        QVERIFY(!r.node);
        QCOMPARE(q(r.error), QString("no element 3 at tiers"));
    }

    void lookup_indexIntoObject_reportsReason() {
        Json doc = sample();
        const PathLookup r = lookupPath(doc, "routing[0]");
        QVERIFY(!r.node);
        QCOMPARE(q(r.error), QString("no element 0 at routing"));
    }

    void lookup_missingKey_reportsReason() {
        Json doc = sample();
        const PathLookup r = lookupPath(doc, "tiers[0].colour");
        QVERIFY(!r.node);
        QCOMPARE(q(r.error), QString("no key 'colour' at tiers[0].colour"));
    }

    void lookup_keyIntoNumber_reportsNotAnObject() {
        Json doc = sample();
        const PathLookup r = lookupPath(doc, "tiers[0].price_usd_month.usd");
        QVERIFY(!r.node);
        QCOMPARE(q(r.error), QString("not an object at tiers[0].price_usd_month.usd"));
    }

    void lookup_misplacedDots_reportReason() {
        Json doc = sample();
        QCOMPARE(q(lookupPath(doc, ".name").error),
                 QString("bad path '.name': misplaced '.' in path"));
        QCOMPARE(q(lookupPath(doc, "name.").error),
                 QString("bad path 'name.': misplaced '.' in path"));
        QCOMPARE(q(lookupPath(doc, "routing..mix").error),
                 QString("bad path 'routing..mix': empty key in path"));
    }

    void lookup_emptyPath_reportsReason() {
        Json doc = sample();
        const PathLookup r = lookupPath(doc, "");
        QVERIFY(!r.node);
        QCOMPARE(q(r.error), QString("bad path '': empty path"));
    }

    void lookup_pathFromChildPath_resolvesBack() {
        // Every path the reader reports (built with childPath) leads back to its value.
        Json doc = sample();
        const std::string path = childPath("routing.mix", "v1.5");
        const PathLookup r = lookupPath(doc, path);
        QVERIFY2(r.node, r.error.c_str());
        QCOMPARE(q(r.canonical), q(path));
    }

    void lookup_pathFromChildPath_keyWithBracket_resolvesBack() {
        // A key holding ']' is quoted by childPath, but the parser ends the bracket at the
        // first ']' inside the quotes.
        Json doc = Json::parse("{\"a]b\": 1}");
        const std::string path = childPath("", "a]b");
        QCOMPARE(q(path), QString("[\"a]b\"]"));
        const PathLookup r = lookupPath(doc, path);
        QVERIFY2(r.node, r.error.c_str());
    }

    // --- setPath --------------------------------------------------------------------------

    void set_existingValue_replacesIt() {
        Json doc = sample();
        const SetResult r = setPath(doc, "tiers[0].price_usd_month", 25);
        QVERIFY(r.ok);
        QCOMPARE(q(r.canonical), QString("tiers[0].price_usd_month"));
        QCOMPARE(doc["tiers"][0]["price_usd_month"].get<int>(), 25);
    }

    void set_idSelector_returnsCanonicalIndex() {
        Json doc = sample();
        const SetResult r = setPath(doc, "models[id=opus].price.input_per_mtok", 5.0);
        QVERIFY2(r.ok, r.error.c_str());
        QCOMPARE(q(r.canonical), QString("models[1].price.input_per_mtok"));
        QCOMPARE(doc["models"][1]["price"]["input_per_mtok"].get<double>(), 5.0);
        QCOMPARE(doc["models"][0]["price"]["input_per_mtok"].get<double>(), 0.25);
    }

    void set_missingKeys_areCreated() {
        Json doc = sample();
        const SetResult r = setPath(doc, "capacity.generation.median_s", 30);
        QVERIFY2(r.ok, r.error.c_str());
        QCOMPARE(q(r.canonical), QString("capacity.generation.median_s"));
        QCOMPARE(doc["capacity"]["generation"]["median_s"].get<int>(), 30);
    }

    void set_newKeyInSelectedElement_isCreated() {
        Json doc = sample();
        const SetResult r = setPath(doc, "models[id=haiku].quality", 0.5);
        QVERIFY2(r.ok, r.error.c_str());
        QCOMPARE(q(r.canonical), QString("models[0].quality"));
        QCOMPARE(doc["models"][0]["quality"].get<double>(), 0.5);
    }

    void set_newKeyKeepsExistingKeyOrder() {
        Json doc = sample();
        QVERIFY(setPath(doc, "routing.mix.sonnet", 0).ok);
        std::vector<std::string> keys;
        for (const auto& [key, value] : doc["routing"]["mix"].items())
            keys.push_back(key);
        QCOMPARE(keys, (std::vector<std::string>{"haiku", "opus", "v1.5", "sonnet"}));
    }

    void set_quotedKey_isCreatedVerbatim() {
        Json doc = sample();
        const SetResult r = setPath(doc, "routing.mix[\"v2.0\"]", 0.1);
        QVERIFY2(r.ok, r.error.c_str());
        QCOMPARE(q(r.canonical), QString("routing.mix[\"v2.0\"]"));
        QCOMPARE(doc["routing"]["mix"]["v2.0"].get<double>(), 0.1);
    }

    void set_missingArrayElement_failsAndLeavesDocumentUnchanged() {
        Json doc = sample();
        const Json before = doc;
        const SetResult r = setPath(doc, "tiers[2].price_usd_month", 25);
        QVERIFY(!r.ok);
        QCOMPARE(q(r.error), QString("no element 2 at tiers"));
        QVERIFY(doc == before);
    }

    void set_failingAfterCreatingKeys_leavesDocumentUnchanged() {
        // "extra" and "extra.list" would be created before the index fails.
        Json doc = sample();
        const Json before = doc;
        const SetResult r = setPath(doc, "extra.list[0].x", 1);
        QVERIFY(!r.ok);
        QCOMPARE(q(r.error), QString("no element 0 at extra.list"));
        QVERIFY(doc == before);
        QVERIFY(!doc.contains("extra"));
    }

    void set_noElementWithId_failsAndLeavesDocumentUnchanged() {
        Json doc = sample();
        const Json before = doc;
        const SetResult r = setPath(doc, "models[id=gpt].price.input_per_mtok", 1);
        QVERIFY(!r.ok);
        QCOMPARE(q(r.error), QString("no element with id=gpt in models"));
        QVERIFY(doc == before);
    }

    void set_keyIntoString_failsAndLeavesDocumentUnchanged() {
        Json doc = sample();
        const Json before = doc;
        const SetResult r = setPath(doc, "name.first", "x");
        QVERIFY(!r.ok);
        QCOMPARE(q(r.error), QString("not an object at name.first"));
        QVERIFY(doc == before);
    }

    void set_badPath_failsWithReason() {
        Json doc = sample();
        const Json before = doc;
        const SetResult r = setPath(doc, "tiers[0", 1);
        QVERIFY(!r.ok);
        QCOMPARE(q(r.error), QString("bad path 'tiers[0': unclosed [ in path"));
        QVERIFY(r.canonical.empty());
        QVERIFY(doc == before);
    }

    // --- parseSetValue --------------------------------------------------------------------

    void parseSetValue_numbers_areNumbers() {
        QCOMPARE(js(parseSetValue("25")), js(Json(25)));
        QVERIFY(parseSetValue("25").is_number_integer());
        QVERIFY(parseSetValue("-5").is_number());
        QCOMPARE(parseSetValue("-5").get<double>(), -5.0);
        QCOMPARE(parseSetValue("0.15").get<double>(), 0.15);
        QCOMPARE(parseSetValue("1e-6").get<double>(), 1e-6);
    }

    void parseSetValue_literals_areJsonLiterals() {
        QCOMPARE(js(parseSetValue("true")), js(Json(true)));
        QCOMPARE(js(parseSetValue("false")), js(Json(false)));
        QVERIFY(parseSetValue("null").is_null());
    }

    void parseSetValue_quotedString_isUnquoted() {
        const Json v = parseSetValue("\"25\"");
        QVERIFY(v.is_string());
        QCOMPARE(q(v.get<std::string>()), QString("25"));
    }

    void parseSetValue_bareWord_isString() {
        const Json v = parseSetValue("opus");
        QVERIFY(v.is_string());
        QCOMPARE(q(v.get<std::string>()), QString("opus"));
        // Not JSON either: kept verbatim as text.
        QCOMPARE(js(parseSetValue("h200-4x8")), js(Json("h200-4x8")));
        QCOMPARE(js(parseSetValue("True")), js(Json("True")));
        QCOMPARE(js(parseSetValue("{broken")), js(Json("{broken")));
    }

    void parseSetValue_outOfRangeNumber_isString() {
        // Not representable as a double: kept as text, which the reader then rejects as
        // "must be a number" rather than storing infinity.
        QCOMPARE(js(parseSetValue("1e400")), js(Json("1e400")));
    }

    void parseSetValue_surroundingSpaces_areIgnoredForJson() {
        QCOMPARE(js(parseSetValue(" 25 ")), js(Json(25)));
    }

    void parseSetValue_empty_isEmptyString() { QCOMPARE(js(parseSetValue("")), js(Json(""))); }

    void parseSetValue_objectsAndArrays_areParsed() {
        const Json v = parseSetValue(R"({"haiku": 0.8, "opus": 0.2})");
        QVERIFY(v.is_object());
        QCOMPARE(v["haiku"].get<double>(), 0.8);
        QCOMPARE(v.begin().key(), std::string("haiku")); // order kept
        const Json a = parseSetValue(R"([{"messages": 45, "hours": 5}])");
        QVERIFY(a.is_array());
        QCOMPARE(a[0]["hours"].get<int>(), 5);
    }

    // --- applyOverrides -------------------------------------------------------------------

    void applyOverrides_valid_setsValuesInOrder() {
        Json doc = sample();
        const Diagnostics d =
            applyOverrides(doc, {"tiers[0].price_usd_month=25", "models[1].price.input_per_mtok=5",
                                 "name=Cheaper", "tiers[0].price_usd_month=30"});
        QVERIFY(d.empty());
        QCOMPARE(js(doc["tiers"][0]["price_usd_month"]), js(Json(30)));
        QCOMPARE(js(doc["models"][1]["price"]["input_per_mtok"]), js(Json(5)));
        QCOMPARE(js(doc["name"]), js(Json("Cheaper")));
    }

    void applyOverrides_valueWithEquals_splitsAtFirstEquals() {
        Json doc = sample();
        const Diagnostics d = applyOverrides(doc, {"name=a=b"});
        QVERIFY(d.empty());
        QCOMPARE(js(doc["name"]), js(Json("a=b")));
    }

    void applyOverrides_selectorInPath_setsSelectedElement() {
        // The format's own example: --set models[id=opus].price.input_per_mtok=5.
        Json doc = sample();
        const Diagnostics d = applyOverrides(doc, {"models[id=opus].price.input_per_mtok=5"});
        QVERIFY(d.empty());
        QCOMPARE(js(doc["models"][1]["price"]["input_per_mtok"]), js(Json(5)));
    }

    void applyOverrides_selectorAndEqualsInValue_splitsAfterSelector() {
        Json doc = sample();
        const Diagnostics d = applyOverrides(doc, {"models[id=haiku].name=a=b"});
        QVERIFY(d.empty());
        QCOMPARE(js(doc["models"][0]["name"]), js(Json("a=b")));
    }

    void applyOverrides_noEquals_reportsExpectedPathEqualsValue() {
        Json doc = sample();
        const Json before = doc;
        const Diagnostics d = applyOverrides(doc, {"tiers[0].price_usd_month"});
        QCOMPARE(d.size(), std::size_t{1});
        QVERIFY(d[0].isError());
        QCOMPARE(q(d[0].path), QString("--set tiers[0].price_usd_month"));
        QCOMPARE(q(d[0].message), QString("expected PATH=VALUE, e.g. tiers[0].price_usd_month=25"));
        QVERIFY(doc == before);
    }

    void applyOverrides_emptyPath_reportsExpectedPathEqualsValue() {
        Json doc = sample();
        const Diagnostics d = applyOverrides(doc, {"=25"});
        QCOMPARE(d.size(), std::size_t{1});
        QCOMPARE(q(d[0].path), QString("--set =25"));
        QVERIFY(d[0].message.starts_with("expected PATH=VALUE"));
    }

    void applyOverrides_badPath_reportsPathAndReason() {
        Json doc = sample();
        const Json before = doc;
        const Diagnostics d = applyOverrides(doc, {"tiers[5].price_usd_month=25"});
        QCOMPARE(d.size(), std::size_t{1});
        QVERIFY(d[0].isError());
        QCOMPARE(q(d[0].path), QString("tiers[5].price_usd_month"));
        QCOMPARE(q(d[0].message), QString("no element 5 at tiers"));
        QVERIFY(doc == before);
    }

    void applyOverrides_oneBadAmongGood_appliesTheOthers() {
        Json doc = sample();
        const Diagnostics d =
            applyOverrides(doc, {"name=X", "nonsense", "tiers[0].price_usd_month=25"});
        QCOMPARE(d.size(), std::size_t{1});
        QCOMPARE(q(d[0].path), QString("--set nonsense"));
        QCOMPARE(js(doc["name"]), js(Json("X")));
        QCOMPARE(js(doc["tiers"][0]["price_usd_month"]), js(Json(25)));
    }

    void applyOverrides_quotedKeyWithBracketAndEquals_setsThatKey() {
        Json doc = sample();
        const Diagnostics d = applyOverrides(doc, {"tiers[0][\"a]=b\"]=2"});
        QVERIFY(d.empty());
        QCOMPARE(js(doc["tiers"][0]["a]=b"]), js(Json(2)));
    }

    // --- erasePath: the undo of a set that created a key --------------------------------------

    void erasePath_key_removesOnlyThatKey() {
        Json doc = sample();
        const std::string before = js(doc["tiers"][0]).toStdString();
        QVERIFY(setPath(doc, "tiers[id=pro].note", Json("x")).ok);
        QVERIFY(erasePath(doc, "tiers[id=pro].note"));
        QCOMPARE(js(doc["tiers"][0]).toStdString(), before);
    }

    void erasePath_arrayElement_removesIt() {
        Json doc = sample();
        const std::size_t n = doc["tiers"].size();
        QVERIFY(erasePath(doc, "tiers[0]"));
        QCOMPARE(doc["tiers"].size(), n - 1);
    }

    void erasePath_missing_returnsFalseAndLeavesDocument() {
        Json doc = sample();
        const Json before = doc;
        QVERIFY(!erasePath(doc, "tiers[id=nope].price_usd_month"));
        QVERIFY(!erasePath(doc, "nothing"));
        QVERIFY(!erasePath(doc, "tiers[99]"));
        QVERIFY(doc == before);
    }
};

QTEST_GUILESS_MAIN(TestJsonPath)
#include "tst_jsonpath.moc"
