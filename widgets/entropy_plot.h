#pragma once
// Routing entropy per block as a line with markers, with the uniform-routing ceiling ln E drawn as a
// dashed reference; optionally the load coefficient of variation on a second axis.

#include "widgets/themed_plot.h"

#include <QList>

class QCPGraph;
class QCPItemStraightLine;
class QCPItemText;

namespace moe {

class EntropyPlot : public ThemedPlot {
    Q_OBJECT

public:
    explicit EntropyPlot(QWidget* parent = nullptr);

    // `blocks`: the block numbers (x); `entropy`: nats per block; `maxEntropy`: ln E (drawn dashed, ≤ 0
    // hides it); `loadCv`: per block, or empty to hide the second series.
    void setData(const QList<int>& blocks, const QList<double>& entropy, double maxEntropy,
                 const QList<double>& loadCv = {});

    QCPGraph* entropyGraph() const { return m_entropy; }
    QCPGraph* loadCvGraph() const { return m_cv; }

protected:
    void restyle(const QPalette& palette) override;

private:
    QCPGraph* m_entropy = nullptr;
    QCPGraph* m_cv = nullptr;
    QCPItemStraightLine* m_ceiling = nullptr;
    QCPItemText* m_ceilingLabel = nullptr;
    double m_maxEntropy = 0;
};

}  // namespace moe
