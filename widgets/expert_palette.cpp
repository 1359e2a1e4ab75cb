#include "widgets/expert_palette.h"

#include <algorithm>
#include <array>
#include <cmath>

namespace moe::ExpertPalette {
namespace {

// Okabe–Ito (2008) without black, ordered so that the first few are the most distinct, then Tol's
// muted scheme (2021), both designed to stay distinguishable for the common colour-vision deficiencies.
constexpr std::array<QRgb, kSize> kColors = {
    0x0072B2,  // blue
    0xE69F00,  // orange
    0x009E73,  // bluish green
    0xD55E00,  // vermillion
    0x56B4E9,  // sky blue
    0xCC79A7,  // reddish purple
    0xF0E442,  // yellow
    0x332288,  // Tol indigo
    0x117733,  // Tol green
    0x882255,  // Tol wine
    0x88CCEE,  // Tol cyan
    0xDDCC77,  // Tol sand
    0x44AA99,  // Tol teal
    0xAA4499,  // Tol purple
    0x999933,  // Tol olive
    0xCC6677,  // Tol rose
};

// Tableau 10 (matplotlib's default cycle), then the light tints of Tableau 20's first six.
constexpr std::array<QRgb, kSize> kTableau = {
    0x1F77B4, 0xFF7F0E, 0x2CA02C, 0xD62728, 0x9467BD, 0x8C564B, 0xE377C2, 0x7F7F7F,
    0xBCBD22, 0x17BECF, 0xAEC7E8, 0xFFBB78, 0x98DF8A, 0xFF9896, 0xC5B0D5, 0xC49C94,
};

// The lightest shade still tints the background this much; the exponent keeps middling weights
// (typical for a dominant expert averaged over many sites) saturated enough to tell colours apart.
constexpr double kMinShade = 0.22, kShadeExponent = 0.75;

double linear(double channel)
{
    return channel <= 0.04045 ? channel / 12.92 : std::pow((channel + 0.055) / 1.055, 2.4);
}

}  // namespace

QString schemeName(Scheme scheme)
{
    return scheme == Scheme::Tableau ? QStringLiteral("Tableau (matplotlib)") : QStringLiteral("Colour-blind safe (Okabe\u2013Ito)");
}

QColor color(int index, Scheme scheme)
{
    if (index < 0)
        return QColor(0x9E, 0x9E, 0x9E);
    const auto& table = scheme == Scheme::Tableau ? kTableau : kColors;
    return QColor::fromRgb(table[static_cast<std::size_t>(index % kSize)]);
}

QList<QColor> colors(int count, Scheme scheme)
{
    QList<QColor> out;
    out.reserve(std::max(count, 0));
    for (int i = 0; i < count; ++i)
        out.append(color(i, scheme));
    return out;
}

QColor shade(const QColor& base, double weight, const QColor& background)
{
    const double w = std::isfinite(weight) ? std::clamp(weight, 0.0, 1.0) : 0.0;
    const double t = kMinShade + (1.0 - kMinShade) * std::pow(w, kShadeExponent);
    const auto mix = [t](double a, double b) { return static_cast<int>(std::lround(b + (a - b) * t)); };
    return QColor(mix(base.red(), background.red()), mix(base.green(), background.green()),
                  mix(base.blue(), background.blue()));
}

double relativeLuminance(const QColor& c)
{
    return 0.2126 * linear(c.redF()) + 0.7152 * linear(c.greenF()) + 0.0722 * linear(c.blueF());
}

QColor textColorOn(const QColor& background)
{
    // Contrast with black (L + 0.05) / 0.05 against white 1.05 / (L + 0.05): equal at L ≈ 0.179.
    return relativeLuminance(background) > 0.179 ? QColor(0x1A, 0x1A, 0x1A) : QColor(Qt::white);
}

}  // namespace moe::ExpertPalette
