#pragma once
// The Analyse page's filter panel: the open trace's facts, the block filter (a range and one check box
// per block), the projection filter (BTS stitch sites as "stitch → hub" / "stitch → experts") and the
// expert legend (in a BTS trace expert 0 is the hub). The check boxes are the truth: every change
// emits filterChanged() once; the page re-aggregates.

#include <QColor>
#include <QList>
#include <QStringList>
#include <QWidget>

#include <set>
#include <string>

class QCheckBox;
class QGridLayout;
class QLabel;
class QSpinBox;
class QVBoxLayout;

namespace moe {

class ExpertLegend;
class TraceDocument;

class AnalyseFilterPanel : public QWidget {
    Q_OBJECT

public:
    explicit AnalyseFilterPanel(QWidget* parent = nullptr);

    // Rebuilds facts, check boxes (all ticked) and legend for `doc` (kept; must outlive the panel's use).
    void setDocument(const TraceDocument* doc, const QList<QColor>& colors);
    void setColors(const QList<QColor>& colors);
    // Ticks the boxes as the document's current selection says, without emitting filterChanged().
    void syncFromDocument();

    std::set<int> checkedBlocks() const;
    std::set<std::string> checkedProjections() const;  // projection keys (TraceDocument::projections())
    QCheckBox* blockCheckBox(int block) const;
    QCheckBox* projectionCheckBox(const QString& key) const;
    // Ticks exactly the blocks in [first, last] and emits filterChanged().
    void setBlockRange(int first, int last);

    ExpertLegend* legend() const { return m_legend; }
    QLabel* factsLabel() const { return m_facts; }

signals:
    void filterChanged();

private:
    void updateFacts();
    void emitChanged();

    const TraceDocument* m_doc = nullptr;
    bool m_updating = false;
    QLabel* m_facts = nullptr;
    QSpinBox* m_blockFrom = nullptr;
    QSpinBox* m_blockTo = nullptr;
    QGridLayout* m_blockGrid = nullptr;
    QVBoxLayout* m_projLayout = nullptr;
    QList<QCheckBox*> m_blockBoxes;
    QList<QCheckBox*> m_projBoxes;
    ExpertLegend* m_legend = nullptr;
};

// A small upper-case section title, as the side panel uses.
QLabel* analyseSectionHeader(const QString& text, QWidget* parent);

}  // namespace moe
