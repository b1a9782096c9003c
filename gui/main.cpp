// SPDX-License-Identifier: MIT
// tierlab: the desktop app. Everything but argument handling lives in tierlab_gui.
#include "app/mainwindow.h"
#include "app/samples.h"
#include "app/settings.h"
#include "app/theme.h"
#include "document/workspacedocument.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QTimer>

#include <iostream>

int main(int argc, char* argv[]) {
    QApplication app(argc, argv);
    tierlab::gui::initResources();
    QApplication::setApplicationName(QStringLiteral("TierLab"));
    QApplication::setOrganizationName(QStringLiteral("TierLab"));
    QApplication::setApplicationVersion(QStringLiteral(TIERLAB_VERSION));
    // Lets the desktop (Wayland app id, taskbar icon) match windows to the installed entry.
    QGuiApplication::setDesktopFileName(QStringLiteral(TIERLAB_APP_ID));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("The economics of serving LLMs."));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addPositionalArgument(QStringLiteral("workspace"),
                                 QStringLiteral("A .tierlab workspace to open."),
                                 QStringLiteral("[workspace]"));
    const QCommandLineOption sample(
        QStringLiteral("sample"),
        QStringLiteral("Open the bundled sample workspace (created on first use)."));
    const QCommandLineOption screenshots(
        QStringLiteral("screenshots"),
        QStringLiteral("Save a PNG of every page into DIR and quit."), QStringLiteral("DIR"));
    const QCommandLineOption page(QStringLiteral("page"), QStringLiteral("Open on page N (1-8)."),
                                  QStringLiteral("N"));
    const QCommandLineOption ready(
        QStringLiteral("exit-when-ready"),
        QStringLiteral(
            "Quit as soon as the window shows its first evaluation (start-up benchmark)."));
    const QCommandLineOption scenario(QStringLiteral("scenario"),
                                      QStringLiteral("Make scenario NAME the active one."),
                                      QStringLiteral("NAME"));
    const QCommandLineOption dark(QStringLiteral("dark"), QStringLiteral("Use the dark palette."));
    const QCommandLineOption light(QStringLiteral("light"),
                                   QStringLiteral("Use the light palette."));
    parser.addOptions({sample, screenshots, page, ready, scenario, dark, light});
    parser.process(app);

    // The palette: --dark / --light, else the one chosen last (View > Dark Palette).
    const bool darkPalette =
        parser.isSet(dark) || (!parser.isSet(light) && tierlab::gui::settings::darkPalette());
    tierlab::gui::applyPalette(darkPalette);
    tierlab::gui::MainWindow window;
    window.action(QStringLiteral("actionDarkPalette"))->setChecked(darkPalette);
    QString path = parser.positionalArguments().value(0);
    if (path.isEmpty() && parser.isSet(sample)) {
        QString error;
        path = tierlab::gui::sampleWorkspacePath(&error);
        if (path.isEmpty()) {
            std::cerr << "tierlab: cannot create the sample workspace: " << error.toStdString()
                      << "\n";
            return 1;
        }
    }
    if (path.isEmpty() || !window.openFile(path))
        window.newFromTemplate(QStringLiteral("example-tiers"));
    if (parser.isSet(scenario))
        window.document()->setActiveScenario(parser.value(scenario));
    // The page asked for, else the one the window was closed on.
    window.showPage(parser.isSet(page) ? parser.value(page).toInt() - 1
                                       : tierlab::gui::settings::lastPage());

    if (parser.isSet(screenshots)) {
        window.resize(1400, 900);
        window.show();
        QString error;
        if (!window.saveScreenshots(parser.value(screenshots), &error)) {
            std::cerr << "tierlab: " << error.toStdString() << "\n";
            return 1;
        }
        return 0;
    }
    if (parser.isSet(ready))
        QObject::connect(window.evaluator(), &tierlab::gui::Evaluator::evaluated, &app,
                         [] { QTimer::singleShot(0, qApp, &QCoreApplication::quit); });
    window.show();
    return app.exec();
}
