// The Train page (issue 8), offscreen, on a tiny BTX model composed from two perturbed qwen3 fixtures
// with the bytebpe512 tokenizer: a short run fills the plots and the progress and writes the output;
// Cancel writes nothing; a sample routed while training runs uses the current routers (not the
// folder's), before and after a run the folder's or the trained ones; bad model folders and a failing
// run are reported; a non-empty output folder is replaced only when confirmed; "Open in Analyse" from
// the main window; the inputs survive a new page.

// LibTorch headers (the fixtures) before Qt's.
#include "compose_fixtures.h"

#include "analyse_hand_trace.h"
#include "core/compose/composer.h"
#include "ui/analyse_page.h"
#include "ui/main_window.h"
#include "ui/route_runner.h"
#include "ui/train_options_panel.h"
#include "ui/train_page.h"
#include "ui/train_run.h"
#include "widgets/expert_legend.h"
#include "widgets/token_view.h"
#include "widgets/training_plot.h"

#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QLabel>
#include <QMessageBox>
#include <QProgressBar>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

#include <cmath>
#include <filesystem>
#include <fstream>

using moe::TrainPage;
namespace fs = std::filesystem;

namespace {

constexpr int kTimeoutMs = 120000;
const QString kTokenizer = QStringLiteral(MOE_TEST_DATA "/tokenizers/bytebpe512");
const QString kSample = QStringLiteral("The quick brown fox jumps over the lazy dog. int main() { return 0; }");

// Short, fast runs: 4 windows of 24 tokens per step.
moe::TrainOptions quickOptions(int steps)
{
    moe::TrainOptions o;
    o.steps = steps;
    o.batchSize = 4;
    o.seqLen = 24;
    o.lr = 0.05;
    o.warmupSteps = 2;
    o.evalEvery = 4;
    o.evalBatches = 2;
    o.seed = 3;
    return o;
}

// Waits in real time (QTRY_* counts its polling steps, which a busy event loop stretches).
template <typename Predicate>
bool waitFor(Predicate done, int timeoutMs = kTimeoutMs)
{
    return QTest::qWaitFor(done, timeoutMs);
}

bool waitIdle(const TrainPage& page)
{
    return waitFor([&] { return !page.isTraining(); });
}

QMessageBox* shownBox(const QWidget& parent, const QString& name)
{
    for (auto* box : parent.findChildren<QMessageBox*>(name))
        if (box->isVisible()) return box;
    return nullptr;
}

// The largest difference between the routing weights of two traces of the same tokens.
double weightDiff(const moe::Trace& a, const moe::Trace& b)
{
    if (a.weights.size() != b.weights.size()) return INFINITY;
    double d = 0;
    for (std::size_t i = 0; i < a.weights.size(); ++i) d = std::max(d, double(std::abs(a.weights[i] - b.weights[i])));
    return d;
}

}  // namespace

class TestGuiTrain : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanup();
    void shortRunPlotsAndWrites();
    void cancelWritesNothing();
    void sampleUsesCurrentRouters();
    void badModelFolders();
    void trainableScopeDecidesTheModel();
    void failingRunShowsError();
    void replaceNeedsConfirmation();
    void mainWindowOpensInAnalyse();
    void settingsRoundTrip();

private:
    void setUp(TrainPage& page, const QString& out, int steps);

    QTemporaryDir m_dir;
    QString m_model, m_corpus;
};

