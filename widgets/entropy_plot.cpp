#include "widgets/entropy_plot.h"

#include "widgets/expert_palette.h"

#include <algorithm>
#include <cmath>

namespace moe {

EntropyPlot::EntropyPlot(QWidget* parent) : ThemedPlot(parent)
{
    m_entropy = addGraph(xAxis, yAxis);
    m_entropy->setName(tr("routing entropy (nats)"));
    m_entropy->addToLegend();
    m_cv = addGraph(xAxis, yAxis2);
    m_cv->setName(tr("load CV (right axis)"));
    m_cv->addToLegend();

    m_ceiling = new QCPItemStraightLine(this);
    m_ceiling->setClipToAxisRect(true);
    m_ceilingLabel = new QCPItemText(this);
    m_ceilingLabel->setClipToAxisRect(true);
    m_ceilingLabel->position->setAxes(xAxis, yAxis);
    m_ceilingLabel->setPositionAlignment(Qt::AlignLeft | Qt::AlignBottom);

    xAxis->setLabel(tr("block"));
    yAxis->setLabel(tr("entropy (nats)"));
    yAxis2->setLabel(tr("load coefficient of variation"));
    QSharedPointer<QCPAxisTickerFixed> ticker(new QCPAxisTickerFixed);
    ticker->setTickStep(1);
    ticker->setScaleStrategy(QCPAxisTickerFixed::ssMultiples);
    xAxis->setTicker(ticker);
    xAxis->grid()->setVisible(false);
    placeLegendOnTop(3);
    applyPalette(palette());
}

void EntropyPlot::setData(const QList<int>& blocks, const QList<double>& entropy, double maxEntropy,
                          const QList<double>& loadCv)
{
    QVector<double> x, h, cv;
    for (int i = 0; i < blocks.size() && i < entropy.size(); ++i) {
        x.append(blocks[i]);
        h.append(entropy[i]);
        if (loadCv.size() == blocks.size()) cv.append(loadCv[i]);
    }
    m_entropy->setData(x, h, true);
    m_cv->setData(cv.isEmpty() ? QVector<double>() : x, cv, true);
    const bool showCv = !cv.isEmpty();
    m_cv->setVisible(showCv);
    yAxis2->setVisible(showCv);
    if (showCv) m_cv->addToLegend(); else m_cv->removeFromLegend();

    m_maxEntropy = maxEntropy;
    m_ceiling->setVisible(maxEntropy > 0);
    m_ceilingLabel->setVisible(maxEntropy > 0);
    m_ceiling->point1->setCoords(0, maxEntropy);
    m_ceiling->point2->setCoords(1, maxEntropy);
    m_ceilingLabel->setText(tr("uniform routing: ln E = %1").arg(maxEntropy, 0, 'f', 3));

    const double lo = x.isEmpty() ? 0 : x.first(), hi = x.isEmpty() ? 1 : x.last();
    const double pad = std::max(0.5, (hi - lo) * 0.03);
    xAxis->setRange(lo - pad, hi + pad);
    m_ceilingLabel->position->setCoords(lo - pad * 0.6, maxEntropy);
    double top = maxEntropy;
    for (const double v : h) top = std::max(top, v);
    yAxis->setRange(0, top > 0 ? top * 1.12 : 1);
    double cvTop = 0;
    for (const double v : cv) cvTop = std::max(cvTop, v);
    yAxis2->setRange(0, cvTop > 0 ? cvTop * 1.15 : 1);
    restyle(plotPalette());
    replot(rpQueuedReplot);
}

void EntropyPlot::restyle(const QPalette& p)
{
    const QColor hColor = ExpertPalette::color(0), cvColor = ExpertPalette::color(3);
    m_entropy->setPen(QPen(hColor, 2));
    m_entropy->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle, QPen(hColor, 1.5), p.color(QPalette::Base), 7));
    m_cv->setPen(QPen(cvColor, 1.6, Qt::DashLine));
    m_cv->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssSquare, QPen(cvColor, 1.2), p.color(QPalette::Base), 5));
    QColor ref = p.color(QPalette::Text);
    ref.setAlphaF(0.55);
    m_ceiling->setPen(QPen(ref, 1.2, Qt::DashLine));
    m_ceilingLabel->setColor(ref);
    m_ceilingLabel->setFont(font());
}

}  // namespace moe
