// SPDX-License-Identifier: MIT
// The name tables of the scenario's enums (core/enumname.h): each name reads back as its value
// and each value prints as its name, every enumerator has exactly one name, the tables of the
// values a key allows take their names from the full table, and ObjectReader::choice reads by
// name and lists the table's names when a value is not one of them.
#include "curves/curve.h"
#include "enumname.h"
#include "model/hardware.h"
#include "model/limits.h"
#include "scenario/fieldreader.h"
#include "scenario/scenario.h"

#include <QTest>

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

using namespace tierlab::core;

namespace {

// Every enumerator of each enum, from a switch without a default: with -Wswitch (an error in
// this project) an enumerator added to the enum and not here fails the build, and
// everyEnumerator_hasOneName then asks the table for it.
bool isEnumerator(Channel v) {
    switch (v) {
    case Channel::Interactive:
    case Channel::Programmatic:
        return true;
    }
    return false;
}
bool isEnumerator(LimitPolicy v) {
    switch (v) {
    case LimitPolicy::Block:
    case LimitPolicy::Fallback:
    case LimitPolicy::ExtraUsage:
        return true;
    }
    return false;
}
bool isEnumerator(LimitKind v) {
    switch (v) {
    case LimitKind::Sliding:
    case LimitKind::Session:
    case LimitKind::Daily:
    case LimitKind::Weekly:
    case LimitKind::Monthly:
        return true;
    }
    return false;
}
bool isEnumerator(LimitUnit v) {
    switch (v) {
    case LimitUnit::Messages:
    case LimitUnit::Tokens:
    case LimitUnit::ListUsd:
    case LimitUnit::Compute:
        return true;
    }
    return false;
}
bool isEnumerator(PeriodAnchor v) {
    switch (v) {
    case PeriodAnchor::Calendar:
    case PeriodAnchor::FirstUse:
        return true;
    }
    return false;
}
bool isEnumerator(PodCostMode v) {
    switch (v) {
    case PodCostMode::Owned:
    case PodCostMode::Rented:
    case PodCostMode::Given:
        return true;
    }
    return false;
}
bool isEnumerator(RoutingMode v) {
    switch (v) {
    case RoutingMode::None:
    case RoutingMode::Mix:
    case RoutingMode::Cascade:
        return true;
    }
    return false;
}
bool isEnumerator(SyntheticDistribution v) {
    switch (v) {
    case SyntheticDistribution::Lognormal:
    case SyntheticDistribution::Pareto:
        return true;
    }
    return false;
}
bool isEnumerator(PointKind v) {
    switch (v) {
    case PointKind::Measured:
    case PointKind::Interpolated:
    case PointKind::Modelled:
        return true;
    }
    return false;
}

// The enumerators of E among the values -8 ... 63 (scoped enums hold any int, so the casts are
// defined; every enum here uses the default numbering from 0).
template <class E> std::vector<E> enumerators() {
    std::vector<E> out;
    for (int i = -8; i < 64; ++i)
        if (isEnumerator(static_cast<E>(i)))
            out.push_back(static_cast<E>(i));
    return out;
}

template <class E, std::size_t N> std::size_t count(const EnumName<E> (&table)[N], const E& value) {
    std::size_t n = 0;
    for (const EnumName<E>& e : table)
        n += e.value == value ? 1 : 0;
    return n;
}

// name -> value -> name for every entry, and an unknown name reads as nothing.
template <class E, std::size_t N>
void checkRoundTrip(const char* what, const EnumName<E> (&table)[N]) {
    for (const EnumName<E>& e : table) {
        const std::optional<E> value = enumFromName(table, e.name);
        const std::string message = std::string(what) + ": " + std::string(e.name);
        QVERIFY2(value && *value == e.value, message.c_str());
        QVERIFY2(enumName(table, *value) == e.name, message.c_str());
    }
    QVERIFY2(!enumFromName(table, "no such name"), what);
}

// Each of `values` has exactly one entry, and the table has no other.
template <class E, std::size_t N>
void checkCovers(const char* what, const EnumName<E> (&table)[N], const std::vector<E>& values) {
    for (std::size_t i = 0; i < values.size(); ++i)
        QVERIFY2(count(table, values[i]) == 1,
                 (std::string(what) + ": value #" + std::to_string(i) + " named " +
                  std::to_string(count(table, values[i])) + " times")
                     .c_str());
    QVERIFY2(N == values.size(), what);
}

// A table of the values one key allows: each name is the full table's name of that value.
template <class E, std::size_t N, std::size_t M>
void checkSubset(const char* what, const EnumName<E> (&subset)[N], const EnumName<E> (&full)[M]) {
    for (const EnumName<E>& e : subset)
        QVERIFY2(count(full, e.value) == 1 && enumName(full, e.value) == e.name,
                 (std::string(what) + ": " + std::string(e.name)).c_str());
}

// ObjectReader::choice on a one-key document.
template <class E, std::size_t N>
std::optional<E> readChoice(const Json& value, const EnumName<E> (&table)[N],
                            Diagnostics& diagnostics) {
    FieldIndex fields;
    ReadContext ctx{diagnostics, fields};
    const Json doc = {{"key", value}};
    ObjectReader r(&doc, "doc", ctx);
    return r.choice("key", table);
}

} // namespace