void TestGuiTrain::initTestCase()
{
    isolateSettings();
    QVERIFY(m_dir.isValid());
    // A BTX model over two perturbed qwen3 fixtures (2 experts, top-1, gate/up routers in 3 blocks).
    const auto a = moe::testing::perturbed(m_dir, "qwen3", 1), b = moe::testing::perturbed(m_dir, "qwen3", 2);
    for (const char* f : {"tokenizer.json", "tokenizer_config.json"})
        QVERIFY(QFile::copy(kTokenizer + QLatin1Char('/') + QLatin1String(f), QString::fromStdString(a + "/" + f)));
    const auto config = moe::testing::makeConfig(moe::ComposeMethod::Btx, {a, b}, 1, {"mlp.gate_proj", "mlp.up_proj"});
    m_model = m_dir.filePath(QStringLiteral("btx"));
    moe::compose(config, {.outDir = m_model.toStdString()});
    QVERIFY(QFile::exists(m_model + QStringLiteral("/tokenizer.json")));
    m_corpus = m_dir.filePath(QStringLiteral("corpus.txt"));
    std::ofstream out(m_corpus.toStdString());
    for (int i = 0; i < 60; ++i)
        out << "The quick brown fox " << i << " jumps over the lazy dog.\nint main() { return " << i * 7 << "; }\n";
}

void TestGuiTrain::cleanup()
{
    QSettings().clear();
}

void TestGuiTrain::setUp(TrainPage& page, const QString& out, int steps)
{
    page.setModelFolder(m_model);
    page.setDataFiles({m_corpus});
    page.setOutputFolder(out);
    page.setOptions(quickOptions(steps));
}

void TestGuiTrain::shortRunPlotsAndWrites()
{
    TrainPage page;
    const QString out = m_dir.filePath(QStringLiteral("trained"));
    setUp(page, out, 8);
    QVERIFY2(page.modelProblem().isEmpty(), qPrintable(page.modelProblem()));
    const QString facts = page.modelSummaryLabel()->text();
    QVERIFY2(facts.contains(QLatin1String("BTX")) && facts.contains(QLatin1String("2 experts")) && facts.contains(QLatin1String("routers")),
             qPrintable(facts));
    QVERIFY(page.startButton()->isEnabled());

    QSignalSpy progressed(page.run(), &moe::TrainRun::progressed);
    QVERIFY(page.start());
    QVERIFY(page.isTraining());  // the worker runs; the GUI thread does not wait for it
    QVERIFY(!page.startButton()->isEnabled());
    QVERIFY(page.cancelButton()->isEnabled());
    QVERIFY(waitIdle(page));
    QVERIFY(progressed.count() >= 1);

    // Every step in the plots: total, cross entropy and the balance term per step, held-out at 4 and 8.
    QCOMPARE(page.lossPlot()->pointCount(TrainPage::TotalLoss), 8);
    QCOMPARE(page.lossPlot()->pointCount(TrainPage::CrossEntropy), 8);
    QCOMPARE(page.lossPlot()->pointCount(TrainPage::HeldOutLoss), 2);
    QCOMPARE(page.balancePlot()->pointCount(TrainPage::BalanceTerm), 8);
    QVERIFY(page.balancePlot()->lastValue(TrainPage::BalanceTerm) > 0);
    QVERIFY(page.lossPlot()->lastValue(TrainPage::TotalLoss) > page.lossPlot()->lastValue(TrainPage::CrossEntropy));
    QCOMPARE(page.progressBar()->maximum(), 8);
    QCOMPARE(page.progressBar()->value(), 8);

    // The output, and a summary naming it with the figures of the run.
    for (const char* f : {"model.safetensors", "config.json", "tokenizer.json", "trainer_state.safetensors"})
        QVERIFY2(QFile::exists(out + QLatin1Char('/') + QLatin1String(f)), f);
    QCOMPARE(page.trainedFolder(), out);
    const QString summary = page.summaryLabel()->text();
    QVERIFY2(summary.contains(QLatin1String("Trained 8 steps")) && summary.contains(QLatin1String("perplexity")) &&
                 summary.contains(QLatin1String("6 tensors trained")) && summary.contains(QDir::toNativeSeparators(out)),
             qPrintable(summary));
    QVERIFY(page.openTrainedButton()->isVisibleTo(&page));
    QSignalSpy open(&page, &TrainPage::openInAnalyseRequested);
    page.openTrainedButton()->click();
    QCOMPARE(open.count(), 1);
    QCOMPARE(open.at(0).at(0).toString(), out);

    // After the run, a sample goes through the trained model.
    page.setSampleText(kSample);
    QVERIFY(page.routeSample());
    QVERIFY(waitFor([&] { return page.sampleTrace() != nullptr; }));
    QVERIFY2(page.sampleSource().contains(QLatin1String("trained")), qPrintable(page.sampleSource()));
    QCOMPARE(page.sampleRunner()->cachedModelDir(), QFileInfo(out).canonicalFilePath());
    QCOMPARE(page.sampleTrace()->numExperts(), std::size_t(2));
}

