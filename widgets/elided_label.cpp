#include "widgets/elided_label.h"

#include <QPainter>
#include <QStyle>

namespace moe {

ElidedLabel::ElidedLabel(QWidget* parent) : ElidedLabel(QString(), parent) {}

ElidedLabel::ElidedLabel(const QString& text, QWidget* parent) : QFrame(parent)
{
    setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    setText(text);
}

void ElidedLabel::setText(const QString& text)
{
    if (text == m_text)
        return;
    m_text = text;
    setToolTip(text);
    setAccessibleName(text.isEmpty() ? m_placeholder : text);
    updateGeometry();
    update();
    emit textChanged(m_text);
}

void ElidedLabel::setPlaceholderText(const QString& text)
{
    m_placeholder = text;
    if (m_text.isEmpty())
        setAccessibleName(text);
    update();
}

void ElidedLabel::setElideMode(Qt::TextElideMode mode)
{
    m_elideMode = mode;
    update();
}

QString ElidedLabel::displayedText() const
{
    const QString& shown = m_text.isEmpty() ? m_placeholder : m_text;
    return fontMetrics().elidedText(shown, m_elideMode, contentsRect().width());
}

QSize ElidedLabel::sizeHint() const
{
    const QString& shown = m_text.isEmpty() ? m_placeholder : m_text;
    const QMargins m = contentsMargins();
    return {fontMetrics().horizontalAdvance(shown) + m.left() + m.right(),
            fontMetrics().height() + m.top() + m.bottom()};
}

QSize ElidedLabel::minimumSizeHint() const
{
    const QMargins m = contentsMargins();
    return {fontMetrics().horizontalAdvance(QStringLiteral("…")) + m.left() + m.right(),
            fontMetrics().height() + m.top() + m.bottom()};
}

void ElidedLabel::paintEvent(QPaintEvent* event)
{
    QFrame::paintEvent(event);
    QPainter painter(this);
    const QPalette::ColorGroup group = isEnabled() && !m_text.isEmpty() ? QPalette::Active : QPalette::Disabled;
    painter.setPen(palette().color(group, QPalette::WindowText));
    const Qt::Alignment align = QStyle::visualAlignment(layoutDirection(), Qt::AlignLeft | Qt::AlignVCenter);
    painter.drawText(contentsRect(), int(align), displayedText());
}

}  // namespace moe
