#pragma once
// A live training curve: a few named series of (step, value) points drawn as lines, or as lines with
// markers for sparse series such as held-out evaluations. Points are appended as they arrive and the
// plot is redrawn once per batch (refresh()), so a fast run does not replot per step. The x axis spans
// the whole run (setStepRange) so the curve grows across it as training proceeds.

#include "widgets/themed_plot.h"

#include <QList>
#include <QString>

class QCPGraph;

namespace moe {

class TrainingPlot : public ThemedPlot {
    Q_OBJECT

public:
    explicit TrainingPlot(QWidget* parent = nullptr);

    // Adds a series coloured with palette entry `colorIndex`; returns its index. `markers`: draw each
    // point as a marker too (sparse series).
    int addSeries(const QString& name, int colorIndex, bool markers = false);
    int seriesCount() const { return static_cast<int>(m_series.size()); }
    QCPGraph* series(int index) const { return m_series.value(index).graph; }
    int pointCount(int series) const;
    // The last value appended to `series`; NaN when it has none.
    double lastValue(int series) const;

    // Appends without redrawing; call refresh() after a batch.
    void append(int series, double step, double value);
    // Removes every point (keeps the series).
    void clearData();
    // The x axis range: steps `first`..`last`.
    void setStepRange(double first, double last);
    // Fits the y axis to the data and redraws.
    void refresh();

protected:
    void restyle(const QPalette& palette) override;

private:
    struct Series {
        QCPGraph* graph = nullptr;
        int color = 0;
        bool markers = false;
    };
    QList<Series> m_series;
    double m_first = 0, m_last = 1;
};

}  // namespace moe
