#pragma once
// The Analyse page (DESIGN §9). Left: the input panel (model folder, text, Route with progress and
// Cancel) and the filter panel (trace facts, block and projection filters, legend). Right: the routing
// trace as a token view (chips coloured by the dominant expert) and tabs with the expert-weight bars,
// the block × expert load heat map, the per-block entropy and the diagnostics; optionally a second
// trace beside it for comparison, under the same filters. A trace comes from a file or from running
// the model on the text in a worker thread (the GUI never waits for it; the model stays loaded for the
// next text). Figures export as PNG (chosen DPI), SVG and PDF, the aggregated table as CSV, the
// trace itself as a trace file. Recent files, the palette, the DPI, the last folders and the layout
// are remembered with QSettings.
//
// Files: analyse_page.cpp (layout, document, filters), analyse_page_views.cpp (what the views show),
// analyse_page_run.cpp (routing, files, compare, recent files, palette, settings),
// analyse_page_export.cpp (figures, export menu). The panels: analyse_input_panel, analyse_filter_panel,
// analyse_compare; the worker: route_runner.

#include "ui/trace_document.h"
#include "widgets/expert_palette.h"
#include "widgets/figure_export.h"

#include <QColor>
#include <QImage>
#include <QList>
#include <QString>
#include <QWidget>

#include <memory>

class QAction;
class QActionGroup;
class QCheckBox;
class QLabel;
class QListWidget;
class QMenu;
class QScrollArea;
class QScrollBar;
class QSplitter;
class QStackedWidget;
class QTabWidget;
class QTableWidget;

namespace moe {

class AnalyseComparePane;
class AnalyseFilterPanel;
class AnalyseInputPanel;
class ElidedLabel;
class EntropyPlot;
class ExpertLegend;
class ExpertWeightPlot;
class LoadHeatmap;
class RecentFiles;
class RouteRunner;
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
    // The trace's file; empty for a routed trace not saved yet.
    QString tracePath() const;
    // Writes the shown trace (atomically); it becomes the trace's file.
    bool saveTrace(const QString& path, QString* error);

    // Running the model on text (analyse_page_run.cpp).
    // Sets the model folder and shows what it holds (or why it cannot route text).
    void setModelFolder(const QString& dir);
    QString modelFolder() const;
    void setText(const QString& text);
    QString text() const;
    // Loads a UTF-8 text file into the text box; false and `error` if it cannot be read.
    bool loadTextFile(const QString& path, QString* error);
    // Routes the text box's text through the model folder in the worker; the result replaces the
    // trace, a failure shows in the input panel. False (and nothing started) without folder or text.
    bool route();
    // Returns the page to what it showed before the run at once; see RouteRunner on why the forward
    // pass itself finishes in the background.
    void cancelRoute();
    bool isRouting() const;
    RouteRunner* runner() const { return m_runner; }
    AnalyseInputPanel* inputPanel() const { return m_input; }
    AnalyseFilterPanel* filterPanel() const { return m_filters; }

    // Comparison: a second trace beside the first, under the same filters.
    bool openCompareTrace(const QString& path, QString* error);
    void setCompareDocument(TraceDocument document, const QString& title);
    // Routes the text (the text box's, else the shown trace's) through a second model folder.
    bool compareWithModel(const QString& dir);
    void closeCompare();
    bool isComparing() const;
    AnalyseComparePane* comparePane() const { return m_compare; }

    // Expert colours (persistent).
    void setPaletteScheme(ExpertPalette::Scheme scheme);
    ExpertPalette::Scheme paletteScheme() const { return m_scheme; }
    QList<QColor> expertColors() const;

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
    ExpertLegend* legend() const;
    QListWidget* diagnosticsList() const { return m_diagList; }
    QTableWidget* diagnosticsTable() const { return m_diagTable; }
    QTabWidget* tabs() const { return m_tabs; }
    QSplitter* mainSplitter() const { return m_mainSplitter; }
    QSplitter* contentSplitter() const { return m_splitter; }
    QMenu* exportMenu() const { return m_exportMenu; }
    QMenu* recentMenu() const { return m_recentMenu; }
    QMenu* compareMenu() const { return m_compareMenu; }
    QMenu* paletteMenu() const { return m_paletteMenu; }
    QAction* copyFigureAction() const { return m_copyAction; }
    QAction* exportCsvAction() const { return m_csvAction; }
    QAction* saveTraceAction() const { return m_saveAction; }
    QAction* openTextAction() const { return m_openTextAction; }

