#pragma once
// The common base of our QCustomPlot views: a clean, publication-style look (light grid, no box,
// the application font) drawn in the colours of a palette — the widget's own on screen, so dark
// themes work, and a fixed light "print" palette while a figure is exported. Subclasses style their
// own plottables and items in restyle().

#include <qcustomplot.h>

#include <QPalette>

namespace moe {

class ThemedPlot : public QCustomPlot {
    Q_OBJECT

public:
    explicit ThemedPlot(QWidget* parent = nullptr);

    // A light palette with black text on white, used for exported figures.
    static QPalette printPalette();

    // Draws the plot into `painter` at `size` logical pixels in print colours and without on-screen
    // decorations (selection marks); the widget itself is left as it was.
    void renderFigure(QCPPainter* painter, const QSize& size);

    // The colours the plot is currently styled with.
    const QPalette& plotPalette() const { return m_plotPalette; }

protected:
    // Styles axes, grid, legend and background; then calls restyle() and replots.
    void applyPalette(const QPalette& palette);
    // Subclasses colour their own plottables and items here.
    virtual void restyle(const QPalette& palette);
    // Shows or hides on-screen-only decorations for export.
    virtual void setDecorationsVisible(bool visible);
    void styleAxis(QCPAxis* axis, const QPalette& palette);
    // A legend in a row of its own above the axis rect, laid out horizontally.
    void placeLegendOnTop(int columns);
    void changeEvent(QEvent* event) override;

private:
    QPalette m_plotPalette;
    bool m_printing = false;
};

}  // namespace moe