void TestGuiTrain::cancelWritesNothing()
{
    TrainPage page;
    const QString out = m_dir.filePath(QStringLiteral("cancelled"));
    setUp(page, out, 100000);
    QVERIFY(page.start());
    QVERIFY(waitFor([&] { return page.lossPlot()->pointCount(TrainPage::TotalLoss) >= 2; }));
    QVERIFY(page.isTraining());
    QCOMPARE(page.progressBar()->maximum(), 100000);
    QVERIFY(page.progressBar()->value() >= 2);
    const QString progress = page.progressLabel()->text();
    QVERIFY2(progress.contains(QLatin1String("/ 100000")) && progress.contains(QLatin1String("elapsed")) &&
                 progress.contains(QLatin1String("ETA")),
             qPrintable(progress));

    page.cancelButton()->click();
    QVERIFY(!page.cancelButton()->isEnabled());
    QVERIFY(waitIdle(page));
    QVERIFY(!QFileInfo::exists(out));
    // Nor the hidden temporary folder the output is built in.
    const QStringList left = QDir(m_dir.path()).entryList({QStringLiteral("*cancelled*")}, QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot);
    QVERIFY2(left.isEmpty(), qPrintable(left.join(QLatin1Char(' '))));
    QVERIFY2(page.summaryLabel()->text().contains(QLatin1String("cancelled")), qPrintable(page.summaryLabel()->text()));
    QVERIFY(!page.openTrainedButton()->isVisibleTo(&page));
    QVERIFY(page.trainedFolder().isEmpty());
    QVERIFY(page.lossPlot()->pointCount(TrainPage::TotalLoss) < 100000);
    QVERIFY(page.startButton()->isEnabled());
}

void TestGuiTrain::sampleUsesCurrentRouters()
{
    TrainPage page;
    setUp(page, m_dir.filePath(QStringLiteral("sampled")), 100000);
    page.setSampleText(kSample);

    // Before the run: through the model folder.
    QVERIFY(page.routeSample());
    QVERIFY(waitFor([&] { return page.sampleTrace() != nullptr && !page.isRoutingSample(); }));
    QVERIFY2(page.sampleSource().contains(QLatin1String("model folder")), qPrintable(page.sampleSource()));
    const moe::Trace before = *page.sampleTrace();
    QCOMPARE(before.numExperts(), std::size_t(2));
    QVERIFY(before.numTokens() > 5);

    // While training: between two steps, with the routers as they are then.
    QVERIFY(page.start());
    QVERIFY(waitFor([&] { return page.lossPlot()->pointCount(TrainPage::TotalLoss) >= 6; }));
    QVERIFY(page.routeSample());
    QVERIFY(page.isRoutingSample());
    QVERIFY(waitFor([&] { return page.sampleSource().contains(QLatin1String("after step")); }));
    QVERIFY(page.isTraining());
    const moe::Trace& during = *page.sampleTrace();
    QCOMPARE(during.numExperts(), std::size_t(2));
    QCOMPARE(during.experts, before.experts);
    QCOMPARE(during.tokens, before.tokens);
    QCOMPARE(page.sampleTokenView()->tokenCount(), int(during.numTokens()));
    QCOMPARE(page.sampleLegend()->count(), 2);
    // Trained routers (lr 0.05, several steps) route differently from the folder's.
    const double diff = weightDiff(before, during);
    QVERIFY2(diff > 1e-3, qPrintable(QString::number(diff)));
    QVERIFY(page.openSampleButton()->isEnabled());

    page.cancel();
    QVERIFY(waitIdle(page));
    // After a cancelled run nothing was written: the folder's routers again.
    QVERIFY(page.routeSample());
    QVERIFY(waitFor([&] { return page.sampleSource().contains(QLatin1String("model folder")) && !page.isRoutingSample(); }));
    QCOMPARE(page.sampleTrace()->numExperts(), std::size_t(2));
    QVERIFY(weightDiff(before, *page.sampleTrace()) < 1e-6);
}

