// Renders the application icon (SVG) into the PNG sizes of the hicolor icon theme at build time, so
// neither the repository nor the package build needs committed bitmaps or an image converter.
//
//   moe_render_icon ICON.svg OUT_DIR NAME SIZE...   writes OUT_DIR/<SIZE>x<SIZE>/apps/NAME.png

#include <QDir>
#include <QImage>
#include <QPainter>
#include <QSvgRenderer>

#include <cstdio>

int main(int argc, char** argv)
{
    if (argc < 5) {
        std::fputs("usage: moe_render_icon ICON.svg OUT_DIR NAME SIZE...\n", stderr);
        return 2;
    }
    // No application object: painting shapes into a QImage needs none (only text would, for fonts), so
    // this runs on build machines without a display and without a Qt platform plugin.
    QSvgRenderer svg(QString::fromLocal8Bit(argv[1]));
    if (!svg.isValid()) {
        std::fprintf(stderr, "moe_render_icon: %s: not a valid SVG file\n", argv[1]);
        return 2;
    }
    const QString outDir = QString::fromLocal8Bit(argv[2]);
    const QString name = QString::fromLocal8Bit(argv[3]);
    for (int i = 4; i < argc; ++i) {
        bool ok = false;
        const int size = QString::fromLocal8Bit(argv[i]).toInt(&ok);
        if (!ok || size < 1 || size > 4096) {
            std::fprintf(stderr, "moe_render_icon: %s: expected a size from 1 to 4096\n", argv[i]);
            return 2;
        }
        QImage image(size, size, QImage::Format_ARGB32_Premultiplied);
        image.fill(Qt::transparent);
        image.setDotsPerMeterX(3780);  // 96 dpi, the same bytes on every machine
        image.setDotsPerMeterY(3780);
        {
            QPainter painter(&image);
            painter.setRenderHints(QPainter::Antialiasing | QPainter::SmoothPixmapTransform);
            svg.render(&painter, QRectF(0, 0, size, size));
        }
        const QString dir = QStringLiteral("%1/%2x%2/apps").arg(outDir).arg(size);
        const QString file = QStringLiteral("%1/%2.png").arg(dir, name);
        if (!QDir().mkpath(dir) || !image.save(file, "PNG")) {
            std::fprintf(stderr, "moe_render_icon: %s: cannot write\n", qPrintable(file));
            return 1;
        }
    }
    return 0;
}
