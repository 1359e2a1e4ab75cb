#include "widgets/figure_export.h"

#include <qcustomplot.h>

#include <QBuffer>
#include <QFileInfo>
#include <QPageSize>
#include <QPdfWriter>
#include <QSaveFile>
#include <QSvgGenerator>

#include <cmath>

namespace moe {
namespace {

constexpr double kBaseDpi = 96.0;

void paintVector(QPaintDevice* device, const FigurePainter& paint, const QSize& size, double scale)
{
    QCPPainter painter(device);
    painter.setMode(QCPPainter::pmVectorized);
    painter.setMode(QCPPainter::pmNoCaching);
    painter.scale(scale, scale);
    paint(&painter, size);
}

}  // namespace

std::optional<FigureFormat> figureFormatForPath(const QString& path)
{
    const QString suffix = QFileInfo(path).suffix().toLower();
    if (suffix == QLatin1String("png")) return FigureFormat::Png;
    if (suffix == QLatin1String("svg")) return FigureFormat::Svg;
    if (suffix == QLatin1String("pdf")) return FigureFormat::Pdf;
    return std::nullopt;
}

QImage renderFigureImage(const FigurePainter& paint, const QSize& size, int dpi)
{
    const double scale = dpi / kBaseDpi;
    QImage image(QSize(qRound(size.width() * scale), qRound(size.height() * scale)), QImage::Format_ARGB32_Premultiplied);
    if (image.isNull())
        return image;
    image.fill(Qt::white);
    {
        // The image keeps its default 96-dpi metrics while painting, so fonts are sized as on screen
        // and the painter's scale alone makes the figure larger.
        QCPPainter painter(&image);
        painter.setMode(QCPPainter::pmNoCaching);
        painter.setRenderHint(QPainter::Antialiasing);
        painter.setRenderHint(QPainter::TextAntialiasing);
        painter.setRenderHint(QPainter::SmoothPixmapTransform);
        painter.scale(scale, scale);
        paint(&painter, size);
    }
    const int dpm = qRound(dpi / 0.0254);
    image.setDotsPerMeterX(dpm);
    image.setDotsPerMeterY(dpm);
    return image;
}

QByteArray renderFigureSvg(const FigurePainter& paint, const QSize& size, const QString& title)
{
    QBuffer buffer;
    buffer.open(QIODevice::WriteOnly);
    QSvgGenerator svg;
    svg.setOutputDevice(&buffer);
    svg.setSize(size);
    svg.setViewBox(QRect(QPoint(0, 0), size));
    svg.setResolution(qRound(kBaseDpi));
    svg.setTitle(title);
    svg.setDescription(QStringLiteral("Made with MoE Studio"));
    paintVector(&svg, paint, size, 1.0);
    return buffer.data();
}

bool saveFigure(const FigurePainter& paint, const QSize& size, const QString& path, FigureFormat format, int dpi,
                const QString& title, QString* error)
{
    const auto fail = [&](const QString& why) {
        if (error) *error = QStringLiteral("%1: %2").arg(path, why);
        return false;
    };
    if (size.isEmpty())
        return fail(QStringLiteral("the figure is empty"));
    if (format == FigureFormat::Png && (dpi < 10 || dpi > 2400))
        return fail(QStringLiteral("DPI %1 is out of range [10, 2400]").arg(dpi));
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return fail(file.errorString());
    switch (format) {
    case FigureFormat::Png: {
        const QImage image = renderFigureImage(paint, size, dpi);
        if (image.isNull() || !image.save(&file, "PNG"))
            return fail(QStringLiteral("cannot encode the image (%1 × %2 pixels)").arg(image.width()).arg(image.height()));
        break;
    }
    case FigureFormat::Svg:
        file.write(renderFigureSvg(paint, size, title));
        break;
    case FigureFormat::Pdf: {
        QPdfWriter pdf(&file);
        pdf.setTitle(title);
        pdf.setCreator(QStringLiteral("MoE Studio"));
        pdf.setResolution(qRound(kBaseDpi));
        pdf.setPageSize(QPageSize(QSizeF(size) * 72.0 / kBaseDpi, QPageSize::Point, QString(), QPageSize::ExactMatch));
        pdf.setPageMargins(QMarginsF(0, 0, 0, 0));
        paintVector(&pdf, paint, size, 1.0);
        break;
    }
    }
    if (!file.commit())
        return fail(file.errorString());
    return true;
}

}  // namespace moe