void TestGuiTrain::badModelFolders()
{
    TrainPage page;
    const auto refused = [&](const QString& dir, const QString& expected) {
        page.setModelFolder(dir);
        page.setDataFiles({m_corpus});
        page.setOutputFolder(m_dir.filePath(QStringLiteral("never")));
        const QString problem = page.modelProblem();
        if (!problem.contains(expected)) return QStringLiteral("problem '%1' lacks '%2'").arg(problem, expected);
        if (!page.modelProblemLabel()->isVisibleTo(&page) || page.modelProblemLabel()->text() != problem) return QStringLiteral("problem not shown");
        if (page.startButton()->isEnabled()) return QStringLiteral("Start enabled");
        if (page.start() || page.isTraining()) return QStringLiteral("started");
        if (QFileInfo::exists(m_dir.filePath(QStringLiteral("never")))) return QStringLiteral("wrote output");
        return QString();
    };
    // A dense model with a tokenizer: nothing to train.
    const QString dense = m_dir.filePath(QStringLiteral("dense"));
    QVERIFY(QDir().mkpath(dense));
    for (const QString& f : QDir(QStringLiteral(MOE_TEST_DATA "/models/qwen3")).entryList(QDir::Files))
        QVERIFY(QFile::copy(QStringLiteral(MOE_TEST_DATA "/models/qwen3/") + f, dense + QLatin1Char('/') + f));
    QVERIFY(QFile::copy(kTokenizer + QStringLiteral("/tokenizer.json"), dense + QStringLiteral("/tokenizer.json")));
    QString why = refused(dense, QStringLiteral("dense model has no routers or stitch layers to train"));
    QVERIFY2(why.isEmpty(), qPrintable(why));
    // A composed model without its tokenizer.
    const QString noTokenizer = m_dir.filePath(QStringLiteral("no_tokenizer"));
    QVERIFY(QDir().mkpath(noTokenizer));
    for (const QString& f : QDir(m_model).entryList(QDir::Files))
        if (!f.startsWith(QLatin1String("tokenizer"))) QVERIFY(QFile::copy(m_model + QLatin1Char('/') + f, noTokenizer + QLatin1Char('/') + f));
    why = refused(noTokenizer, QStringLiteral("no tokenizer.json"));
    QVERIFY2(why.isEmpty(), qPrintable(why));
    // No config.json, and no folder at all.
    const QString empty = m_dir.filePath(QStringLiteral("empty"));
    QVERIFY(QDir().mkpath(empty));
    why = refused(empty, QStringLiteral("config.json"));
    QVERIFY2(why.isEmpty(), qPrintable(why));
    why = refused(m_dir.filePath(QStringLiteral("missing")), QStringLiteral("not a model folder"));
    QVERIFY2(why.isEmpty(), qPrintable(why));

    // A good folder clears the problem; the output may not be the model folder itself.
    page.setModelFolder(m_model);
    QVERIFY(page.modelProblem().isEmpty());
    QVERIFY(!page.modelProblemLabel()->isVisibleTo(&page));
    page.setOutputFolder(m_model);
    QVERIFY(!page.start());
    QVERIFY2(page.summaryLabel()->text().contains(QLatin1String("must not be the model folder")), qPrintable(page.summaryLabel()->text()));
}

