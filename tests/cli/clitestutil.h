// SPDX-License-Identifier: MIT
// Running tierlab-cli (its path in TIERLAB_CLI, set by CTest) and other programs as a user
// does, and reading what they print.
#pragma once

#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QString>
#include <QStringList>
#include <QtGlobal>

namespace tierlab::test {

struct Run {
    int exitCode = -1; // -1: the program crashed
    QString out;
    QString err;
};

inline Run run(const QString& program, const QStringList& args) {
    QProcess p;
    p.start(program, args);
    if (!p.waitForFinished(120000))
        qFatal("%s did not finish", qPrintable(program));
    return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1,
            QString::fromUtf8(p.readAllStandardOutput()),
            QString::fromUtf8(p.readAllStandardError())};
}

inline Run cli(const QStringList& args) {
    return run(qEnvironmentVariable("TIERLAB_CLI"), args);
}

// A bundled sample scenario of data/scenarios.
inline QString sample(const char* name) {
    return QStringLiteral(TIERLAB_SOURCE_DIR "/data/scenarios/") + name;
}

// The JSON document a run printed; fails the test when it is not one.
inline QJsonObject json(const Run& r) {
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(r.out.toUtf8(), &error);
    if (error.error != QJsonParseError::NoError)
        qFatal("not JSON: %s", qPrintable(error.errorString()));
    return doc.object();
}

} // namespace tierlab::test