    // Recent traces, model folders and text files (most recent first, existing ones only).
    QStringList recentTraces() const;
    QStringList recentModelFolders() const;
    QStringList recentTextFiles() const;

    // The figure of the current tab (Diagnostics: the weights).
    Figure currentFigure() const;
    // The figure's size in logical (96-dpi) pixels: as on screen while shown, else a default.
    QSize figureSize(Figure figure) const;
    bool exportFigure(const QString& path, Figure figure, int dpi, QString* error, QSize size = {});
    QImage figureImage(Figure figure, int dpi, QSize size = {});
    bool exportCsv(const QString& path, QString* error);

    // "4 experts · top-2 · 3 of 3 blocks × 1 projection · 96 tokens"; empty without a trace.
    QString summaryText() const;

    // The PNG resolution last chosen (remembered; kDefaultDpi at first).
    int exportDpi() const;
    void setExportDpi(int dpi);

    static constexpr int kDefaultDpi = 300;

public slots:
    void copyFigure();
    void chooseModelFolder();
    void openTextFileInteractively();
    void saveTraceInteractively();
    void compareWithTraceInteractively();
    void compareWithModelInteractively();

signals:
    void traceOpened(const QString& path);
    void summaryChanged(const QString& text);
    void openTraceRequested();
    void statusMessage(const QString& text);
    // A recent trace or model folder was picked; the main window opens it (status bar, title).
    void openPathRequested(const QString& path);
    // A routed trace is shown (primary or comparison).
    void traceRouted();

private:
    enum class RouteTarget { Primary, Compare };

    QWidget* createEmptyState();
    QWidget* createSidePanel();
    QWidget* createContent();
    void createActions();
    void createRunActions();
    void restoreSettings();
    // The text box and the splitters are remembered when the page goes away (the app quits); the text
    // also when routed, the splitters also when moved.
    void saveSession() const;
    void applyFilter();
    void updateViews();
    void updateDiagnostics();
    void updateSelectionLabel();
    void updateActions();
    void syncScrollBar();
    void startRoute(const QString& dir, const QString& text, RouteTarget target);
    void onRouted(const Trace& trace);
    void onRouteFailed(const QString& message);
    void populateRecentMenu();
    void openRecent(const QString& path, bool isTrace);
    FigurePainter figurePainter(Figure figure);
    void exportInteractively(Figure figure, FigureFormat format);
    void exportCsvInteractively();
    QString exportDirectory() const;
    QString dialogDirectory(const char* key) const;

    std::unique_ptr<TraceDocument> m_doc;
    int m_selected = -1;
    ExpertPalette::Scheme m_scheme = ExpertPalette::Scheme::ColourBlindSafe;
    RouteRunner* m_runner = nullptr;
    RouteTarget m_routeTarget = RouteTarget::Primary;
    QString m_compareModel;  // the folder a comparison run goes through
    std::unique_ptr<RecentFiles> m_recentTraces, m_recentModels, m_recentTexts;

    QStackedWidget* m_stack = nullptr;
    QSplitter* m_mainSplitter = nullptr;
    QSplitter* m_compareSplitter = nullptr;
    // Side panel.
    QScrollArea* m_side = nullptr;
    AnalyseInputPanel* m_input = nullptr;
    AnalyseFilterPanel* m_filters = nullptr;
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
    AnalyseComparePane* m_compare = nullptr;
    QMenu* m_exportMenu = nullptr;
    QMenu* m_recentMenu = nullptr;
    QMenu* m_compareMenu = nullptr;
    QMenu* m_paletteMenu = nullptr;
    QActionGroup* m_paletteGroup = nullptr;
    QAction* m_copyAction = nullptr;
    QAction* m_csvAction = nullptr;
    QAction* m_saveAction = nullptr;
    QAction* m_openTextAction = nullptr;
    QAction* m_compareTraceAction = nullptr;
    QAction* m_compareModelAction = nullptr;
    QAction* m_closeCompareAction = nullptr;
};

}  // namespace moe
