#pragma once
// Colours for experts: a colour-blind-safe qualitative palette (Okabe & Ito's eight colours without
// black, then Paul Tol's "muted" scheme) with 16 distinct entries, plus helpers to shade a colour by
// a weight in [0, 1] and to pick a readable text colour on top of it. Stateless; shared by the token
// view, the plots and the legend so that one expert has one colour everywhere.

#include <QColor>
#include <QList>

namespace moe::ExpertPalette {

// Distinct colours available before the palette repeats.
inline constexpr int kSize = 16;

// The colour of expert `index` (wraps around after kSize; negative indices give a neutral grey).
QColor color(int index);
// The first `count` colours.
QList<QColor> colors(int count);

// `base` blended towards `background` as `weight` falls: weight 1 gives `base`, weight 0 a faint tint
// (never the bare background, so a weak token still shows its expert).
QColor shade(const QColor& base, double weight, const QColor& background = QColor(Qt::white));

// Black or white, whichever reads better on `background` (WCAG relative luminance).
QColor textColorOn(const QColor& background);

// WCAG 2 relative luminance of `c` in [0, 1].
double relativeLuminance(const QColor& c);

}  // namespace moe::ExpertPalette