class TestEnumNames : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void everyTable_roundTrips() {
        checkRoundTrip("Channel", kChannelNames);
        checkRoundTrip("LimitPolicy", kLimitPolicyNames);
        checkRoundTrip("LimitKind", kLimitKindNames);
        checkRoundTrip("LimitUnit", kLimitUnitNames);
        checkRoundTrip("PeriodAnchor", kPeriodAnchorNames);
        checkRoundTrip("weekday", kWeekdayNames);
        checkRoundTrip("scope channel", kScopeChannelNames);
        checkRoundTrip("pool policy", kPoolPolicyNames);
        checkRoundTrip("credit unit", kCreditUnitNames);
        checkRoundTrip("credit period", kCreditPeriodNames);
        checkRoundTrip("PodCostMode", kPodCostModeNames);
        checkRoundTrip("cost basis", kCostBasisNames);
        checkRoundTrip("RoutingMode", kRoutingModeNames);
        checkRoundTrip("SyntheticDistribution", kSyntheticDistributionNames);
        checkRoundTrip("modulate", kModulateNames);
        checkRoundTrip("PointKind", kPointKindNames);
    }

    void everyEnumerator_hasOneName() {
        checkCovers("Channel", kChannelNames, enumerators<Channel>());
        checkCovers("LimitPolicy", kLimitPolicyNames, enumerators<LimitPolicy>());
        checkCovers("LimitKind", kLimitKindNames, enumerators<LimitKind>());
        checkCovers("LimitUnit", kLimitUnitNames, enumerators<LimitUnit>());
        checkCovers("PeriodAnchor", kPeriodAnchorNames, enumerators<PeriodAnchor>());
        checkCovers("PodCostMode", kPodCostModeNames, enumerators<PodCostMode>());
        checkCovers("RoutingMode", kRoutingModeNames, enumerators<RoutingMode>());
        checkCovers("SyntheticDistribution", kSyntheticDistributionNames,
                    enumerators<SyntheticDistribution>());
        checkCovers("PointKind", kPointKindNames, enumerators<PointKind>());
        checkCovers("weekday", kWeekdayNames, {0, 1, 2, 3, 4, 5, 6});
        checkCovers("cost basis", kCostBasisNames, {false, true});
        checkCovers("modulate", kModulateNames, {false, true});
        checkCovers("scope channel", kScopeChannelNames,
                    {Channel::Interactive, Channel::Programmatic, std::nullopt});
    }

    void subsetTables_takeTheFullTablesNames() {
        checkSubset("pool policy", kPoolPolicyNames, kLimitPolicyNames);
        checkSubset("credit unit", kCreditUnitNames, kLimitUnitNames);
        checkSubset("credit period", kCreditPeriodNames, kLimitKindNames);
        for (const auto& e : kScopeChannelNames)
            if (e.value)
                QCOMPARE(e.name, enumName(kChannelNames, *e.value));
    }

    void nameList_isInTableOrder() {
        QCOMPARE(enumNameList(kCreditUnitNames), std::string("list_usd, tokens, compute"));
        QCOMPARE(enumNameList(kScopeChannelNames), std::string("interactive, programmatic, both"));
    }

    void choice_readsEveryNameAsItsValue() {
        for (const auto& e : kLimitUnitNames) {
            Diagnostics d;
            QCOMPARE(readChoice(std::string(e.name), kLimitUnitNames, d),
                     std::optional<LimitUnit>(e.value));
            QVERIFY(d.empty());
        }
        Diagnostics d;
        QVERIFY(!readChoice(nullptr, kLimitUnitNames, d)); // null: missing, no error
        QVERIFY(d.empty());
    }

    void choice_unknownName_listsTheTablesNames() {
        Diagnostics d;
        QVERIFY(!readChoice("kilotokens", kCreditUnitNames, d));
        QCOMPARE(d.size(), std::size_t(1));
        QCOMPARE(d[0].path, std::string("doc.key"));
        QCOMPARE(d[0].message,
                 std::string("must be one of list_usd, tokens, compute, got \"kilotokens\""));
        d.clear();
        QVERIFY(!readChoice(3, kCreditUnitNames, d)); // a position is not a name
        QCOMPARE(d.size(), std::size_t(1));
        QCOMPARE(d[0].message, std::string("must be one of list_usd, tokens, compute, got 3"));
    }
};

QTEST_GUILESS_MAIN(TestEnumNames)
#include "tst_enumnames.moc"
