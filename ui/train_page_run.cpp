// TrainPage: Start (with the replace-folder question), Cancel, the progress (step / total, elapsed,
// ETA), the live plots, the summary of a finished run and the error dialog.

#include "ui/train_page.h"

#include "ui/route_runner.h"
#include "ui/train_options_panel.h"
#include "ui/train_run.h"
#include "widgets/training_plot.h"

#include <QDir>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSplitter>
#include <QTimer>
#include <QVBoxLayout>

namespace moe {
namespace {

constexpr int kReplotMs = 250;

QString duration(double seconds)
{
    const qint64 s = qint64(seconds + 0.5);
    return s >= 3600 ? QStringLiteral("%1:%2:%3").arg(s / 3600).arg(s / 60 % 60, 2, 10, QLatin1Char('0')).arg(s % 60, 2, 10, QLatin1Char('0'))
                     : QStringLiteral("%1:%2").arg(s / 60).arg(s % 60, 2, 10, QLatin1Char('0'));
}

QString number(double v)
{
    return QString::number(v, 'f', v >= 1000 ? 1 : 4);
}

}  // namespace

QWidget* TrainPage::createRunBar()
{
    auto* bar = new QWidget;
    bar->setObjectName(QStringLiteral("trainRunBar"));
    m_start = new QPushButton(tr("Start Training"));
    m_start->setObjectName(QStringLiteral("startTrainButton"));
    m_start->setDefault(true);
    connect(m_start, &QPushButton::clicked, this, &TrainPage::start);
    m_cancel = new QPushButton(tr("Cancel"));
    m_cancel->setObjectName(QStringLiteral("cancelTrainButton"));
    m_cancel->setToolTip(tr("Stop after the current step; nothing is written"));
    connect(m_cancel, &QPushButton::clicked, this, &TrainPage::cancel);
    m_progress = new QProgressBar;
    m_progress->setObjectName(QStringLiteral("trainProgress"));
    m_progress->setRange(0, 1);
    m_progress->setValue(0);
    m_progress->setFormat(QStringLiteral("%v / %m"));
    m_progressText = new QLabel;
    m_progressText->setObjectName(QStringLiteral("trainProgressText"));
    m_progressText->setWordWrap(true);
    m_clock = new QTimer(this);
    m_clock->setInterval(1000);
    connect(m_clock, &QTimer::timeout, this, &TrainPage::updateProgressText);
    // A redraw costs time linear in the points drawn: a long run must not keep the GUI thread busy.
    m_replot = new QTimer(this);
    m_replot->setSingleShot(true);
    m_replot->setInterval(kReplotMs);
    connect(m_replot, &QTimer::timeout, this, &TrainPage::refreshPlots);

    auto* buttons = new QHBoxLayout;
    buttons->addWidget(m_start, 1);
    buttons->addWidget(m_cancel);
    auto* v = new QVBoxLayout(bar);
    v->setContentsMargins(0, 8, 0, 0);
    v->addLayout(buttons);
    v->addWidget(m_progress);
    v->addWidget(m_progressText);
    return bar;
}

QWidget* TrainPage::createPlots()
{
    auto* plots = new QSplitter(Qt::Horizontal);
    plots->setObjectName(QStringLiteral("trainPlots"));
    plots->setChildrenCollapsible(false);
    m_lossPlot = new TrainingPlot;
    m_lossPlot->setObjectName(QStringLiteral("lossPlot"));
    m_lossPlot->addSeries(tr("total loss"), 0);
    m_lossPlot->addSeries(tr("cross entropy"), 1);
    m_lossPlot->addSeries(tr("held-out loss"), 2, true);
    m_lossPlot->yAxis->setLabel(tr("loss (nats / token)"));
    m_balancePlot = new TrainingPlot;
    m_balancePlot->setObjectName(QStringLiteral("balancePlot"));
    m_balancePlot->addSeries(tr("\u03B1 \u00D7 load-balancing loss, summed over routers"), 3);
    m_balancePlot->yAxis->setLabel(tr("load-balancing term"));
    plots->addWidget(m_lossPlot);
    plots->addWidget(m_balancePlot);
    return plots;
}

QWidget* TrainPage::createSummary()
{
    auto* box = new QWidget;
    auto* row = new QHBoxLayout(box);
    row->setContentsMargins(0, 4, 0, 4);
    m_summary = new QLabel;
    m_summary->setObjectName(QStringLiteral("trainSummary"));
    m_summary->setWordWrap(true);
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_openTrained = new QPushButton(tr("Open in Analyse"));
    m_openTrained->setObjectName(QStringLiteral("openTrainedButton"));
    m_openTrained->setToolTip(tr("Route text through the trained model in the Analyse page"));
    m_openTrained->setVisible(false);
    connect(m_openTrained, &QPushButton::clicked, this, [this] { emit openInAnalyseRequested(m_trainedDir); });
    row->addWidget(m_summary, 1);
    row->addWidget(m_openTrained, 0, Qt::AlignTop);
    return box;
}

void TrainPage::connectRun()
{
    connect(m_run, &TrainRun::progressed, this, &TrainPage::showProgress);
    connect(m_run, &TrainRun::succeeded, this, &TrainPage::runSucceeded);
    connect(m_run, &TrainRun::failed, this, [this](const QString& message) { runEnded(message, true); });
    connect(m_run, &TrainRun::cancelled, this, [this] {
        runEnded(m_last ? tr("Training cancelled after step %1: nothing was written.").arg(m_last->step)
                        : tr("Training cancelled: nothing was written."),
                 false);
    });
    connect(m_run, &TrainRun::finished, this, [this] {
        m_clock->stop();
        refreshPlots();  // the last steps
        updateButtons();
        routePendingSample();
    });
    connect(m_run, &TrainRun::sampleRouted, this, [this](const Trace& trace, int step) {
        m_sampleInRun = false;
        showSample(trace, tr("the routers after step %1 of %2").arg(step).arg(m_totalSteps));
    });
    connect(m_run, &TrainRun::sampleFailed, this, &TrainPage::sampleFailed);
    connect(m_router, &RouteRunner::finished, this, [this](const Trace& trace) { showSample(trace, m_pendingSource); });
    connect(m_router, &RouteRunner::failed, this, &TrainPage::sampleFailed);
    connect(m_options, &TrainOptionsPanel::changed, this, &TrainPage::updateButtons);
    connect(m_sampleEdit, &QPlainTextEdit::textChanged, this, &TrainPage::updateButtons);
}

void TrainPage::updateButtons()
{
    const bool running = m_run->isRunning();
    m_inputs->setEnabled(!running);
    m_start->setEnabled(!running && !m_modelDir.isEmpty() && m_modelProblem.isEmpty() && m_dataList->count() > 0 &&
                        !m_output->text().trimmed().isEmpty());
    m_cancel->setEnabled(running && !m_run->isCancelRequested());
    m_removeData->setEnabled(!m_dataList->selectedItems().isEmpty());
    m_routeSample->setEnabled(!sampleText().trimmed().isEmpty() && (running || !sampleFolder().isEmpty()));
    m_openSample->setEnabled(m_sample.has_value());
}

bool TrainPage::start()
{
    if (m_run->isRunning()) return false;
    if (!m_modelDir.isEmpty()) setModelFolder(m_modelDir);  // the folder may have changed since it was chosen
    const QString out = outputFolder();
    QString missing;
    if (m_modelDir.isEmpty()) missing = tr("Choose the model folder to train first.");
    else if (!m_modelProblem.isEmpty()) missing = m_modelProblem;
    else if (dataFiles().isEmpty()) missing = tr("Add at least one training text file.");
    else if (out.isEmpty()) missing = tr("Choose the output folder.");
    else if (QFileInfo(out) == QFileInfo(m_modelDir))
        missing = tr("The output folder must not be the model folder: the trained model is written as a new folder.");
    if (!missing.isEmpty()) {  // said on the page; nothing failed yet, so no dialog
        m_summary->setText(missing);
        m_summary->setStyleSheet(QStringLiteral("color: #C62828;"));
        m_openTrained->setVisible(false);
        emit statusMessage(missing);
        return false;
    }
    const QDir dir(out);
    if (dir.exists() && !dir.isEmpty(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden | QDir::System)) {
        auto* box = new QMessageBox(QMessageBox::Warning, tr("Replace Folder?"),
                                    tr("%1 is not empty. Replace its contents with the trained model?\nThe old contents are "
                                       "removed only once training is complete.")
                                        .arg(QDir::toNativeSeparators(out)),
                                    QMessageBox::Yes | QMessageBox::Cancel, this);
        box->setObjectName(QStringLiteral("replaceTrainOutputBox"));
        box->setAttribute(Qt::WA_DeleteOnClose);
        connect(box, &QMessageBox::finished, this, [this, box] {
            if (box->clickedButton() == box->button(QMessageBox::Yes)) launch(true);
        });
        box->open();  // window-modal without blocking
        return true;
    }
    launch(false);
    return true;
}

void TrainPage::launch(bool force)
{
    const TrainOptions o = m_options->options();
    saveSession();
    m_totalSteps = o.steps;
    m_firstStep = -1;
    m_last.reset();
    m_lastEval.reset();
    m_lastPerplexity.reset();
    m_trainedDir.clear();
    for (TrainingPlot* plot : {m_lossPlot, m_balancePlot}) {
        plot->setStepRange(0, o.steps);
        plot->clearData();
    }
    m_summary->clear();
    m_summary->setStyleSheet(QString());
    m_openTrained->setVisible(false);
    m_progress->setRange(0, 0);  // busy until the first step: loading the model, tokenizing the text
    m_progressText->setText(tr("Loading the model and tokenizing the text…"));
    m_run->start(m_modelDir, dataFiles(), outputFolder(), force, o);
    m_clock->start();
    updateButtons();
    emit statusMessage(tr("Training %1…").arg(QDir::toNativeSeparators(m_modelDir)));
}

void TrainPage::cancel()
{
    if (!m_run->isRunning()) return;
    m_run->cancel();
    m_progressText->setText(tr("Cancelling after the current step…"));
    updateButtons();
}

bool TrainPage::isTraining() const
{
    return m_run->isRunning();
}

bool TrainPage::confirmClose()
{
    if (!m_run->isRunning()) return true;
    QMessageBox box(QMessageBox::Question, tr("Stop Training?"),
                    tr("Training is running. Stop it and close? Nothing of this run is saved."),
                    QMessageBox::Yes | QMessageBox::Cancel, this);
    box.setObjectName(QStringLiteral("stopTrainingBox"));
    if (box.exec() != QMessageBox::Yes) return false;
    m_run->cancel();
    return true;
}

void TrainPage::showProgress(const QList<TrainProgress>& steps)
{
    for (const TrainProgress& p : steps) {
        if (m_firstStep < 0) m_firstStep = p.step - 1;  // a resumed run starts after the saved step
        m_lossPlot->append(TotalLoss, p.step, p.loss);
        m_lossPlot->append(CrossEntropy, p.step, p.crossEntropy);
        if (p.evalLoss) {
            m_lossPlot->append(HeldOutLoss, p.step, *p.evalLoss);
            m_lastEval = p.evalLoss;
            m_lastPerplexity = p.evalPerplexity;
        }
        m_balancePlot->append(BalanceTerm, p.step, p.balance);
    }
    if (steps.isEmpty()) return;
    m_last = steps.last();
    if (!m_replot->isActive()) m_replot->start();
    m_progress->setRange(0, m_last->steps);
    m_progress->setValue(m_last->step);
    updateProgressText();
}

void TrainPage::refreshPlots()
{
    m_replot->stop();
    m_lossPlot->refresh();
    m_balancePlot->refresh();
}

void TrainPage::updateProgressText()
{
    if (!m_run->isRunning() || !m_last) return;
    const TrainProgress& p = *m_last;
    QString text = tr("Step %1 / %2 · %3 elapsed").arg(p.step).arg(p.steps).arg(duration(m_run->elapsedSeconds()));
    const int done = p.step - m_firstStep;
    if (done > 0 && p.step < p.steps) text += tr(" · ETA %1").arg(duration(p.elapsedSeconds / done * (p.steps - p.step)));
    text += tr(" · loss %1").arg(number(p.loss));
    if (m_lastEval) text += tr(" · held-out %1").arg(number(*m_lastEval));
    if (m_run->isCancelRequested()) text = tr("Cancelling after the current step… ") + text;
    m_progressText->setText(text);
}

void TrainPage::runSucceeded(const TrainSummary& s)
{
    m_trainedDir = m_run->outDir();
    const QString out = QDir::toNativeSeparators(m_trainedDir);
    const int done = s.steps - s.startStep;
    QString text;
    if (done <= 0) {
        text = tr("Nothing left to train: the model had already done %1 of %2 steps. Wrote %3.").arg(s.startStep).arg(s.steps).arg(out);
    } else {
        text = s.startStep > 0 ? tr("Trained steps %1–%2 of %2 in %3.").arg(s.startStep + 1).arg(s.steps).arg(duration(m_run->elapsedSeconds()))
                               : tr("Trained %1 steps in %2.").arg(s.steps).arg(duration(m_run->elapsedSeconds()));
        text += QLatin1Char(' ') + tr("Loss %1 → %2; held-out loss %3, perplexity %4.")
                                       .arg(number(s.firstLoss), number(s.lastLoss), number(s.evalLoss),
                                            QString::number(s.evalPerplexity, 'f', s.evalPerplexity >= 100 ? 1 : 2));
        const auto count = [](std::size_t n, const QString& one, const QString& many) { return n == 1 ? one : many.arg(n); };
        text += QLatin1Char(' ') + count(s.trained.size(), tr("1 tensor trained."), tr("%1 tensors trained."));
        text += QLatin1Char(' ') + tr("Wrote %1 (%2).").arg(out, count(s.files.size(), tr("1 file"), tr("%1 files")));
    }
    QStringList tensors;
    for (const auto& name : s.trained) tensors << QString::fromStdString(name);
    m_summary->setText(text);
    m_summary->setToolTip(tensors.join(QLatin1Char('\n')));
    m_summary->setStyleSheet(QString());
    m_openTrained->setVisible(true);
    m_progress->setRange(0, std::max(1, s.steps));
    m_progress->setValue(std::max(1, s.steps));
    m_progressText->setText(tr("Done in %1").arg(duration(m_run->elapsedSeconds())));
    emit statusMessage(tr("Trained %1").arg(out));
}

void TrainPage::runEnded(const QString& text, bool error)
{
    m_summary->setText(error ? tr("Training failed: %1").arg(text) : text);
    m_summary->setToolTip(QString());
    m_summary->setStyleSheet(error ? QStringLiteral("color: #C62828;") : QString());
    m_openTrained->setVisible(false);
    m_progress->setRange(0, std::max(1, m_totalSteps));
    m_progress->setValue(m_last ? m_last->step : 0);
    m_progressText->setText(error ? tr("Failed") : tr("Cancelled"));
    emit statusMessage(error ? tr("Training failed") : text);
    if (error) showError(text);
}

void TrainPage::showError(const QString& message)
{
    auto* box = new QMessageBox(QMessageBox::Critical, tr("Training Failed"), message, QMessageBox::Ok, this);
    box->setObjectName(QStringLiteral("trainErrorBox"));
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();  // window-modal without blocking, so scripts and tests never hang on it
}

}  // namespace moe
