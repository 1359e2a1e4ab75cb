#pragma once
// Stacked bars of the per-token expert weights w̄(t, e): one bar per token, one colour per expert
// (the same palette as the token view), a legend on top. Drag and wheel-zoom move along the tokens
// only; the token axis shows the tokens themselves once they are wide enough to read. A click on a
// bar emits tokenClicked(); setSelectedToken() marks a token and scrolls it into view.

#include "widgets/themed_plot.h"

#include <QList>
#include <QStringList>

class QCPBars;
class QCPItemRect;
class QCPItemText;

namespace moe {

class TokenAxisTicker;

class ExpertWeightPlot : public ThemedPlot {
    Q_OBJECT

public:
    explicit ExpertWeightPlot(QWidget* parent = nullptr);

    // `labels`: one per token (as displayed); `weights`: row-major [token][expert], labels.size() ×
    // numExperts values, or empty for "nothing selected" (see setMessage()).
    void setData(const QStringList& labels, const QList<float>& weights, int numExperts);
    void setExperts(const QStringList& names, const QList<QColor>& colors);
    // A note drawn over the plot (e.g. why it is empty); empty hides it.
    void setMessage(const QString& text);

    int tokenCount() const { return static_cast<int>(m_labels.size()); }
    int expertCount() const { return static_cast<int>(m_bars.size()); }
    QCPBars* bars(int expert) const { return m_bars.value(expert); }
    // The plotted height of `expert`'s segment of token `token` (0 if absent).
    double barValue(int token, int expert) const;

    int selectedToken() const { return m_selected; }
    void setSelectedToken(int index);
    // The selection mark (for tests); hidden when nothing is selected.
    QCPItemRect* selectionMark() const { return m_mark; }

    // The visible token range, [lower, upper] in token coordinates.
    QCPRange visibleRange() const;
    void setVisibleRange(double lower, double upper);
    // Shows every token.
    void showAllTokens();

signals:
    void tokenClicked(int index);
    void visibleRangeChanged(double lower, double upper);

protected:
    void restyle(const QPalette& palette) override;
    void setDecorationsVisible(bool visible) override;
    void mousePressEvent(QMouseEvent* event) override;
    void mouseReleaseEvent(QMouseEvent* event) override;
    void draw(QCPPainter* painter) override;

private:
    void rebuildBars(int numExperts);
    void onRangeChanged(const QCPRange& range);
    void updateTickMode();

    QStringList m_labels;
    QStringList m_names;
    QList<QColor> m_colors;
    QList<QCPBars*> m_bars;
    QSharedPointer<TokenAxisTicker> m_ticker;
    QCPItemRect* m_mark = nullptr;
    QCPItemText* m_message = nullptr;
    int m_selected = -1;
    QPoint m_pressPos;
    bool m_inRangeChange = false;
};

}  // namespace moe
