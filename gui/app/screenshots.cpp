// SPDX-License-Identifier: MIT
// `tierlab --screenshots DIR`: a PNG of the window on every page, made with QWidget::grab()
// (works offscreen, pixel-identical to an X server).
#include "mainwindow.h"
#include "pages/page.h"

#include <QApplication>
#include <QDir>
#include <QPixmap>
#include <QScrollArea>
#include <QScrollBar>
#include <QStackedWidget>

namespace tierlab::gui {

namespace {

QString slug(const QString& title) {
    QString s = title.toLower();
    s.replace(QStringLiteral("&"), QStringLiteral("and"));
    QString out;
    for (const QChar c : s)
        out += c.isLetterOrNumber() ? c : QLatin1Char('-');
    while (out.contains(QStringLiteral("--")))
        out.replace(QStringLiteral("--"), QStringLiteral("-"));
    return out;
}

void settle(Evaluator* evaluator) {
    for (int i = 0; i < 5; ++i) {
        evaluator->waitForIdle();
        QApplication::processEvents();
    }
}

} // namespace

bool MainWindow::saveScreenshots(const QString& dir, QString* error) {
    if (!QDir().mkpath(dir)) {
        *error = tr("cannot create %1").arg(dir);
        return false;
    }
    settle(m_evaluator.get());
    for (std::size_t i = 0; i < m_pages.size(); ++i) {
        showPage(static_cast<int>(i));
        m_pages[i]->refreshNow();
        settle(m_evaluator.get());
        m_pages[i]->waitForIdle();
        QApplication::processEvents();
        const QString file = QDir(dir).filePath(QStringLiteral("%1-%2.png")
                                                    .arg(i + 1, 2, 10, QLatin1Char('0'))
                                                    .arg(slug(m_pages[i]->title())));
        if (!grab().save(file)) {
            *error = tr("cannot write %1").arg(file);
            return false;
        }
        // Each further view of the page (its tabs, low on the page: scrolled to its end)
        // gets its own picture.
        auto* scrolled = qobject_cast<QScrollArea*>(m_stack->widget(static_cast<int>(i)));
        for (const QString& view : m_pages[i]->screenshotViews()) {
            m_pages[i]->showScreenshotView(view);
            m_pages[i]->waitForIdle();
            if (scrolled)
                scrolled->verticalScrollBar()->setValue(scrolled->verticalScrollBar()->maximum());
            QApplication::processEvents();
            const QString shot =
                QString(file).replace(QStringLiteral(".png"), QStringLiteral("-%1.png").arg(view));
            if (!grab().save(shot)) {
                *error = tr("cannot write %1").arg(shot);
                return false;
            }
        }
        if (!m_pages[i]->screenshotViews().isEmpty()) {
            m_pages[i]->showScreenshotView({});
            if (scrolled)
                scrolled->verticalScrollBar()->setValue(0);
            QApplication::processEvents();
        }
        // A page taller than the window gets a second picture, scrolled to its end.
        auto* area = qobject_cast<QScrollArea*>(m_stack->widget(static_cast<int>(i)));
        if (area && area->verticalScrollBar()->maximum() > 0) {
            area->verticalScrollBar()->setValue(area->verticalScrollBar()->maximum());
            QApplication::processEvents();
            const QString end =
                QString(file).replace(QStringLiteral(".png"), QStringLiteral("-end.png"));
            const bool saved = grab().save(end);
            area->verticalScrollBar()->setValue(0);
            if (!saved) {
                *error = tr("cannot write %1").arg(end);
                return false;
            }
        }
    }
    return true;
}

} // namespace tierlab::gui
