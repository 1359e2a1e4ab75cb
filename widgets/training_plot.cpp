#include "widgets/training_plot.h"

#include "widgets/expert_palette.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace moe {

TrainingPlot::TrainingPlot(QWidget* parent) : ThemedPlot(parent)
{
    xAxis->setLabel(tr("step"));
    placeLegendOnTop(3);
    setStepRange(0, 1);
    applyPalette(palette());
}

int TrainingPlot::addSeries(const QString& name, int colorIndex, bool markers)
{
    Series s;
    s.graph = addGraph(xAxis, yAxis);
    s.graph->setName(name);
    s.graph->addToLegend();
    s.color = colorIndex;
    s.markers = markers;
    m_series.append(s);
    restyle(plotPalette());
    return static_cast<int>(m_series.size()) - 1;
}

int TrainingPlot::pointCount(int series) const
{
    const QCPGraph* g = this->series(series);
    return g ? g->dataCount() : 0;
}

double TrainingPlot::lastValue(int series) const
{
    const QCPGraph* g = this->series(series);
    return g && g->dataCount() > 0 ? (g->data()->constEnd() - 1)->value : std::numeric_limits<double>::quiet_NaN();
}

void TrainingPlot::append(int series, double step, double value)
{
    if (QCPGraph* g = this->series(series); g && std::isfinite(value)) g->addData(step, value);
}

void TrainingPlot::clearData()
{
    for (const Series& s : m_series) s.graph->data()->clear();
    refresh();
}

void TrainingPlot::setStepRange(double first, double last)
{
    m_first = first;
    m_last = std::max(last, first + 1);
    xAxis->setRange(m_first, m_last);
    replot(rpQueuedReplot);
}

void TrainingPlot::refresh()
{
    double lo = std::numeric_limits<double>::infinity(), hi = -lo;
    for (const Series& s : m_series) {
        bool found = false;
        const QCPRange r = s.graph->getValueRange(found);
        if (!found) continue;
        lo = std::min(lo, r.lower);
        hi = std::max(hi, r.upper);
    }
    if (!std::isfinite(lo)) {
        yAxis->setRange(0, 1);
    } else {
        // Fitted to the data (a small decrease of a large loss still shows), down to 0 when the curve
        // comes closer to it than its own span.
        const double pad = std::max((hi - lo) * 0.08, std::abs(hi) * 0.02 + 1e-9);
        const double bottom = lo >= 0 && lo < hi - lo ? 0.0 : lo - pad;
        yAxis->setRange(bottom, hi + pad);
    }
    xAxis->setRange(m_first, m_last);
    replot(rpQueuedReplot);
}

void TrainingPlot::restyle(const QPalette& p)
{
    for (const Series& s : m_series) {
        const QColor c = ExpertPalette::color(s.color);
        s.graph->setPen(QPen(c, s.markers ? 1.4 : 1.8));
        s.graph->setScatterStyle(s.markers ? QCPScatterStyle(QCPScatterStyle::ssCircle, QPen(c, 1.5), p.color(QPalette::Base), 6)
                                           : QCPScatterStyle());
    }
}

}  // namespace moe
