#pragma once
// Writes a figure — anything that paints itself with a QCPPainter at a logical size in 96-dpi pixels —
// as PNG (at a chosen DPI: the image is size × dpi / 96 pixels and records the DPI), SVG or PDF
// (vector; the page is the logical size at 96 dpi). Files are written atomically (QSaveFile).

#include <QByteArray>
#include <QImage>
#include <QSize>
#include <QString>

#include <functional>
#include <optional>

class QCPPainter;

namespace moe {

enum class FigureFormat { Png, Svg, Pdf };

// From the file name's suffix (case-insensitive); nullopt for anything else.
std::optional<FigureFormat> figureFormatForPath(const QString& path);

// Paints the figure into a painter whose coordinates are logical pixels in [0, size).
using FigurePainter = std::function<void(QCPPainter* painter, const QSize& size)>;

// The figure as an image of size × dpi / 96 pixels, with the DPI recorded in it.
QImage renderFigureImage(const FigurePainter& paint, const QSize& size, int dpi);
// The figure as an SVG document.
QByteArray renderFigureSvg(const FigurePainter& paint, const QSize& size, const QString& title);

// Writes the figure to `path`; on failure returns false and says why in `error`.
bool saveFigure(const FigurePainter& paint, const QSize& size, const QString& path, FigureFormat format, int dpi,
                const QString& title, QString* error);

}  // namespace moe
