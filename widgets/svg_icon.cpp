#include "widgets/svg_icon.h"

#include <QApplication>
#include <QIconEngine>
#include <QImage>
#include <QPainter>
#include <QPalette>
#include <QPixmap>
#include <QSvgRenderer>

#include <memory>

namespace moe {
namespace {

class SvgIconEngine : public QIconEngine {
public:
    SvgIconEngine(std::shared_ptr<QSvgRenderer> renderer, bool tinted)
        : m_renderer(std::move(renderer)), m_tinted(tinted)
    {
    }

    void paint(QPainter* painter, const QRect& rect, QIcon::Mode mode, QIcon::State state) override
    {
        const qreal dpr = painter->device() ? painter->device()->devicePixelRatioF() : 1.0;
        QImage image = render(rect.size(), dpr, mode);
        painter->drawImage(rect, image);
        Q_UNUSED(state);
    }

    QPixmap pixmap(const QSize& size, QIcon::Mode mode, QIcon::State state) override
    {
        return scaledPixmap(size, mode, state, 1.0);
    }

    QPixmap scaledPixmap(const QSize& size, QIcon::Mode mode, QIcon::State state, qreal scale) override
    {
        Q_UNUSED(state);
        QPixmap pixmap = QPixmap::fromImage(render(size, scale, mode));
        pixmap.setDevicePixelRatio(scale);
        return pixmap;
    }

    QSize actualSize(const QSize& size, QIcon::Mode, QIcon::State) override { return size; }

    // Scalable, but window systems that want a list of sizes (e.g. X11 window icons) get the usual ones.
    QList<QSize> availableSizes(QIcon::Mode, QIcon::State) override
    {
        QList<QSize> sizes;
        for (int side : {16, 22, 24, 32, 48, 64, 128, 256})
            sizes.append(QSize(side, side));
        return sizes;
    }

    QIconEngine* clone() const override { return new SvgIconEngine(m_renderer, m_tinted); }

    QString key() const override { return QStringLiteral("moe.svg"); }

private:
    QImage render(const QSize& size, qreal dpr, QIcon::Mode mode) const
    {
        const QSize device = (QSizeF(size) * dpr).toSize();
        QImage image(device.isEmpty() ? QSize(1, 1) : device, QImage::Format_ARGB32_Premultiplied);
        image.fill(Qt::transparent);
        if (device.isEmpty())
            return image;
        QPainter painter(&image);
        painter.setRenderHint(QPainter::Antialiasing);
        // Keep the artwork's aspect ratio and centre it.
        QSizeF target = m_renderer->defaultSize();
        target.scale(QSizeF(device), Qt::KeepAspectRatio);
        const QRectF bounds((device.width() - target.width()) / 2, (device.height() - target.height()) / 2,
                            target.width(), target.height());
        if (!m_tinted && mode == QIcon::Disabled)
            painter.setOpacity(0.4);
        m_renderer->render(&painter, bounds);
        if (m_tinted) {
            painter.setOpacity(1.0);
            painter.setCompositionMode(QPainter::CompositionMode_SourceIn);
            painter.fillRect(image.rect(), colour(mode));
        }
        painter.end();
        image.setDevicePixelRatio(dpr);
        return image;
    }

    static QColor colour(QIcon::Mode mode)
    {
        const QPalette palette = QApplication::palette();
        switch (mode) {
        case QIcon::Disabled:
            return palette.color(QPalette::Disabled, QPalette::WindowText);
        case QIcon::Selected:
            return palette.color(QPalette::Active, QPalette::HighlightedText);
        case QIcon::Normal:
        case QIcon::Active:
            break;
        }
        return palette.color(QPalette::Active, QPalette::WindowText);
    }

    std::shared_ptr<QSvgRenderer> m_renderer;
    bool m_tinted = false;
};

QIcon makeIcon(const QString& svgPath, bool tinted)
{
    auto renderer = std::make_shared<QSvgRenderer>(svgPath);
    if (!renderer->isValid())
        return {};
    return QIcon(new SvgIconEngine(std::move(renderer), tinted));
}

}  // namespace

QIcon paletteIcon(const QString& svgPath)
{
    return makeIcon(svgPath, true);
}

QIcon svgIcon(const QString& svgPath)
{
    return makeIcon(svgPath, false);
}

}  // namespace moe