// "Trainable" decides what a model folder must be: routers need a routed model, every weight / MLPs only
// a dense one; changing it re-checks the chosen folder, and an MLP-only run of a dense model trains.
void TestGuiTrain::trainableScopeDecidesTheModel()
{
    const QString dense = m_dir.filePath(QStringLiteral("dense_scoped"));
    QVERIFY(QDir().mkpath(dense));
    for (const QString& f : QDir(QStringLiteral(MOE_TEST_DATA "/models/qwen3")).entryList(QDir::Files))
        QVERIFY(QFile::copy(QStringLiteral(MOE_TEST_DATA "/models/qwen3/") + f, dense + QLatin1Char('/') + f));
    QVERIFY(QFile::copy(kTokenizer + QStringLiteral("/tokenizer.json"), dense + QStringLiteral("/tokenizer.json")));
    TrainPage page;
    const QString out = m_dir.filePath(QStringLiteral("dense_trained"));
    page.setOptions(quickOptions(4));
    page.setModelFolder(dense);
    page.setDataFiles({m_corpus});
    page.setOutputFolder(out);
    QVERIFY(page.modelProblem().contains(QLatin1String("dense model has no routers")));
    QVERIFY(!page.startButton()->isEnabled());

    auto* scope = page.findChild<QComboBox*>(QStringLiteral("trainableBox"));
    QVERIFY(scope);
    scope->setCurrentIndex(scope->findData(int(moe::TrainScope::Mlp)));  // as a user picks it
    QVERIFY2(page.modelProblem().isEmpty(), qPrintable(page.modelProblem()));
    QVERIFY(page.modelSummaryLabel()->text().contains(QLatin1String("trains the MLPs")));
    QVERIFY(page.startButton()->isEnabled());
    QVERIFY(page.start());
    QVERIFY(waitIdle(page));
    QVERIFY2(QFileInfo::exists(out + QStringLiteral("/model.safetensors")), qPrintable(page.summaryLabel()->text()));

    page.setModelFolder(m_model);  // a routed model with "MLPs only"
    QVERIFY(page.modelProblem().contains(QLatin1String("a routed model")));
    QVERIFY(!page.startButton()->isEnabled());
    scope->setCurrentIndex(scope->findData(int(moe::TrainScope::Routers)));
    QVERIFY(page.modelProblem().isEmpty());
    QVERIFY(page.modelSummaryLabel()->text().contains(QLatin1String("trains the routers")));
}

void TestGuiTrain::failingRunShowsError()
{
    TrainPage page;
    page.show();
    const QString out = m_dir.filePath(QStringLiteral("failed"));
    setUp(page, out, 4);
    const QString missing = m_dir.filePath(QStringLiteral("no-such-text.txt"));
    page.setDataFiles({missing});
    QVERIFY(page.start());
    QVERIFY(waitIdle(page));
    QMessageBox* box = nullptr;
    QTRY_VERIFY((box = shownBox(page, QStringLiteral("trainErrorBox"))) != nullptr);
    // The core's one-line message, naming the file.
    QVERIFY2(box->text().contains(QLatin1String("no-such-text.txt")) && !box->text().contains(QLatin1Char('\n')), qPrintable(box->text()));
    QVERIFY2(page.summaryLabel()->text().startsWith(QLatin1String("Training failed")), qPrintable(page.summaryLabel()->text()));
    QVERIFY(!QFileInfo::exists(out));
    box->close();
}

