#include "widgets/themed_plot.h"

namespace moe {

ThemedPlot::ThemedPlot(QWidget* parent) : QCustomPlot(parent)
{
    setAntialiasedElements(QCP::aeAll);
    setNoAntialiasingOnDrag(true);
    setAutoAddPlottableToLegend(false);
    xAxis2->setVisible(false);
    yAxis2->setVisible(false);
    axisRect()->setAutoMargins(QCP::msAll);
    setMinimumSize(240, 160);
}

QPalette ThemedPlot::printPalette()
{
    QPalette p;
    p.setColor(QPalette::Base, Qt::white);
    p.setColor(QPalette::Window, Qt::white);
    p.setColor(QPalette::Text, QColor(0x21, 0x21, 0x21));
    p.setColor(QPalette::WindowText, QColor(0x21, 0x21, 0x21));
    p.setColor(QPalette::PlaceholderText, QColor(0x75, 0x75, 0x75));
    p.setColor(QPalette::Mid, QColor(0xBD, 0xBD, 0xBD));
    p.setColor(QPalette::Midlight, QColor(0xE6, 0xE6, 0xE6));
    p.setColor(QPalette::Highlight, QColor(0x1E, 0x88, 0xE5));
    return p;
}

void ThemedPlot::styleAxis(QCPAxis* axis, const QPalette& p)
{
    const QColor text = p.color(QPalette::Text);
    QColor soft = text;
    soft.setAlphaF(0.75);
    QFont label = font();
    label.setPointSizeF(font().pointSizeF() * 1.05);
    axis->setLabelFont(label);
    axis->setLabelColor(text);
    axis->setTickLabelFont(font());
    axis->setTickLabelColor(soft);
    axis->setBasePen(QPen(soft, 1));
    axis->setTickPen(QPen(soft, 1));
    axis->setSubTickPen(QPen(soft, 1));
    axis->setTickLengthIn(0);
    axis->setTickLengthOut(4);
    axis->setSubTickLengthIn(0);
    axis->setSubTickLengthOut(2);
    axis->setPadding(6);
    axis->setLabelPadding(6);
    QColor grid = p.color(QPalette::Text);
    grid.setAlphaF(0.12);
    axis->grid()->setPen(QPen(grid, 1, Qt::SolidLine));
    axis->grid()->setZeroLinePen(Qt::NoPen);
    axis->grid()->setSubGridVisible(false);
}

void ThemedPlot::applyPalette(const QPalette& p)
{
    m_plotPalette = p;
    setBackground(p.color(QPalette::Base));
    axisRect()->setBackground(Qt::NoBrush);
    for (QCPAxisRect* rect : axisRects())
        for (QCPAxis* axis : rect->axes())
            styleAxis(axis, p);
    legend->setBrush(Qt::NoBrush);
    legend->setBorderPen(Qt::NoPen);
    legend->setTextColor(p.color(QPalette::Text));
    legend->setFont(font());
    legend->setIconSize(12, 12);
    legend->setIconTextPadding(5);
    restyle(p);
    replot(rpQueuedReplot);
}

void ThemedPlot::restyle(const QPalette&) {}

void ThemedPlot::setDecorationsVisible(bool) {}

void ThemedPlot::placeLegendOnTop(int columns)
{
    // The legend sits between two stretching spacers, so it keeps its natural width, centred.
    auto* row = new QCPLayoutGrid;
    plotLayout()->insertRow(0);
    plotLayout()->addElement(0, 0, row);
    row->setMargins(QMargins(0, 6, 0, 0));
    row->addElement(0, 0, new QCPLayoutElement(this));
    row->addElement(0, 1, legend);
    row->addElement(0, 2, new QCPLayoutElement(this));
    row->setColumnStretchFactors({1.0, 0.001, 1.0});
    legend->setFillOrder(QCPLayoutGrid::foColumnsFirst);
    legend->setWrap(columns);
    legend->setColumnSpacing(14);
    legend->setRowSpacing(2);
    legend->setMargins(QMargins(4, 2, 4, 2));
    row->setMinimumMargins(QMargins(0, 0, 0, 0));
    plotLayout()->setRowStretchFactor(0, 0.001);
    plotLayout()->setRowSpacing(0);
    legend->setVisible(true);
}

void ThemedPlot::renderFigure(QCPPainter* painter, const QSize& size)
{
    const QPalette screen = m_plotPalette;
    m_printing = true;
    applyPalette(printPalette());
    setDecorationsVisible(false);
    toPainter(painter, size.width(), size.height());
    setDecorationsVisible(true);
    applyPalette(screen);
    m_printing = false;
}

void ThemedPlot::changeEvent(QEvent* event)
{
    QCustomPlot::changeEvent(event);
    if (!m_printing && (event->type() == QEvent::PaletteChange || event->type() == QEvent::FontChange))
        applyPalette(palette());
}

}  // namespace moe
