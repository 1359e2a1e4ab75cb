#pragma once
// The Analyse page (DESIGN §9): an open routing trace shown as a token view (chips coloured by the
// dominant expert), and below it tabs with the expert-weight bars, the block × expert load heat map,
// the per-block entropy and the diagnostics. A left panel holds the trace's facts, the block and
// projection filters (every change re-aggregates and redraws at once) and the legend. Figures export
// as PNG (chosen DPI), SVG and PDF, the aggregated table as CSV; "Copy figure" puts the current figure
// on the clipboard. Running a model on text arrives with the tokenizer; its area is disabled for now.

#include "ui/trace_document.h"
#include "widgets/figure_export.h"

#include <QImage>
#include <QList>
#include <QString>
#include <QWidget>

#include <memory>

class QAction;
class QCheckBox;
class QGridLayout;
class QLabel;
class QListWidget;
class QMenu;
class QScrollArea;
class QScrollBar;
class QSpinBox;
class QSplitter;
class QStackedWidget;
class QTabWidget;
class QTableWidget;
class QVBoxLayout;

namespace moe {

class ElidedLabel;
class EntropyPlot;
class ExpertLegend;
class ExpertWeightPlot;
class LoadHeatmap;
class ThemedPlot;
class TokenView;

class AnalysePage : public QWidget {
    Q_OBJECT

public:
    enum class Figure { Weights, LoadHeatmap, Entropy, Tokens };
    enum Tab { WeightsTab = 0, LoadHeatmapTab, EntropyTab, DiagnosticsTab };

    explicit AnalysePage(QWidget* parent = nullptr);
    ~AnalysePage() override;

    // Reads the trace at `path` and shows it. On failure the previous trace stays and `error` gets the
    // moe::Error message (naming the file and what is wrong).
    bool openTrace(const QString& path, QString* error);
    // Shows an already opened trace.
    void setDocument(TraceDocument document);
    bool hasTrace() const { return m_doc && !m_doc->isEmpty(); }
    const TraceDocument* document() const { return m_doc.get(); }
    QString tracePath() const;

    // Filters. The check boxes are the truth; these set them and re-aggregate once.
    QCheckBox* blockCheckBox(int block) const;
    QCheckBox* projectionCheckBox(const QString& proj) const;
    void setBlockRange(int first, int last);
    // `moe aggregate`-style filter text (empty: all); false and `error` for a bad filter.
    bool setFilterText(const QString& layers, const QString& projs, QString* error);

    int selectedToken() const { return m_selected; }
    void selectToken(int index);

    TokenView* tokenView() const { return m_tokens; }
    ExpertWeightPlot* weightPlot() const { return m_weights; }
    LoadHeatmap* loadHeatmap() const { return m_heatmap; }
    EntropyPlot* entropyPlot() const { return m_entropy; }
    ExpertLegend* legend() const { return m_legend; }
    QListWidget* diagnosticsList() const { return m_diagList; }
    QTableWidget* diagnosticsTable() const { return m_diagTable; }
    QTabWidget* tabs() const { return m_tabs; }
    QMenu* exportMenu() const { return m_exportMenu; }
    QAction* copyFigureAction() const { return m_copyAction; }
    QAction* exportCsvAction() const { return m_csvAction; }

    // The figure of the current tab (Diagnostics: the weights).
    Figure currentFigure() const;
    // The figure's size in logical (96-dpi) pixels: as on screen while shown, else a default.
    QSize figureSize(Figure figure) const;
    bool exportFigure(const QString& path, Figure figure, int dpi, QString* error, QSize size = {});
    QImage figureImage(Figure figure, int dpi, QSize size = {});
    bool exportCsv(const QString& path, QString* error);

    // "4 experts · top-2 · 3 of 3 blocks × 1 projection · 96 tokens"; empty without a trace.
    QString summaryText() const;

    static constexpr int kDefaultDpi = 300;

public slots:
    void copyFigure();

signals:
    void traceOpened(const QString& path);
    void summaryChanged(const QString& text);
    void openTraceRequested();
    void statusMessage(const QString& text);

private:
    QWidget* createEmptyState();
    QWidget* createSidePanel();
    QWidget* createContent();
    void createActions();
    void rebuildFilters();
    void applyFilter();
    void updateViews();
    void updateDiagnostics();
    void updateSelectionLabel();
    void syncScrollBar();
    FigurePainter figurePainter(Figure figure);
    void exportInteractively(Figure figure, FigureFormat format);
    void exportCsvInteractively();
    QString exportDirectory() const;

    std::unique_ptr<TraceDocument> m_doc;
    int m_selected = -1;
    bool m_updatingFilters = false;

    QStackedWidget* m_stack = nullptr;
    // Side panel.
    QScrollArea* m_side = nullptr;
    QLabel* m_traceFacts = nullptr;
    QSpinBox* m_blockFrom = nullptr;
    QSpinBox* m_blockTo = nullptr;
    QGridLayout* m_blockGrid = nullptr;
    QVBoxLayout* m_projLayout = nullptr;
    QList<QCheckBox*> m_blockBoxes;
    QList<QCheckBox*> m_projBoxes;
    ExpertLegend* m_legend = nullptr;
    // Content.
    ElidedLabel* m_title = nullptr;
    QLabel* m_selectionLabel = nullptr;
    QSplitter* m_splitter = nullptr;
    TokenView* m_tokens = nullptr;
    QTabWidget* m_tabs = nullptr;
    ExpertWeightPlot* m_weights = nullptr;
    QScrollBar* m_weightScroll = nullptr;
    LoadHeatmap* m_heatmap = nullptr;
    EntropyPlot* m_entropy = nullptr;
    QListWidget* m_diagList = nullptr;
    QTableWidget* m_diagTable = nullptr;
    QMenu* m_exportMenu = nullptr;
    QAction* m_copyAction = nullptr;
    QAction* m_csvAction = nullptr;
};

}  // namespace moe
