#pragma once
// The Train page (issue 8): trains the routers (Traditional, BTX, native MoE) or the stitch layers (BTS)
// of a model folder on text files, everything else frozen, as `moe train` does. Left: the model folder
// (a one-line summary, or why it cannot be trained), the training text files, the options and the
// output folder; Start / Cancel with the progress (step / total, elapsed, ETA). Right: live plots of the
// loss (total, cross entropy, held-out) and of the load-balancing term against the step, the summary of
// a finished run with "Open in Analyse", and a sample text routed with the current routers — between
// two steps while training runs, else through the model folder (before) or the trained output (after)
// — shown as token chips coloured by dominant expert, with "Open in Analyse".
//
// Files: train_page.cpp (layout, inputs, settings), train_page_run.cpp (start, progress, plots,
// summary, errors), train_page_sample.cpp (the sample). Workers: train_run (training), route_runner
// (a sample outside a run).

#include "core/routing/trace.h"
#include "core/train/router_trainer.h"

#include <QString>
#include <QStringList>
#include <QWidget>

#include <memory>
#include <optional>

class QLabel;
class QLineEdit;
class QListWidget;
class QMessageBox;
class QPlainTextEdit;
class QProgressBar;
class QPushButton;
class QScrollArea;
class QSplitter;
class QTimer;

namespace moe {

class ElidedLabel;
class ExpertLegend;
class RouteRunner;
class TokenView;
class TrainingPlot;
class TrainOptionsPanel;
class TrainRun;

class TrainPage : public QWidget {
    Q_OBJECT

public:
    // The series of the two plots.
    enum LossSeries { TotalLoss = 0, CrossEntropy, HeldOutLoss };
    enum BalanceSeries { BalanceTerm = 0 };

    explicit TrainPage(QWidget* parent = nullptr);
    ~TrainPage() override;  // a run still going is cancelled (nothing written)

    // Inputs (train_page.cpp).
    // Sets the folder to train and shows what it holds, or why it cannot be trained.
    void setModelFolder(const QString& dir);
    QString modelFolder() const { return m_modelDir; }
    // Empty when the folder can be trained (or none is chosen).
    QString modelProblem() const { return m_modelProblem; }
    void setDataFiles(const QStringList& files);
    QStringList dataFiles() const;
    void addDataFiles(const QStringList& files);
    void setOutputFolder(const QString& dir);
    QString outputFolder() const;
    TrainOptions options() const;
    void setOptions(const TrainOptions& options);

    // The run (train_page_run.cpp).
    // Starts training; when the output folder is not empty it first asks (window-modal, not blocking)
    // whether to replace it. False (and a message on the page) when something is missing.
    bool start();
    void cancel();
    bool isTraining() const;
    // Before the window closes: true unless training runs and the user keeps it.
    bool confirmClose();
    // The folder the last successful run wrote; empty if none.
    QString trainedFolder() const { return m_trainedDir; }

    // The sample (train_page_sample.cpp).
    void setSampleText(const QString& text);
    QString sampleText() const;
    // Routes the sample text with the current routers (see above). False when there is no text or
    // no folder to route it through.
    bool routeSample();
    bool isRoutingSample() const;
    // The last routed sample; nullptr if none.
    const Trace* sampleTrace() const { return m_sample ? &*m_sample : nullptr; }
    // What the sample was routed with, e.g. "the routers after step 40 of 200".
    QString sampleSource() const;

