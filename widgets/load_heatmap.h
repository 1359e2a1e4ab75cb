#pragma once
// Expert load per block as a heat map: blocks along x, experts along y (the first on top), a colour
// scale on the right (a viridis-like ramp, readable in grey and for colour-vision deficiencies) and,
// while the cells are large enough, each cell's value printed in it.

#include "widgets/themed_plot.h"

#include <QList>
#include <QStringList>

class QCPColorMap;
class QCPColorScale;
class QCPItemText;

namespace moe {

class LoadHeatmap : public ThemedPlot {
    Q_OBJECT

public:
    explicit LoadHeatmap(QWidget* parent = nullptr);

    // `values`: row-major [block][expert], blockLabels.size() × expertNames.size() numbers.
    void setData(const QStringList& blockLabels, const QStringList& expertNames, const QList<double>& values);
    void setValueLabel(const QString& label);

    int blockCount() const { return static_cast<int>(m_blocks.size()); }
    int expertCount() const { return static_cast<int>(m_experts.size()); }
    double value(int block, int expert) const;
    QCPColorMap* colorMap() const { return m_map; }
    QCPColorScale* colorScale() const { return m_scale; }

    // The cell values are printed when there are at most this many cells and they fit their cells.
    static constexpr int kMaxLabelledCells = 400;

protected:
    void restyle(const QPalette& palette) override;
    void draw(QCPPainter* painter) override;

private:
    QStringList m_blocks;
    QStringList m_experts;
    QList<double> m_values;
    QCPColorMap* m_map = nullptr;
    QCPColorScale* m_scale = nullptr;
    QList<QCPItemText*> m_cellLabels;
};

}  // namespace moe