void TestGuiTrain::replaceNeedsConfirmation()
{
    TrainPage page;
    page.show();
    const QString out = m_dir.filePath(QStringLiteral("occupied"));
    QVERIFY(QDir().mkpath(out));
    QFile keep(out + QStringLiteral("/keep.txt"));
    QVERIFY(keep.open(QIODevice::WriteOnly));
    keep.close();
    setUp(page, out, 2);

    QVERIFY(page.start());
    QMessageBox* box = nullptr;
    QTRY_VERIFY((box = shownBox(page, QStringLiteral("replaceTrainOutputBox"))) != nullptr);
    QVERIFY(!page.isTraining());  // asked first
    box->button(QMessageBox::Cancel)->click();
    QTRY_VERIFY(shownBox(page, QStringLiteral("replaceTrainOutputBox")) == nullptr);
    QVERIFY(!page.isTraining());
    QVERIFY(QFile::exists(out + QStringLiteral("/keep.txt")));

    QVERIFY(page.start());
    QTRY_VERIFY((box = shownBox(page, QStringLiteral("replaceTrainOutputBox"))) != nullptr);
    box->button(QMessageBox::Yes)->click();
    QTRY_VERIFY(page.isTraining() || page.trainedFolder() == out);
    QVERIFY(waitIdle(page));
    QCOMPARE(page.trainedFolder(), out);
    QVERIFY(!QFile::exists(out + QStringLiteral("/keep.txt")));
    QVERIFY(QFile::exists(out + QStringLiteral("/model.safetensors")));
}

void TestGuiTrain::mainWindowOpensInAnalyse()
{
    moe::MainWindow window;
    TrainPage* page = window.trainPage();
    QVERIFY(page);
    QCOMPARE(window.pages()->widget(moe::MainWindow::TrainPage), page);
    window.setCurrentPage(moe::MainWindow::TrainPage);
    const QString out = m_dir.filePath(QStringLiteral("window"));
    setUp(*page, out, 2);
    page->setSampleText(kSample);
    QVERIFY(page->routeSample());
    QVERIFY(waitFor([&] { return page->sampleTrace() != nullptr; }));

    // The routed sample opens as the Analyse page's trace.
    page->openSampleButton()->click();
    QCOMPARE(window.currentPage(), int(moe::MainWindow::AnalysePage));
    QVERIFY(window.analysePage()->hasTrace());
    QCOMPARE(window.analysePage()->document()->trace().tokens, page->sampleTrace()->tokens);
    QCOMPARE(window.analysePage()->document()->trace().numExperts(), std::size_t(2));

    // The trained model folder opens as the Analyse page's model.
    window.setCurrentPage(moe::MainWindow::TrainPage);
    QVERIFY(page->start());
    QVERIFY(waitIdle(*page));
    page->openTrainedButton()->click();
    QCOMPARE(window.currentPage(), int(moe::MainWindow::AnalysePage));
    QCOMPARE(window.analysePage()->modelFolder(), out);
}

void TestGuiTrain::settingsRoundTrip()
{
    moe::TrainOptions o = quickOptions(33);
    o.alpha = 0.2;
    o.weightDecay = 0.05;
    o.clipNorm = 0;
    o.evalFraction = 0.25;
    o.scope = moe::TrainScope::Mlp;
    const QString out = m_dir.filePath(QStringLiteral("remembered"));
    {
        TrainPage page;
        setUp(page, out, 33);
        page.setOptions(o);
        page.setSampleText(kSample);
    }
    TrainPage page;
    QCOMPARE(page.modelFolder(), m_model);
    QCOMPARE(page.dataFiles(), QStringList{QDir::toNativeSeparators(m_corpus)});
    QCOMPARE(page.outputFolder(), out);
    QCOMPARE(page.sampleText(), kSample);
    const moe::TrainOptions r = page.options();
    QCOMPARE(r.steps, 33);
    QVERIFY(r.scope == moe::TrainScope::Mlp);
    QCOMPARE(r.batchSize, o.batchSize);
    QCOMPARE(r.seqLen, o.seqLen);
    QCOMPARE(r.lr, o.lr);
    QCOMPARE(r.warmupSteps, o.warmupSteps);
    QCOMPARE(r.weightDecay, o.weightDecay);
    QCOMPARE(r.clipNorm, 0.0);
    QCOMPARE(r.alpha, o.alpha);
    QCOMPARE(r.seed, o.seed);
    QCOMPARE(r.evalFraction, o.evalFraction);
    QCOMPARE(r.evalEvery, o.evalEvery);
    QCOMPARE(r.evalBatches, o.evalBatches);
}

QTEST_MAIN(TestGuiTrain)
#include "test_gui_train.moc"
