#pragma once
// The token view: every token of a text as a small rounded chip, wrapped like running text. A chip's
// colour is its dominant expert's colour, shaded by the dominant weight; spaces, tabs and newlines
// are shown as faint ·, → and ↵ (a newline also breaks the line). Hovering shows every expert's
// weight; a click (or the arrow keys) selects a token and emits tokenClicked(). Takes plain data
// only: token strings, a T×E weight table, the dominant expert per token, expert names and colours.

#include "widgets/token_text.h"

#include <QAbstractScrollArea>
#include <QColor>
#include <QList>
#include <QRect>
#include <QStringList>

class QFontMetricsF;

namespace moe {

class TokenView : public QAbstractScrollArea {
    Q_OBJECT

public:
    explicit TokenView(QWidget* parent = nullptr);

    // Replaces the tokens; clears weights and selection.
    void setTokens(const QStringList& tokens);
    // `weights`: row-major [token][expert], tokenCount() × numExperts values (or empty for "no data");
    // `dominant`: per token, the expert index or -1 (drawn neutral).
    void setWeights(const QList<float>& weights, int numExperts, const QList<int>& dominant);
    void setExperts(const QStringList& names, const QList<QColor>& colors);

    int tokenCount() const { return static_cast<int>(m_tokens.size()); }
    int selectedToken() const { return m_selected; }
    // Selects `index` (-1: none) and scrolls it into view, without emitting tokenClicked().
    void setSelectedToken(int index);

    // How the token is drawn (whitespace replaced by visible marks).
    QString displayText(int index) const;
    // The chip's fill colour (dominant colour shaded by weight, or neutral without data).
    QColor chipColor(int index) const;
    // The chip's rectangle in viewport coordinates; empty for a bad index.
    QRect chipRect(int index) const;
    // The token under `viewportPos`, or -1.
    int tokenAt(const QPoint& viewportPos) const;
    // The rich text shown as the chip's tool tip.
    QString toolTipText(int index) const;

    // Height of all chips laid out in `width` pixels, including margins.
    int contentHeightForWidth(int width) const;
    // Paints every chip (without the selection mark) into `target` on any paint device, for export;
    // weak weights are shaded towards `background`.
    void renderTokens(QPainter* painter, const QRectF& target, const QColor& background = QColor(Qt::white)) const;

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

signals:
    // The user clicked a chip or moved the selection with the keyboard.
    void tokenClicked(int index);

protected:
    void paintEvent(QPaintEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void keyPressEvent(QKeyEvent* event) override;
    bool viewportEvent(QEvent* event) override;
    void changeEvent(QEvent* event) override;

private:
    // Lays out every chip for `width`; returns the rectangles (content coordinates) and the total height.
    QList<QRectF> layoutChips(const QFontMetricsF& fm, qreal width, qreal* height) const;
    QColor chipColorOn(int index, const QColor& background) const;
    void paintChips(QPainter* painter, const QList<QRectF>& rects, const QRectF& clip, const QPointF& offset,
                    const QColor& background, bool withSelection) const;
    void relayout();
    void ensureVisible(int index);
    void select(int index, bool notify);

    QStringList m_tokens;
    QList<VisibleToken> m_chips;
    QList<float> m_weights;
    QList<int> m_dominant;
    int m_numExperts = 0;
    QStringList m_names;
    QList<QColor> m_colors;
    QList<QRectF> m_rects;
    qreal m_contentHeight = 0;
    int m_selected = -1;
};

}  // namespace moe
