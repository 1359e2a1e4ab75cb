#pragma once
// A compact vertical legend: a colour swatch and a name per expert, and optionally a figure on the
// right (e.g. the share of tokens each expert dominates, with a thin bar under it).

#include <QColor>
#include <QList>
#include <QStringList>
#include <QWidget>

namespace moe {

class ExpertLegend : public QWidget {
    Q_OBJECT

public:
    explicit ExpertLegend(QWidget* parent = nullptr);

    void setExperts(const QStringList& names, const QList<QColor>& colors);
    // Per expert, a share in [0, 1] shown as a percentage and a bar; empty hides them.
    void setShares(const QList<double>& shares);

    int count() const { return static_cast<int>(m_names.size()); }
    QString name(int index) const { return m_names.value(index); }
    QColor color(int index) const { return m_colors.value(index); }
    double share(int index) const { return m_shares.value(index, -1); }

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;
    bool hasHeightForWidth() const override { return true; }
    int heightForWidth(int width) const override;

protected:
    void paintEvent(QPaintEvent* event) override;

private:
    int rowHeight() const;

    QStringList m_names;
    QList<QColor> m_colors;
    QList<double> m_shares;
};

}  // namespace moe
