#include "widgets/token_view.h"

#include "widgets/expert_palette.h"
#include "widgets/token_text.h"

#include <QHelpEvent>
#include <QKeyEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QScrollBar>
#include <QToolTip>

#include <algorithm>

namespace moe {
namespace {

constexpr qreal kMargin = 8, kPadX = 5, kPadY = 2.5, kGapX = 3, kGapY = 5, kRadius = 4;

}  // namespace

TokenView::TokenView(QWidget* parent) : QAbstractScrollArea(parent)
{
    setFocusPolicy(Qt::StrongFocus);
    setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    viewport()->setMouseTracking(true);
    viewport()->setBackgroundRole(QPalette::Base);
    setAccessibleName(tr("Tokens"));
}

void TokenView::setTokens(const QStringList& tokens)
{
    m_tokens = tokens;
    m_chips.clear();
    for (const QString& t : tokens)
        m_chips.append(visibleToken(t));
    m_weights.clear();
    m_dominant.clear();
    m_numExperts = 0;
    m_selected = -1;
    relayout();
}

void TokenView::setWeights(const QList<float>& weights, int numExperts, const QList<int>& dominant)
{
    const bool ok = numExperts > 0 && weights.size() == qsizetype(m_tokens.size()) * numExperts &&
                    dominant.size() == m_tokens.size();
    m_weights = ok ? weights : QList<float>();
    m_dominant = ok ? dominant : QList<int>();
    m_numExperts = ok ? numExperts : 0;
    viewport()->update();
}

void TokenView::setExperts(const QStringList& names, const QList<QColor>& colors)
{
    m_names = names;
    m_colors = colors;
    viewport()->update();
}

QString TokenView::displayText(int index) const
{
    return index >= 0 && index < m_chips.size() ? m_chips[index].text : QString();
}

QColor TokenView::chipColor(int index) const
{
    return chipColorOn(index, palette().color(QPalette::Base));
}

QColor TokenView::chipColorOn(int index, const QColor& background) const
{
    if (index < 0 || index >= m_tokens.size() || m_dominant.isEmpty() || m_dominant[index] < 0)
        return ExpertPalette::shade(QColor(0x9E, 0x9E, 0x9E), 0.25, background);
    const int e = m_dominant[index];
    const QColor base = e < m_colors.size() ? m_colors[e] : ExpertPalette::color(e);
    return ExpertPalette::shade(base, m_weights[qsizetype(index) * m_numExperts + e], background);
}

QRect TokenView::chipRect(int index) const
{
    if (index < 0 || index >= m_rects.size())
        return {};
    return m_rects[index].translated(0, -verticalScrollBar()->value()).toAlignedRect();
}

int TokenView::tokenAt(const QPoint& pos) const
{
    const QPointF p(pos.x(), pos.y() + verticalScrollBar()->value());
    // Rows are in order: binary search on the bottom edge, then scan the row.
    auto it = std::lower_bound(m_rects.begin(), m_rects.end(), p.y(), [](const QRectF& r, qreal y) { return r.bottom() < y; });
    for (; it != m_rects.end() && it->top() <= p.y(); ++it)
        if (it->contains(p))
            return static_cast<int>(it - m_rects.begin());
    return -1;
}

QString TokenView::toolTipText(int index) const
{
    if (index < 0 || index >= m_tokens.size())
        return {};
    const float* w = m_numExperts ? m_weights.constData() + qsizetype(index) * m_numExperts : nullptr;
    return tokenWeightsToolTip(m_chips[index].text, index, w, m_numExperts, m_dominant.value(index, -1), m_names, m_colors);
}

QList<QRectF> TokenView::layoutChips(const QFontMetricsF& fm, qreal width, qreal* height) const
{
    QList<QRectF> rects;
    rects.reserve(m_chips.size());
    const qreal h = fm.height() + 2 * kPadY, right = std::max(width - kMargin, kMargin + 40);
    qreal x = kMargin, y = kMargin;
    for (const VisibleToken& chip : m_chips) {
        const qreal w = std::min(std::max(fm.horizontalAdvance(chip.text) + 2 * kPadX, h * 0.8), right - kMargin);
        if (x > kMargin && x + w > right) {
            x = kMargin;
            y += h + kGapY;
        }
        rects.append(QRectF(x, y, w, h));
        x += w + kGapX;
        if (chip.lineBreak) {
            x = kMargin;
            y += h + kGapY;
        }
    }
    const qreal last = rects.isEmpty() ? kMargin : rects.last().bottom();
    *height = last + kMargin;
    return rects;
}

void TokenView::paintChips(QPainter* p, const QList<QRectF>& rects, const QRectF& clip, const QPointF& offset,
                           const QColor& background, bool withSelection) const
{
    p->setRenderHint(QPainter::Antialiasing);
    const QFontMetricsF fm = p->fontMetrics();
    for (int i = 0; i < rects.size(); ++i) {
        const QRectF r = rects[i].translated(offset);
        if (!r.intersects(clip))
            continue;
        const QColor fill = chipColorOn(i, background);
        p->setPen(Qt::NoPen);
        p->setBrush(fill);
        p->drawRoundedRect(r, kRadius, kRadius);
        const QColor text = ExpertPalette::textColorOn(fill);
        QColor faint = text;
        faint.setAlphaF(0.45);
        // Draw in runs of ordinary characters and whitespace marks so that the marks stay faint.
        const VisibleToken& chip = m_chips[i];
        const QString shown = fm.elidedText(chip.text, Qt::ElideRight, r.width() - 2 * kPadX + 0.5);
        qreal x = r.left() + kPadX;
        const qreal baseline = r.top() + kPadY + fm.ascent();
        for (qsizetype a = 0; a < shown.size();) {
            const bool f = a < chip.faint.size() && chip.faint[a] && shown != QStringLiteral("\u2026");
            qsizetype b = a + 1;
            while (b < shown.size() && (b < chip.faint.size() && chip.faint[b]) == f) ++b;
            const QString run = shown.mid(a, b - a);
            p->setPen(f ? faint : text);
            p->drawText(QPointF(x, baseline), run);
            x += fm.horizontalAdvance(run);
            a = b;
        }
    }
    if (withSelection && m_selected >= 0 && m_selected < rects.size()) {
        QPen pen(palette().color(QPalette::Highlight), 2.5);
        p->setPen(pen);
        p->setBrush(Qt::NoBrush);
        p->drawRoundedRect(rects[m_selected].translated(offset).adjusted(-1.5, -1.5, 1.5, 1.5), kRadius + 1.5, kRadius + 1.5);
    }
}

void TokenView::renderTokens(QPainter* painter, const QRectF& target, const QColor& background) const
{
    painter->save();
    painter->setFont(font());
    qreal height = 0;
    const QList<QRectF> rects = layoutChips(painter->fontMetrics(), target.width(), &height);
    paintChips(painter, rects, QRectF(target.topLeft(), QSizeF(target.width(), height)), target.topLeft(), background, false);
    painter->restore();
}

int TokenView::contentHeightForWidth(int width) const
{
    qreal height = 0;
    layoutChips(QFontMetricsF(font()), width, &height);
    return qCeil(height);
}

QSize TokenView::sizeHint() const { return {480, 160}; }
QSize TokenView::minimumSizeHint() const { return {120, qCeil(QFontMetricsF(font()).height() * 2 + 4 * kMargin)}; }

void TokenView::relayout()
{
    m_rects = layoutChips(QFontMetricsF(font()), viewport()->width(), &m_contentHeight);
    verticalScrollBar()->setPageStep(viewport()->height());
    verticalScrollBar()->setSingleStep(qRound(QFontMetricsF(font()).height() + kGapY + 2 * kPadY));
    verticalScrollBar()->setRange(0, std::max(0, qCeil(m_contentHeight) - viewport()->height()));
    viewport()->update();
}

void TokenView::paintEvent(QPaintEvent* event)
{
    QPainter p(viewport());
    p.setFont(font());
    paintChips(&p, m_rects, QRectF(event->rect()), QPointF(0, -verticalScrollBar()->value()), palette().color(QPalette::Base), true);
}

void TokenView::resizeEvent(QResizeEvent* event)
{
    QAbstractScrollArea::resizeEvent(event);
    relayout();
}

void TokenView::changeEvent(QEvent* event)
{
    QAbstractScrollArea::changeEvent(event);
    if (event->type() == QEvent::FontChange)
        relayout();
    else if (event->type() == QEvent::PaletteChange)
        viewport()->update();
}

void TokenView::select(int index, bool notify)
{
    if (index < -1 || index >= m_tokens.size())
        return;
    if (index != m_selected) {
        m_selected = index;
        viewport()->update();
    }
    ensureVisible(index);
    if (notify)
        emit tokenClicked(index);
}

void TokenView::setSelectedToken(int index)
{
    select(index, false);
}

void TokenView::ensureVisible(int index)
{
    if (index < 0 || index >= m_rects.size())
        return;
    const QRectF r = m_rects[index];
    QScrollBar* bar = verticalScrollBar();
    if (r.top() - kGapY < bar->value())
        bar->setValue(qFloor(r.top() - kGapY));
    else if (r.bottom() + kGapY > bar->value() + viewport()->height())
        bar->setValue(qCeil(r.bottom() + kGapY - viewport()->height()));
}

void TokenView::mousePressEvent(QMouseEvent* event)
{
    const int index = tokenAt(event->position().toPoint());
    if (event->button() == Qt::LeftButton && index >= 0)
        select(index, true);
    QAbstractScrollArea::mousePressEvent(event);
}

void TokenView::keyPressEvent(QKeyEvent* event)
{
    const int last = static_cast<int>(m_tokens.size()) - 1;
    int next = m_selected;
    switch (event->key()) {
    case Qt::Key_Left: next = std::max(0, m_selected - 1); break;
    case Qt::Key_Right: next = std::min(last, m_selected + 1); break;
    case Qt::Key_Home: next = 0; break;
    case Qt::Key_End: next = last; break;
    default: QAbstractScrollArea::keyPressEvent(event); return;
    }
    if (last >= 0 && next != m_selected)
        select(next, true);
}

bool TokenView::viewportEvent(QEvent* event)
{
    if (event->type() == QEvent::ToolTip) {
        const auto* help = static_cast<QHelpEvent*>(event);
        const int index = tokenAt(help->pos());
        if (index >= 0)
            QToolTip::showText(help->globalPos(), toolTipText(index), viewport(), chipRect(index));
        else
            QToolTip::hideText();
        return true;
    }
    if (event->type() == QEvent::MouseMove) {
        const auto* move = static_cast<QMouseEvent*>(event);
        viewport()->setCursor(tokenAt(move->position().toPoint()) >= 0 ? Qt::PointingHandCursor : Qt::ArrowCursor);
    }
    return QAbstractScrollArea::viewportEvent(event);
}

}  // namespace moe
