#pragma once
// The Analyse page's comparison pane: a second routing trace (the same text through another model, or
// another text) shown beside the first as its own token view and expert-weight plot. It has no
// filters of its own: the page hands it the primary trace's ticked blocks and projections, so both
// sides always average the same kind of sites (a block or projection the second trace lacks simply
// selects nothing there).

#include "ui/trace_document.h"

#include <QColor>
#include <QList>
#include <QWidget>

#include <memory>
#include <set>
#include <string>

class QLabel;
class QSplitter;

namespace moe {

class ElidedLabel;
class ExpertWeightPlot;
class TokenView;

class AnalyseComparePane : public QWidget {
    Q_OBJECT

public:
    explicit AnalyseComparePane(QWidget* parent = nullptr);
    ~AnalyseComparePane() override;

    // Shows `document` under `title`, filtered by `blocks` × `projs` (projection keys).
    void setDocument(TraceDocument document, const QString& title, const QList<QColor>& colors,
                     const std::set<int>& blocks, const std::set<std::string>& projs);
    void clear();
    bool hasTrace() const { return m_doc != nullptr; }
    const TraceDocument* document() const { return m_doc.get(); }
    QString title() const;

    void setFilter(const std::set<int>& blocks, const std::set<std::string>& projs);
    void setColors(const QList<QColor>& colors);

    TokenView* tokenView() const { return m_tokens; }
    ExpertWeightPlot* weightPlot() const { return m_weights; }
    QLabel* summaryLabel() const { return m_summary; }
    QSplitter* splitter() const { return m_splitter; }

signals:
    void closeRequested();

private:
    void updateViews();

    std::unique_ptr<TraceDocument> m_doc;
    QList<QColor> m_colors;
    ElidedLabel* m_title = nullptr;
    QLabel* m_summary = nullptr;
    QSplitter* m_splitter = nullptr;
    TokenView* m_tokens = nullptr;
    ExpertWeightPlot* m_weights = nullptr;
};

}  // namespace moe