    TrainOptionsPanel* optionsPanel() const { return m_options; }
    TrainRun* run() const { return m_run; }
    RouteRunner* sampleRunner() const { return m_router; }
    TrainingPlot* lossPlot() const { return m_lossPlot; }
    TrainingPlot* balancePlot() const { return m_balancePlot; }
    QProgressBar* progressBar() const { return m_progress; }
    QLabel* progressLabel() const { return m_progressText; }
    QLabel* modelSummaryLabel() const { return m_modelFacts; }
    QLabel* modelProblemLabel() const { return m_modelError; }
    QLabel* summaryLabel() const { return m_summary; }
    QLabel* sampleStatusLabel() const { return m_sampleStatus; }
    QPushButton* startButton() const { return m_start; }
    QPushButton* cancelButton() const { return m_cancel; }
    QPushButton* openTrainedButton() const { return m_openTrained; }
    QPushButton* routeSampleButton() const { return m_routeSample; }
    QPushButton* openSampleButton() const { return m_openSample; }
    TokenView* sampleTokenView() const { return m_sampleTokens; }
    ExpertLegend* sampleLegend() const { return m_sampleLegend; }
    QListWidget* dataList() const { return m_dataList; }

public slots:
    void chooseModelFolder();
    void chooseDataFiles();
    void chooseOutputFolder();

signals:
    void statusMessage(const QString& text);
    // "Open in Analyse" of the trained model folder.
    void openInAnalyseRequested(const QString& dir);
    // "Open in Analyse" of the routed sample.
    void openTraceInAnalyseRequested(const moe::Trace& trace);

private:
    QWidget* createSidePanel();
    QWidget* createModelGroup();
    QWidget* createDataGroup();
    QWidget* createOutputGroup();
    QWidget* createRunBar();
    QWidget* createPlots();
    QWidget* createSummary();
    QWidget* createSampleGroup();
    void connectRun();
    void restoreSettings();
    void saveSession() const;
    void dataFilesChanged();
    void updateButtons();
    QString dialogDirectory(const char* key) const;

    void launch(bool force);
    void showProgress(const QList<TrainProgress>& steps);
    void updateProgressText();
    void refreshPlots();
    void runSucceeded(const TrainSummary& summary);
    void runEnded(const QString& text, bool error);
    void showError(const QString& message);

    // The folder a sample outside a run goes through: the trained output after a run, else the model.
    QString sampleFolder() const;
    void showSample(const Trace& trace, const QString& source);
    void sampleFailed(const QString& message);
    void routePendingSample();
    bool routeSampleText(const QString& text);

    TrainRun* m_run = nullptr;
    RouteRunner* m_router = nullptr;
    QString m_modelDir, m_modelProblem;
    QString m_autoOutput;  // the output folder suggested for the model (replaced when the model changes)
    QString m_trainedDir;
    int m_firstStep = -1;  // the first step of the run (a resumed run starts later)
    int m_totalSteps = 0;
    std::optional<TrainProgress> m_last;        // the latest step of the run
    std::optional<double> m_lastEval, m_lastPerplexity;
    QTimer* m_clock = nullptr;                  // keeps "elapsed" moving while a long step runs
    QTimer* m_replot = nullptr;                 // redraws the plots at most a few times a second
    std::optional<Trace> m_sample;
    QString m_sampleSource, m_pendingSource;
    bool m_sampleInRun = false;  // a sample was asked of the run and has not come back

    QSplitter* m_splitter = nullptr;
    QScrollArea* m_side = nullptr;
    QWidget* m_inputs = nullptr;
    ElidedLabel* m_modelPath = nullptr;
    QLabel* m_modelFacts = nullptr;
    QLabel* m_modelError = nullptr;
    QListWidget* m_dataList = nullptr;
    QPushButton* m_removeData = nullptr;
    TrainOptionsPanel* m_options = nullptr;
    TrainScope m_checkedScope = TrainScope::Routers;  // the scope m_modelProblem was checked for
    QLineEdit* m_output = nullptr;
    QPushButton* m_start = nullptr;
    QPushButton* m_cancel = nullptr;
    QProgressBar* m_progress = nullptr;
    QLabel* m_progressText = nullptr;
    TrainingPlot* m_lossPlot = nullptr;
    TrainingPlot* m_balancePlot = nullptr;
    QLabel* m_summary = nullptr;
    QPushButton* m_openTrained = nullptr;
    QPlainTextEdit* m_sampleEdit = nullptr;
    QPushButton* m_routeSample = nullptr;
    QPushButton* m_openSample = nullptr;
    QLabel* m_sampleStatus = nullptr;
    TokenView* m_sampleTokens = nullptr;
    ExpertLegend* m_sampleLegend = nullptr;
};

}  // namespace moe
