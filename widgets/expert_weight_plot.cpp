#include "widgets/expert_weight_plot.h"

#include "widgets/expert_palette.h"

#include <algorithm>
#include <cmath>

namespace moe {

// Integer ticks on the token axis; once every token has room, each tick is labelled with its token.
class TokenAxisTicker : public QCPAxisTicker {
public:
    QStringList labels;
    bool textMode = false;

protected:
    double getTickStep(const QCPRange& range) override
    {
        if (textMode) return 1;
        const double raw = range.size() / std::max(1, tickCount());
        double step = 1;
        for (double magnitude = 1; step < raw; magnitude *= 10)
            for (double m : {1.0, 2.0, 5.0})
                if (step < raw) step = m * magnitude;
        return step;
    }
    int getSubTickCount(double) override { return 0; }
    QString getTickLabel(double tick, const QLocale&, QChar, int) override
    {
        const int i = qRound(tick);
        if (i < 0 || i >= labels.size()) return {};
        if (!textMode) return QString::number(i);
        const QString& s = labels[i];
        return s.size() > 12 ? s.left(11) + QChar(0x2026) : s;
    }
};

ExpertWeightPlot::ExpertWeightPlot(QWidget* parent) : ThemedPlot(parent), m_ticker(new TokenAxisTicker)
{
    m_ticker->setTickCount(10);
    xAxis->setTicker(m_ticker);
    xAxis->setLabel(tr("token"));
    xAxis->grid()->setVisible(false);
    yAxis->setLabel(tr("expert weight w\u0304(t, e)"));
    yAxis->setRange(0, 1.03);  // a little headroom so that the selection mark's top edge shows
    yAxis->ticker()->setTickCount(5);
    placeLegendOnTop(8);

    setInteractions(QCP::iRangeDrag | QCP::iRangeZoom);
    axisRect()->setRangeDrag(Qt::Horizontal);
    axisRect()->setRangeZoom(Qt::Horizontal);
    axisRect()->setRangeZoomFactor(0.85, 1.0);

    addLayer(QStringLiteral("marks"), layer(QStringLiteral("main")), limAbove);
    m_mark = new QCPItemRect(this);
    m_mark->setLayer(QStringLiteral("marks"));
    m_mark->setClipToAxisRect(true);
    m_mark->setVisible(false);
    m_message = new QCPItemText(this);
    m_message->setLayer(QStringLiteral("marks"));
    m_message->position->setType(QCPItemPosition::ptAxisRectRatio);
    m_message->position->setCoords(0.5, 0.5);
    m_message->setVisible(false);

    connect(xAxis, qOverload<const QCPRange&>(&QCPAxis::rangeChanged), this, &ExpertWeightPlot::onRangeChanged);
    applyPalette(palette());
}

void ExpertWeightPlot::rebuildBars(int numExperts)
{
    if (numExperts == m_bars.size())
        return;
    for (QCPBars* bars : std::as_const(m_bars))
        removePlottable(bars);
    m_bars.clear();
    legend->clearItems();
    QCPBars* below = nullptr;
    for (int e = 0; e < numExperts; ++e) {
        auto* bars = new QCPBars(xAxis, yAxis);
        bars->setWidth(0.82);
        bars->setStackingGap(0);
        bars->setPen(Qt::NoPen);
        bars->setAntialiased(false);
        if (below) bars->moveAbove(below);
        bars->addToLegend();
        m_bars.append(bars);
        below = bars;
    }
}

void ExpertWeightPlot::setData(const QStringList& labels, const QList<float>& weights, int numExperts)
{
    const bool sizeChanged = labels.size() != m_labels.size();
    m_labels = labels;
    m_ticker->labels = labels;
    if (numExperts > 0)
        rebuildBars(numExperts);
    const qsizetype T = labels.size();
    const bool ok = numExperts == m_bars.size() && weights.size() == T * numExperts;
    QVector<double> keys(T);
    for (qsizetype t = 0; t < T; ++t) keys[t] = double(t);
    for (int e = 0; e < m_bars.size(); ++e) {
        QVector<double> values(ok ? T : 0);
        for (qsizetype t = 0; ok && t < T; ++t) values[t] = weights[t * numExperts + e];
        m_bars[e]->setData(ok ? keys : QVector<double>(), values, true);
    }
    for (int e = 0; e < m_bars.size(); ++e)
        m_bars[e]->setName(m_names.value(e, tr("expert %1").arg(e)));
    if (m_selected >= T)
        setSelectedToken(-1);
    if (sizeChanged)
        setVisibleRange(-0.5, std::min<double>(T, 160) - 0.5);
    restyle(plotPalette());
    replot(rpQueuedReplot);
}

void ExpertWeightPlot::setExperts(const QStringList& names, const QList<QColor>& colors)
{
    m_names = names;
    m_colors = colors;
    rebuildBars(static_cast<int>(names.size()));
    for (int e = 0; e < m_bars.size(); ++e)
        m_bars[e]->setName(m_names.value(e));
    legend->setWrap(std::clamp(static_cast<int>(names.size()), 1, 8));
    restyle(plotPalette());
    replot(rpQueuedReplot);
}

void ExpertWeightPlot::setMessage(const QString& text)
{
    m_message->setText(text);
    m_message->setVisible(!text.isEmpty());
    replot(rpQueuedReplot);
}

double ExpertWeightPlot::barValue(int token, int expert) const
{
    QCPBars* bars = m_bars.value(expert);
    if (!bars || token < 0 || token >= bars->data()->size())
        return 0;
    return bars->data()->at(token)->value;
}

void ExpertWeightPlot::restyle(const QPalette& p)
{
    for (int e = 0; e < m_bars.size(); ++e)
        m_bars[e]->setBrush(m_colors.value(e, ExpertPalette::color(e)));
    // The mark must stand out on any expert colour: a text-coloured frame over a faint veil.
    QColor veil = p.color(QPalette::Base);
    veil.setAlphaF(0.35);
    m_mark->setPen(QPen(p.color(QPalette::Text), 2));
    m_mark->setBrush(veil);
    m_message->setColor(p.color(QPalette::PlaceholderText));
    m_message->setFont(font());
}

void ExpertWeightPlot::setDecorationsVisible(bool visible)
{
    m_mark->setVisible(visible && m_selected >= 0);
}

void ExpertWeightPlot::setSelectedToken(int index)
{
    if (index < -1 || index >= m_labels.size())
        return;
    m_selected = index;
    m_mark->setVisible(index >= 0);
    if (index >= 0) {
        m_mark->topLeft->setCoords(index - 0.5, 1.015);
        m_mark->bottomRight->setCoords(index + 0.5, 0);
        const QCPRange r = xAxis->range();
        if (index - 0.5 < r.lower || index + 0.5 > r.upper)
            setVisibleRange(index - r.size() / 2, index + r.size() / 2);
    }
    replot(rpQueuedReplot);
}

QCPRange ExpertWeightPlot::visibleRange() const
{
    return xAxis->range();
}

void ExpertWeightPlot::setVisibleRange(double lower, double upper)
{
    xAxis->setRange(lower, upper);  // clamped in onRangeChanged()
    updateTickMode();
    replot(rpQueuedReplot);
}

void ExpertWeightPlot::showAllTokens()
{
    setVisibleRange(-0.5, m_labels.size() - 0.5);
}

void ExpertWeightPlot::onRangeChanged(const QCPRange& range)
{
    if (m_inRangeChange)
        return;
    const double lo = -0.5, hi = std::max<double>(m_labels.size(), 1) - 0.5;
    const double size = std::clamp(range.size(), std::min(4.0, hi - lo), hi - lo);
    double lower = std::clamp(range.center() - size / 2, lo, hi - size);
    m_inRangeChange = true;
    xAxis->setRange(lower, lower + size);
    m_inRangeChange = false;
    updateTickMode();
    emit visibleRangeChanged(xAxis->range().lower, xAxis->range().upper);
}

void ExpertWeightPlot::updateTickMode()
{
    const double perToken = axisRect()->width() / std::max(1.0, xAxis->range().size());
    const bool text = perToken >= QFontMetricsF(font()).height() * 1.15;
    m_ticker->textMode = text;
    xAxis->setTickLabelRotation(text ? -55 : 0);
    xAxis->setLabel(text ? QString() : tr("token"));
}

void ExpertWeightPlot::draw(QCPPainter* painter)
{
    updateLayout();  // token labels or numbers, depending on the width being drawn (screen or export)
    updateTickMode();
    ThemedPlot::draw(painter);
}

void ExpertWeightPlot::mousePressEvent(QMouseEvent* event)
{
    m_pressPos = event->pos();
    ThemedPlot::mousePressEvent(event);
}

void ExpertWeightPlot::mouseReleaseEvent(QMouseEvent* event)
{
    ThemedPlot::mouseReleaseEvent(event);
    if (event->button() != Qt::LeftButton || (event->pos() - m_pressPos).manhattanLength() > 4 ||
        !axisRect()->rect().contains(event->pos()))
        return;
    const int index = qRound(xAxis->pixelToCoord(event->pos().x()));
    if (index >= 0 && index < m_labels.size()) {
        setSelectedToken(index);
        emit tokenClicked(index);
    }
}

}  // namespace moe
