// SPDX-License-Identifier: MIT
// The colours of the app's charts and of the figures tables and status lines mark, in one
// place. Series take the Tableau 10 colours (matplotlib's defaults): red means a loss, a
// limit or an error everywhere, greys mark reference lines and overheads, and the rest
// cycle over tiers and models. Series left without a colour (the bar sets of the Overview,
// Compare and Sensitivity pages) take the light or dark chart theme's own, which ChartView
// follows from the application palette (gui/app/theme.cpp).
#pragma once

#include <QColor>
#include <QString>

#include <cstddef>
#include <iterator>

namespace tierlab::gui {

// Tableau 10.
inline constexpr QColor kBlue(0x1f, 0x77, 0xb4);
inline constexpr QColor kOrange(0xff, 0x7f, 0x0e);
inline constexpr QColor kGreen(0x2c, 0xa0, 0x2c);
inline constexpr QColor kRed(0xd6, 0x27, 0x28);
inline constexpr QColor kPurple(0x94, 0x67, 0xbd);
inline constexpr QColor kBrown(0x8c, 0x56, 0x4b);
inline constexpr QColor kPink(0xe3, 0x77, 0xc2);
inline constexpr QColor kGrey(0x7f, 0x7f, 0x7f);
inline constexpr QColor kOlive(0xbc, 0xbd, 0x22);
inline constexpr QColor kCyan(0x17, 0xbe, 0xcf);

// Tiers and models by their place in the scenario, so that one keeps its colour in every
// chart and across edits. Red and grey are in neither cycle: they have meanings of their own.
inline constexpr QColor kTierColors[] = {kBlue,  kOrange, kGreen, kPurple,
                                         kBrown, kPink,   kCyan,  kOlive};
// The routing charts' models: the same colours, from green.
inline constexpr QColor kModelColors[] = {kGreen, kBlue, kPurple, kOrange,
                                          kBrown, kPink, kCyan,   kOlive};

inline QColor tierColor(std::size_t i) {
    return kTierColors[i % std::size(kTierColors)];
}

inline QColor modelColor(std::size_t i) {
    return kModelColors[i % std::size(kModelColors)];
}

// A loss, a limit passed, a refused request: the loss side of a distribution, the breakeven
// utilization, the allowed risk.
inline constexpr QColor kLossColor = kRed;
// Thin dashed reference lines: the breakeven margin, equality. Overheads, releases and a
// second opinion (the scenario's gap mixture against a fit) take kGrey.
inline constexpr QColor kReferenceColor(128, 128, 128);
// Points that are there but unremarkable (requests served within every limit).
inline constexpr QColor kMutedColor(150, 150, 150);

// Text: a negative figure in a table, an error in a status line. Darker than kLossColor, to
// read as text on a light background.
inline constexpr QColor kLossTextColor(200, 40, 40);
inline constexpr QColor kErrorTextColor = kLossTextColor;
// A result that is out of date until the next run.
inline constexpr QColor kStaleTextColor(0xb3, 0x6b, 0x00);
// The background of a table cell with a problem; translucent, so the selection shows.
inline constexpr QColor kProblemFill(220, 60, 60, 70);

// A measured curve drawn without a tier's colour: slate on the light theme, lighter on the
// dark one so it keeps its contrast with the plot's background.
inline constexpr QColor kCurveColor(0x55, 0x60, 0x70);
inline constexpr QColor kCurveColorOnDark(0xa8, 0xb0, 0xbc);

inline QColor curveColor(bool dark) {
    return dark ? kCurveColorOnDark : kCurveColor;
}

// `colour` with `alpha` (0-255): fills under or behind other series.
inline QColor translucent(QColor colour, int alpha) {
    colour.setAlpha(alpha);
    return colour;
}

// A style sheet that colours a label's text.
inline QString textStyle(const QColor& colour) {
    return QStringLiteral("color: %1;").arg(colour.name());
}

} // namespace tierlab::gui
