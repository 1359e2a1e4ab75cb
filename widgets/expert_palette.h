#pragma once
// Colours for experts: qualitative palettes of 16 distinct entries — by default a colour-blind-safe
// one (Okabe & Ito's eight colours without black, then Paul Tol's "muted" scheme), or Tableau's
// (matplotlib's tab10, then tab20's light tints) for figures that should match matplotlib's — plus
// helpers to shade a colour by a weight in [0, 1] and to pick a readable text colour on top of it.
// Stateless: the page that owns the views picks the scheme and hands the colours to every view, so
// that one expert has one colour everywhere.

#include <QColor>
#include <QList>
#include <QString>

namespace moe::ExpertPalette {

// Distinct colours available before a palette repeats.
inline constexpr int kSize = 16;

enum class Scheme { ColourBlindSafe = 0, Tableau = 1 };
inline constexpr int kSchemeCount = 2;
// "Colour-blind safe (Okabe–Ito)", "Tableau (matplotlib)".
QString schemeName(Scheme scheme);

// The colour of expert `index` (wraps around after kSize; negative indices give a neutral grey).
QColor color(int index, Scheme scheme = Scheme::ColourBlindSafe);
// The first `count` colours.
QList<QColor> colors(int count, Scheme scheme = Scheme::ColourBlindSafe);

// `base` blended towards `background` as `weight` falls: weight 1 gives `base`, weight 0 a faint tint
// (never the bare background, so a weak token still shows its expert).
QColor shade(const QColor& base, double weight, const QColor& background = QColor(Qt::white));

// Black or white, whichever reads better on `background` (WCAG relative luminance).
QColor textColorOn(const QColor& background);

// WCAG 2 relative luminance of `c` in [0, 1].
double relativeLuminance(const QColor& c);

}  // namespace moe::ExpertPalette
