#include "widgets/expert_legend.h"

#include <QPainter>

namespace moe {

ExpertLegend::ExpertLegend(QWidget* parent) : QWidget(parent)
{
    setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Fixed);
}

void ExpertLegend::setExperts(const QStringList& names, const QList<QColor>& colors)
{
    m_names = names;
    m_colors = colors;
    m_shares.clear();
    setToolTip(QString());
    updateGeometry();
    update();
}

void ExpertLegend::setShares(const QList<double>& shares)
{
    m_shares = shares.size() == m_names.size() ? shares : QList<double>();
    setToolTip(m_shares.isEmpty() ? QString() : tr("Share of tokens whose dominant expert this is"));
    update();
}

int ExpertLegend::rowHeight() const
{
    return fontMetrics().height() + 10;
}

int ExpertLegend::heightForWidth(int) const
{
    return static_cast<int>(m_names.size()) * rowHeight() + 2;
}

QSize ExpertLegend::sizeHint() const
{
    return {200, heightForWidth(200)};
}

QSize ExpertLegend::minimumSizeHint() const
{
    return {120, heightForWidth(120)};
}

void ExpertLegend::paintEvent(QPaintEvent*)
{
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    const QFontMetrics fm = fontMetrics();
    const int h = rowHeight(), swatch = fm.height() - 2;
    QColor faint = palette().color(QPalette::WindowText);
    faint.setAlphaF(0.6);
    QColor track = palette().color(QPalette::WindowText);
    track.setAlphaF(0.1);
    const int numberWidth = m_shares.isEmpty() ? 0 : fm.horizontalAdvance(QStringLiteral("100.0 %")) + 6;
    for (int i = 0; i < m_names.size(); ++i) {
        const int top = i * h + 1;
        const QColor c = m_colors.value(i, palette().color(QPalette::Mid));
        p.setPen(QPen(c.darker(130), 1));
        p.setBrush(c);
        p.drawRoundedRect(QRectF(1.5, top + (h - swatch) / 2.0 - 2, swatch, swatch), 3, 3);
        const QRect text(swatch + 9, top, width() - swatch - 9 - numberWidth, h - 4);
        p.setPen(palette().color(QPalette::WindowText));
        p.drawText(text, Qt::AlignVCenter | Qt::AlignLeft, fm.elidedText(m_names[i], Qt::ElideMiddle, text.width()));
        if (m_shares.isEmpty())
            continue;
        const double s = std::clamp(m_shares[i], 0.0, 1.0);
        p.setPen(faint);
        p.drawText(QRect(width() - numberWidth, top, numberWidth, h - 4), Qt::AlignVCenter | Qt::AlignRight,
                   QStringLiteral("%1 %").arg(s * 100, 0, 'f', 1));
        const QRectF bar(swatch + 9, top + h - 5, width() - swatch - 10, 2.5);
        p.setPen(Qt::NoPen);
        p.setBrush(track);
        p.drawRoundedRect(bar, 1.2, 1.2);
        p.setBrush(c);
        p.drawRoundedRect(QRectF(bar.topLeft(), QSizeF(bar.width() * s, bar.height())), 1.2, 1.2);
    }
}

}  // namespace moe
