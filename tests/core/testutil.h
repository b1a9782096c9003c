// SPDX-License-Identifier: MIT
// Helpers shared by the core tests: tolerant comparisons and fixture loading.
#pragma once

#include "scenario/jsonpath.h"
#include "scenario/overrides.h"
#include "scenario/reader.h"

#include <QFile>
#include <QTest>

#include <cmath>
#include <string>

namespace tierlab::test {

// |actual - expected| <= rel x |expected| (or <= rel when expected is 0).
inline bool near(double actual, double expected, double rel) {
    const double scale = expected == 0 ? 1.0 : std::abs(expected);
    return std::abs(actual - expected) <= rel * scale;
}

inline QByteArray describe(double actual, double expected, double rel) {
    return QByteArray("actual ") + QByteArray::number(actual, 'g', 17) + ", expected " +
           QByteArray::number(expected, 'g', 17) + " (rel. tol. " + QByteArray::number(rel) + ")";
}

// Path of a file in the source tree.
inline std::string sourcePath(const std::string& relative) {
    return std::string(TIERLAB_SOURCE_DIR) + "/" + relative;
}

// A file of the real-data folder (traces, price catalogs, serving benchmarks, agent logs) that
// TIERLAB_REAL_DATA names (CMake cache variable or environment; CI sets it), or "" when it is
// not set or the file is not there: the test then skips, saying what it needs.
inline std::string realDataPath(const std::string& relative) {
    const QByteArray dir = qgetenv("TIERLAB_REAL_DATA");
    if (dir.isEmpty())
        return {};
    const std::string path = dir.toStdString() + "/" + relative;
    return QFile::exists(QString::fromStdString(path)) ? path : std::string{};
}

#define TIERLAB_REAL_DATA_OR_SKIP(var, relative)                                                   \
    const std::string var = tierlab::test::realDataPath(relative);                                 \
    if (var.empty())                                                                               \
        QSKIP(qPrintable(QStringLiteral("needs %1 in the real-data folder (TIERLAB_REAL_DATA)")    \
                             .arg(QString::fromStdString(relative))));

// Parses a JSON file of the source tree; fails the test on error.
inline core::Json loadJson(const std::string& relative) {
    std::string error;
    const auto text = core::readTextFile(sourcePath(relative), error);
    if (!text)
        qFatal("cannot read %s: %s", relative.c_str(), error.c_str());
    auto parsed = core::parseJsonText(*text);
    if (parsed.error)
        qFatal("%s: %s", relative.c_str(), core::formatDiagnostic(*parsed.error).c_str());
    return parsed.doc;
}

} // namespace tierlab::test

// QCOMPARE for doubles with an explicit relative tolerance.
#define TL_COMPARE_REL(actual, expected, rel)                                                      \
    QVERIFY2(::tierlab::test::near((actual), (expected), (rel)),                                   \
             ::tierlab::test::describe((actual), (expected), (rel)).constData())
