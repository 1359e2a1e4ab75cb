#include "widgets/load_heatmap.h"

#include "widgets/expert_palette.h"

#include <algorithm>

namespace moe {
namespace {

// Viridis (van der Walt & Smith), sampled at nine stops.
QCPColorGradient viridis()
{
    QCPColorGradient g;
    g.clearColorStops();
    const QRgb stops[] = {0x440154, 0x472D7B, 0x3B528B, 0x2C728E, 0x21918C, 0x28AE80, 0x5EC962, 0xADDC30, 0xFDE725};
    for (int i = 0; i < 9; ++i)
        g.setColorStopAt(i / 8.0, QColor::fromRgb(stops[i]));
    g.setLevelCount(256);
    return g;
}

QSharedPointer<QCPAxisTickerText> textTicker(const QStringList& labels)
{
    QSharedPointer<QCPAxisTickerText> ticker(new QCPAxisTickerText);
    for (int i = 0; i < labels.size(); ++i)
        ticker->addTick(i, labels[i]);
    return ticker;
}

}  // namespace

LoadHeatmap::LoadHeatmap(QWidget* parent) : ThemedPlot(parent)
{
    m_map = new QCPColorMap(xAxis, yAxis);
    m_map->setInterpolate(false);
    m_map->setTightBoundary(false);
    m_scale = new QCPColorScale(this);
    m_scale->setType(QCPAxis::atRight);
    m_scale->setBarWidth(12);
    m_scale->setRangeDrag(false);
    m_scale->setRangeZoom(false);
    plotLayout()->addElement(0, 1, m_scale);
    m_map->setColorScale(m_scale);  // the scale's gradient and range now rule the map
    m_scale->setGradient(viridis());
    m_scale->setLabel(tr("load (share of tokens)"));
    auto* group = new QCPMarginGroup(this);
    axisRect()->setMarginGroup(QCP::msTop | QCP::msBottom, group);
    m_scale->setMarginGroup(QCP::msTop | QCP::msBottom, group);

    xAxis->setLabel(tr("block"));
    yAxis->setLabel(tr("expert"));
    yAxis->setRangeReversed(true);
    xAxis->grid()->setVisible(false);
    yAxis->grid()->setVisible(false);
    applyPalette(palette());
}

void LoadHeatmap::setValueLabel(const QString& label)
{
    m_scale->setLabel(label);
    replot(rpQueuedReplot);
}

void LoadHeatmap::setData(const QStringList& blockLabels, const QStringList& expertNames, const QList<double>& values)
{
    m_blocks = blockLabels;
    m_experts = expertNames;
    const int B = static_cast<int>(blockLabels.size()), E = static_cast<int>(expertNames.size());
    m_values = values.size() == qsizetype(B) * E ? values : QList<double>(qsizetype(B) * E, 0.0);
    for (QCPItemText* label : std::as_const(m_cellLabels))
        removeItem(label);
    m_cellLabels.clear();

    m_map->data()->setSize(std::max(B, 1), std::max(E, 1));
    m_map->data()->setRange(QCPRange(0, std::max(B - 1, 0)), QCPRange(0, std::max(E - 1, 0)));
    m_map->data()->fill(0);
    double top = 0;
    for (int b = 0; b < B; ++b)
        for (int e = 0; e < E; ++e) {
            const double v = m_values[qsizetype(b) * E + e];
            m_map->data()->setCell(b, e, v);
            top = std::max(top, v);
        }
    m_map->setDataRange(QCPRange(0, top > 0 ? top : 1));
    m_map->setVisible(B > 0 && E > 0);
    xAxis->setTicker(textTicker(blockLabels));
    yAxis->setTicker(textTicker(expertNames));
    xAxis->setRange(-0.5, std::max(B, 1) - 0.5);
    yAxis->setRange(-0.5, std::max(E, 1) - 0.5);

    if (qsizetype(B) * E <= kMaxLabelledCells) {
        for (int b = 0; b < B; ++b)
            for (int e = 0; e < E; ++e) {
                auto* label = new QCPItemText(this);
                label->setClipToAxisRect(true);
                label->position->setCoords(b, e);
                label->setText(QString::number(m_values[qsizetype(b) * E + e], 'f', 2));
                m_cellLabels.append(label);
            }
    }
    restyle(plotPalette());
    replot(rpQueuedReplot);
}

double LoadHeatmap::value(int block, int expert) const
{
    const int E = static_cast<int>(m_experts.size());
    if (block < 0 || block >= m_blocks.size() || expert < 0 || expert >= E)
        return 0;
    return m_values[qsizetype(block) * E + expert];
}

void LoadHeatmap::restyle(const QPalette& p)
{
    styleAxis(m_scale->axis(), p);
    m_scale->axis()->setTickLengthOut(3);
    m_scale->axis()->setSubTicks(false);
    const QFont small = font();
    const int E = static_cast<int>(m_experts.size());
    const QCPRange range = m_map->dataRange();
    QCPColorGradient gradient = m_map->gradient();
    for (int i = 0; i < m_cellLabels.size(); ++i) {
        const int b = E ? i / E : 0, e = E ? i % E : 0;
        const double v = m_values.value(qsizetype(b) * E + e);
        const QRgb cell = gradient.color(v, range);
        m_cellLabels[i]->setColor(ExpertPalette::textColorOn(QColor::fromRgb(cell)));
        m_cellLabels[i]->setFont(small);
    }
}

}  // namespace moe

namespace moe {

void LoadHeatmap::draw(QCPPainter* painter)
{
    updateLayout();  // the cell size at the size being drawn (the screen or an export)
    const QFontMetricsF fm(font());
    const double cellW = axisRect()->width() / double(std::max<qsizetype>(m_blocks.size(), 1));
    const double cellH = axisRect()->height() / double(std::max<qsizetype>(m_experts.size(), 1));
    const bool fits = cellW >= fm.horizontalAdvance(QStringLiteral("0.00")) + 4 && cellH >= fm.height() + 2;
    for (QCPItemText* label : std::as_const(m_cellLabels)) label->setVisible(fits);
    ThemedPlot::draw(painter);
}

}  // namespace moe
