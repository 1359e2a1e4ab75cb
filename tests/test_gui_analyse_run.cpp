// The Analyse page running a model on text (issue 6): a native MoE fixture (qwen3_moe, vocab 512) with
// the bytebpe512 tokenizer routed in the worker thread — one chip per token, the model cached for the
// next text; Cancel leaving the previous trace shown; errors for folders without a tokenizer, dense
// models and folders without a config; saving the routed trace; settings and recent files surviving a
// new page; the comparison pane following the primary filters; BTS stitch sites and the hub labelled.

#include "core/routing/trace.h"
#include "core/tokenizer/tokenizer.h"
#include "ui/analyse_compare.h"
#include "ui/analyse_input_panel.h"
#include "ui/analyse_page.h"
#include "ui/main_window.h"
#include "ui/route_runner.h"
#include "widgets/expert_legend.h"
#include "widgets/expert_palette.h"
#include "widgets/expert_weight_plot.h"
#include "widgets/load_heatmap.h"
#include "widgets/token_view.h"

#include <QCheckBox>
#include <QDir>
#include <QFile>
#include <QLabel>
#include <QMenu>
#include <QMenuBar>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QSplitter>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

using moe::AnalysePage;
namespace Palette = moe::ExpertPalette;

namespace {

const QString kModels = QStringLiteral(MOE_TEST_DATA "/models");
const QString kTokenizer = QStringLiteral(MOE_TEST_DATA "/tokenizers/bytebpe512");
constexpr int kRouteTimeoutMs = 120000;

bool copyDir(const QString& from, const QString& to)
{
    if (!QDir().mkpath(to)) return false;
    for (const QString& f : QDir(from).entryList(QDir::Files))
        if (!QFile::copy(QDir(from).filePath(f), QDir(to).filePath(f))) return false;
    return true;
}

// A copy of a model fixture with the bytebpe512 tokenizer (it fits vocab 512).
QString modelWithTokenizer(const QTemporaryDir& dir, const QString& fixture, const QString& name)
{
    const QString model = dir.filePath(name);
    if (!copyDir(kModels + QLatin1Char('/') + fixture, model)) return {};
    for (const char* f : {"tokenizer.json", "tokenizer_config.json"})
        if (!QFile::copy(kTokenizer + QLatin1Char('/') + QLatin1String(f), QDir(model).filePath(QLatin1String(f)))) return {};
    return model;
}

// 2 blocks × {mlp.gate_proj, mlp.up_proj}, 3 tokens, experts a / b. Token 0 goes to a at block 0 and
// to b at block 1: a overall (0.55 vs 0.45); with block 1 only, b (0.8).
moe::Trace smallTrace()
{
    moe::Trace t;
    t.model = "small";
    t.method = "btx";
    t.experts = {"a", "b"};
    for (int layer = 0; layer < 2; ++layer)
        for (const char* proj : {"mlp.gate_proj", "mlp.up_proj"}) t.sites.push_back({layer, proj, {}});
    t.tokens = {"x", "y", "z"};
    t.text = "xyz";
    t.topK = 1;
    t.inputIds = {1, 2, 3};
    const std::size_t S = 4, T = 3, E = 2;
    t.weights.assign(S * T * E, 0.0f);
    t.logits.assign(S * T * E, 0.0f);
    for (std::size_t s = 0; s < S; ++s) {
        const bool block1 = t.sites[s].layer == 1;
        t.weights[(s * T + 0) * E + 0] = block1 ? 0.2f : 0.9f;
        t.weights[(s * T + 0) * E + 1] = block1 ? 0.8f : 0.1f;
        t.weights[(s * T + 1) * E + 0] = 1.0f;
        t.weights[(s * T + 2) * E + 1] = 1.0f;
    }
    return t;
}

// A BTS trace: stitch sites after blocks 1 and 3 in both directions; expert 0 is the hub. Token 0:
// experts→hub (0.5, 0.3, 0.2) at both blocks, hub→experts gates (0, 0.9, 0.1).
moe::Trace btsTrace()
{
    moe::Trace t;
    t.model = "bts-model";
    t.method = "bts";
    t.experts = {"base", "arabic", "latin"};
    for (int layer : {1, 3}) {
        t.sites.push_back({layer, "stitch", "to_hub"});
        t.sites.push_back({layer, "stitch", "to_experts"});
    }
    t.tokens = {"a", "b"};
    t.text = "ab";
    t.topK = 3;  // every stream takes part
    t.inputIds = {5, 6};
    const std::size_t S = 4, T = 2, E = 3;
    t.weights.assign(S * T * E, 0.0f);
    t.logits.assign(S * T * E, 0.0f);
    for (std::size_t s = 0; s < S; ++s) {
        const bool toHub = t.sites[s].direction == "to_hub";
        const float w[3] = {toHub ? 0.5f : 0.0f, toHub ? 0.3f : 0.9f, toHub ? 0.2f : 0.1f};
        for (std::size_t tok = 0; tok < T; ++tok)
            for (std::size_t e = 0; e < E; ++e) t.weights[(s * T + tok) * E + e] = w[e];
    }
    return t;
}

bool waitUntilIdle(AnalysePage& page)
{
    return QTest::qWaitFor([&] { return !page.isRouting(); }, kRouteTimeoutMs);
}

}  // namespace

class TestGuiAnalyseRun : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanup();
    void routesTextInWorker();
    void cancelKeepsPreviousTrace();
    void reportsBadFolders();
    void savesRoutedTrace();
    void settingsRoundTrip();
    void compareFollowsFilters();
    void compareWithSecondModel();
    void btsStitchLabels();
    void mainWindowMenus();

private:
    QTemporaryDir m_dir;
    QString m_model;
    QString m_small;
    QString m_bts;
    const QString m_text = QStringLiteral("Hello world,\n  caf\u00E9 42 and more text");
};

void TestGuiAnalyseRun::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("MoEStudio"));
    QCoreApplication::setApplicationName(QStringLiteral("MoE Studio run test"));
    QSettings settings;
    QVERIFY2(settings.fileName().contains(QLatin1String(".qttest")), qPrintable(settings.fileName()));
    settings.clear();
    QVERIFY(m_dir.isValid());
    m_model = modelWithTokenizer(m_dir, QStringLiteral("qwen3_moe"), QStringLiteral("qwen3_moe"));
    QVERIFY(!m_model.isEmpty());
    m_small = m_dir.filePath(QStringLiteral("small.safetensors"));
    moe::writeTrace(m_small.toStdString(), smallTrace());
    m_bts = m_dir.filePath(QStringLiteral("bts.safetensors"));
    moe::writeTrace(m_bts.toStdString(), btsTrace());
}

void TestGuiAnalyseRun::cleanup()
{
    QSettings().clear();
}

void TestGuiAnalyseRun::routesTextInWorker()
{
    AnalysePage page;
    page.setModelFolder(m_model);
    const QString summary = page.inputPanel()->modelSummaryLabel()->text();
    QVERIFY2(summary.contains(QLatin1String("qwen3_moe")) && summary.contains(QLatin1String("4 experts, top-2")), qPrintable(summary));
    page.setText(m_text);
    QVERIFY(page.inputPanel()->routeButton()->isEnabled());

    QSignalSpy routed(&page, &AnalysePage::traceRouted);
    QSignalSpy phases(page.runner(), &moe::RouteRunner::phaseChanged);
    QVERIFY(page.route());
    // The call returns at once; the work goes on in the worker while the event loop runs.
    QVERIFY(page.isRouting());
    QVERIFY(page.inputPanel()->isBusy());
    QVERIFY(!page.inputPanel()->routeButton()->isEnabled());
    QTRY_COMPARE_WITH_TIMEOUT(routed.count(), 1, kRouteTimeoutMs);
    QVERIFY(!page.isRouting());
    QVERIFY(!page.inputPanel()->isBusy());
    QVERIFY2(page.inputPanel()->errorText().isEmpty(), qPrintable(page.inputPanel()->errorText()));

    const auto expected = moe::Tokenizer::fromDir(m_model.toStdString()).encode(m_text.toStdString(), true).size();
    QVERIFY(expected > 5);
    QVERIFY(page.hasTrace());
    QCOMPARE(std::size_t(page.tokenView()->tokenCount()), expected);
    QCOMPARE(page.document()->trace().numTokens(), expected);
    QCOMPARE(QString::fromStdString(page.document()->trace().text), m_text);
    QCOMPARE(page.document()->trace().numExperts(), std::size_t(4));
    QCOMPARE(page.weightPlot()->tokenCount(), int(expected));
    QVERIFY(page.tracePath().isEmpty());  // not saved yet
    QList<moe::RouteRunner::Phase> seen;
    for (const auto& args : phases) seen << args.at(0).value<moe::RouteRunner::Phase>();
    QVERIFY(seen.contains(moe::RouteRunner::Phase::LoadingModel));
    QVERIFY(seen.contains(moe::RouteRunner::Phase::Running));
    QCOMPARE(page.runner()->modelLoads(), 1);

    // A second text reuses the loaded model.
    phases.clear();
    page.setText(QStringLiteral("Short"));
    QVERIFY(page.route());
    QTRY_COMPARE_WITH_TIMEOUT(routed.count(), 2, kRouteTimeoutMs);
    QCOMPARE(page.runner()->modelLoads(), 1);
    for (const auto& args : phases) QVERIFY(args.at(0).value<moe::RouteRunner::Phase>() != moe::RouteRunner::Phase::LoadingModel);
    const auto shortCount = moe::Tokenizer::fromDir(m_model.toStdString()).encode("Short", true).size();
    QCOMPARE(std::size_t(page.tokenView()->tokenCount()), shortCount);
    QVERIFY(shortCount != expected);
}

void TestGuiAnalyseRun::cancelKeepsPreviousTrace()
{
    AnalysePage page;
    QVERIFY(page.openTrace(m_small, nullptr));
    const QColor before = page.tokenView()->chipColor(0);
    page.setModelFolder(m_model);
    page.setText(m_text);
    QSignalSpy routed(&page, &AnalysePage::traceRouted);
    const auto keepsOldTrace = [&] {
        // Let the abandoned job finish and its queued result (if any) arrive: it must be dropped.
        page.runner()->waitForIdle();
        QTest::qWait(100);
        QCOMPARE(routed.count(), 0);
        QCOMPARE(page.tracePath(), m_small);
        QCOMPARE(page.tokenView()->tokenCount(), 3);
        QCOMPARE(page.tokenView()->chipColor(0), before);
        QVERIFY(page.inputPanel()->errorText().isEmpty());
    };

    // Cancelled at once, before the worker started.
    QVERIFY(page.route());
    page.cancelRoute();
    // Back at once: not busy, Route available again, the old trace still shown.
    QVERIFY(!page.isRouting());
    QVERIFY(!page.inputPanel()->isBusy());
    QVERIFY(page.inputPanel()->routeButton()->isEnabled());
    keepsOldTrace();
    if (QTest::currentTestFailed()) return;

    // Cancelled while the forward pass runs (when its phase is shown): the pass ends in the background
    // and its trace is thrown away.
    const auto connection = connect(page.runner(), &moe::RouteRunner::phaseChanged, &page, [&](moe::RouteRunner::Phase phase) {
        if (phase == moe::RouteRunner::Phase::Running) page.cancelRoute();
    });
    QVERIFY(page.route());
    QVERIFY(QTest::qWaitFor([&] { return !page.isRouting(); }, kRouteTimeoutMs));
    disconnect(connection);
    QVERIFY(!page.inputPanel()->isBusy());
    keepsOldTrace();
    if (QTest::currentTestFailed()) return;

    // Routing again after a cancel works, with the model the cancelled run loaded.
    QVERIFY(page.route());
    QTRY_COMPARE_WITH_TIMEOUT(routed.count(), 1, kRouteTimeoutMs);
    QVERIFY(page.tokenView()->tokenCount() > 5);
    QCOMPARE(page.runner()->modelLoads(), 1);
}

void TestGuiAnalyseRun::reportsBadFolders()
{
    QTemporaryDir dir;
    const QString noTokenizer = dir.filePath(QStringLiteral("no-tokenizer"));
    QVERIFY(copyDir(kModels + QStringLiteral("/qwen3_moe"), noTokenizer));
    const QString dense = modelWithTokenizer(dir, QStringLiteral("llama"), QStringLiteral("dense"));
    QVERIFY(!dense.isEmpty());
    const QString empty = dir.filePath(QStringLiteral("empty"));
    QVERIFY(QDir().mkpath(empty));

    struct Case {
        QString folder, mention;
    };
    for (const Case& c : {Case{noTokenizer, QStringLiteral("tokenizer.json")}, Case{dense, QStringLiteral("no routers")},
                          Case{empty, QStringLiteral("config.json")}, Case{dir.filePath(QStringLiteral("missing")), QStringLiteral("missing")}}) {
        AnalysePage page;
        QVERIFY(page.openTrace(m_small, nullptr));
        page.setModelFolder(c.folder);
        if (QFileInfo(c.folder).isDir()) {  // the folder summary says what is wrong before any run
            const QString summary = page.inputPanel()->modelSummaryLabel()->text();
            QVERIFY2(summary.contains(c.mention), qPrintable(summary));
        }
        page.setText(QStringLiteral("some text"));
        QSignalSpy routed(&page, &AnalysePage::traceRouted);
        QVERIFY(page.route());
        QVERIFY(waitUntilIdle(page));
        QTRY_VERIFY(!page.inputPanel()->errorText().isEmpty());
        const QString error = page.inputPanel()->errorText();
        QVERIFY2(error.contains(c.mention), qPrintable(error));
        QCOMPARE(routed.count(), 0);
        QCOMPARE(page.tracePath(), m_small);  // the shown trace stays
        QVERIFY(page.inputPanel()->routeButton()->isEnabled());
    }
}

void TestGuiAnalyseRun::savesRoutedTrace()
{
    AnalysePage page;
    QVERIFY(!page.saveTraceAction()->isEnabled());
    page.setModelFolder(m_model);
    page.setText(m_text);
    QSignalSpy routed(&page, &AnalysePage::traceRouted);
    QVERIFY(page.route());
    QTRY_COMPARE_WITH_TIMEOUT(routed.count(), 1, kRouteTimeoutMs);
    QVERIFY(page.saveTraceAction()->isEnabled());
    QTemporaryDir out;
    const QString path = out.filePath(QStringLiteral("routed.safetensors"));
    QString error;
    QVERIFY2(page.saveTrace(path, &error), qPrintable(error));
    const moe::Trace back = moe::readTrace(path.toStdString());
    QCOMPARE(back.inputIds, page.document()->trace().inputIds);
    QCOMPARE(back.tokens, page.document()->trace().tokens);
    QCOMPARE(back.weights, page.document()->trace().weights);
    QCOMPARE(QDir::fromNativeSeparators(page.tracePath()), path);
    QVERIFY(page.recentTraces().contains(path));
    // A folder that does not exist: the error names the file, the trace keeps its old path.
    QVERIFY(!page.saveTrace(out.filePath(QStringLiteral("no/such/dir/t.safetensors")), &error));
    QVERIFY2(error.contains(QLatin1String("t.safetensors")), qPrintable(error));
    QCOMPARE(QDir::fromNativeSeparators(page.tracePath()), path);
}

void TestGuiAnalyseRun::settingsRoundTrip()
{
    QTemporaryDir dir;
    const QString textFile = dir.filePath(QStringLiteral("input.txt"));
    {
        QFile f(textFile);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("caf\xC3\xA9 from a file");
    }
    QList<int> mainSizes;
    {
        AnalysePage page;
        page.resize(1200, 800);
        page.show();
        QVERIFY(QTest::qWaitForWindowExposed(&page));
        page.setModelFolder(m_model);
        QString error;
        QVERIFY2(page.loadTextFile(textFile, &error), qPrintable(error));
        QCOMPARE(page.text(), QStringLiteral("caf\u00E9 from a file"));
        QVERIFY(page.openTrace(m_small, nullptr));
        page.setPaletteScheme(Palette::Scheme::Tableau);
        QCOMPARE(page.legend()->color(1), Palette::color(1, Palette::Scheme::Tableau));
        page.setExportDpi(450);
        page.mainSplitter()->setSizes({380, 820});
        mainSizes = page.mainSplitter()->sizes();
    }
    AnalysePage page;
    page.resize(1200, 800);
    page.show();
    QVERIFY(QTest::qWaitForWindowExposed(&page));
    QCOMPARE(page.modelFolder(), QDir::cleanPath(m_model));
    QVERIFY(page.inputPanel()->modelSummaryLabel()->text().contains(QLatin1String("qwen3_moe")));
    QCOMPARE(page.text(), QStringLiteral("caf\u00E9 from a file"));
    QCOMPARE(page.paletteScheme(), Palette::Scheme::Tableau);
    QCOMPARE(page.exportDpi(), 450);
    QCOMPARE(page.mainSplitter()->sizes(), mainSizes);
    QVERIFY(page.openTrace(m_small, nullptr));
    QCOMPARE(page.legend()->color(0), Palette::color(0, Palette::Scheme::Tableau));
    QVERIFY(Palette::color(0, Palette::Scheme::Tableau) != Palette::color(0));
    QCOMPARE(page.recentModelFolders(), QStringList{QDir::cleanPath(m_model)});
    QCOMPARE(page.recentTextFiles(), QStringList{QDir::cleanPath(textFile)});
    QCOMPARE(page.recentTraces(), QStringList{QDir::cleanPath(m_small)});
    // The recent menu lists them; picking a trace opens it.
    emit page.recentMenu()->aboutToShow();
    QAction* traceAction = nullptr;
    for (QAction* a : page.recentMenu()->actions())
        if (a->data().toString() == QDir::cleanPath(m_small)) traceAction = a;
    QVERIFY(traceAction);
    QVERIFY(page.openTrace(m_bts, nullptr));
    traceAction->trigger();
    QCOMPARE(page.tracePath(), QDir::toNativeSeparators(QDir::cleanPath(m_small)));
}

void TestGuiAnalyseRun::compareFollowsFilters()
{
    AnalysePage page;
    QString error;
    QVERIFY(!page.openCompareTrace(m_dir.filePath(QStringLiteral("absent.safetensors")), &error));
    QVERIFY(page.openTrace(m_small, nullptr));
    QVERIFY(!page.isComparing());
    QVERIFY2(page.openCompareTrace(m_small, &error), qPrintable(error));
    QVERIFY(page.isComparing());
    moe::AnalyseComparePane* pane = page.comparePane();
    QCOMPARE(pane->tokenView()->tokenCount(), 3);
    QCOMPARE(pane->tokenView()->chipColor(0), page.tokenView()->chipColor(0));
    QVERIFY(qAbs(pane->weightPlot()->barValue(0, 0) - 0.55) < 1e-6);

    // Unticking block 0 on the primary side filters the comparison too: token 0 turns to b (0.8).
    page.blockCheckBox(0)->setChecked(false);
    QCOMPARE(pane->document()->selectedBlocks(), (std::set<int>{1}));
    QCOMPARE(pane->document()->sites(), page.document()->sites());
    QVERIFY(qAbs(pane->weightPlot()->barValue(0, 1) - 0.8) < 1e-6);
    QCOMPARE(pane->tokenView()->chipColor(0), page.tokenView()->chipColor(0));
    QVERIFY(page.setFilterText(QString(), QStringLiteral("up_proj"), &error));
    QCOMPARE(pane->document()->selectedProjections(), (std::set<std::string>{"mlp.up_proj"}));
    QCOMPARE(pane->document()->sites(), page.document()->sites());
    // Palette changes reach it as well.
    page.setPaletteScheme(Palette::Scheme::Tableau);
    QCOMPARE(pane->tokenView()->chipColor(0), page.tokenView()->chipColor(0));

    page.closeCompare();
    QVERIFY(!page.isComparing());
    QVERIFY(!pane->isVisibleTo(&page));
}

void TestGuiAnalyseRun::compareWithSecondModel()
{
    QTemporaryDir dir;
    const QString fused = modelWithTokenizer(dir, QStringLiteral("qwen3_moe_fused"), QStringLiteral("qwen3_moe_fused"));
    QVERIFY(!fused.isEmpty());
    AnalysePage page;
    page.setModelFolder(m_model);
    page.setText(m_text);
    QSignalSpy routed(&page, &AnalysePage::traceRouted);
    QVERIFY(page.route());
    QTRY_COMPARE_WITH_TIMEOUT(routed.count(), 1, kRouteTimeoutMs);
    page.setText(QString());  // the comparison uses the trace's own text
    QVERIFY(page.compareWithModel(fused));
    QTRY_COMPARE_WITH_TIMEOUT(routed.count(), 2, kRouteTimeoutMs);
    QVERIFY2(page.inputPanel()->errorText().isEmpty(), qPrintable(page.inputPanel()->errorText()));
    QVERIFY(page.isComparing());
    QVERIFY(page.comparePane()->title().contains(QLatin1String("qwen3_moe_fused")));
    const moe::Trace& a = page.document()->trace();
    const moe::Trace& b = page.comparePane()->document()->trace();
    QCOMPARE(b.text, a.text);
    QCOMPARE(b.inputIds, a.inputIds);
    QCOMPARE(page.comparePane()->tokenView()->tokenCount(), page.tokenView()->tokenCount());
    QCOMPARE(page.comparePane()->document()->sites(), page.document()->sites());
    QCOMPARE(page.runner()->modelLoads(), 2);
}

void TestGuiAnalyseRun::btsStitchLabels()
{
    AnalysePage page;
    QVERIFY(page.openTrace(m_bts, nullptr));
    QCheckBox* toHub = page.projectionCheckBox(QStringLiteral("stitch:to_hub"));
    QCheckBox* toExperts = page.projectionCheckBox(QStringLiteral("stitch:to_experts"));
    QVERIFY(toHub && toExperts);
    QCOMPARE(toHub->text(), QStringLiteral("stitch \u2192 hub"));
    QCOMPARE(toExperts->text(), QStringLiteral("stitch \u2192 experts"));
    QVERIFY(toHub->toolTip().contains(QLatin1String("softmax")));
    QVERIFY(toExperts->toolTip().contains(QLatin1String("sigmoid")));
    QCOMPARE(page.legend()->name(0), QStringLiteral("base (hub)"));
    QCOMPARE(page.legend()->name(1), QStringLiteral("arabic"));
    QVERIFY(page.tokenView()->toolTipText(0).contains(QLatin1String("base (hub)")));
    QVERIFY(page.loadHeatmap()->xAxis->label().contains(QStringLiteral("stitch \u2192 experts")));

    // Both directions: mean of (0.5, 0.3, 0.2) and (0, 0.9, 0.1) -> arabic 0.6.
    QVERIFY(qAbs(page.weightPlot()->barValue(0, 1) - 0.6) < 1e-6);
    // Only experts→hub: the hub leads with 0.5.
    toExperts->setChecked(false);
    QCOMPARE(page.document()->sites().size(), std::size_t(2));
    QVERIFY(qAbs(page.weightPlot()->barValue(0, 0) - 0.5) < 1e-6);
    QCOMPARE(page.document()->aggregate().dominant[0], 0);
    QVERIFY(!page.loadHeatmap()->xAxis->label().contains(QStringLiteral("experts")));
    // Filter text: "stitch" selects both directions, "stitch:to_experts" one.
    QString error;
    QVERIFY2(page.setFilterText(QString(), QStringLiteral("stitch"), &error), qPrintable(error));
    QCOMPARE(page.document()->sites().size(), std::size_t(4));
    QVERIFY(toExperts->isChecked());
    QVERIFY2(page.setFilterText(QStringLiteral("3"), QStringLiteral("stitch:to_experts"), &error), qPrintable(error));
    QCOMPARE(page.document()->sites(), (std::vector<std::size_t>{3}));
    QVERIFY(!toHub->isChecked());
    QVERIFY(page.summaryText().contains(QLatin1String("1 of 2 projections")));
}

void TestGuiAnalyseRun::mainWindowMenus()
{
    moe::MainWindow window;
    AnalysePage* page = window.analysePage();
    QStringList titles;
    for (QAction* a : window.menuBar()->actions())
        if (a->menu())
            for (QAction* item : a->menu()->actions()) titles << item->text();
    for (const QAction* a : {page->recentMenu()->menuAction(), page->saveTraceAction(), page->compareMenu()->menuAction(),
                             page->paletteMenu()->menuAction(), page->openTextAction()})
        QVERIFY2(titles.contains(a->text()), qPrintable(a->text()));
    // A model folder opened from the window becomes the page's model; a recent trace opens through
    // the window (status bar).
    QVERIFY(window.openPath(m_model));
    QCOMPARE(page->modelFolder(), QDir::cleanPath(m_model));
    QVERIFY(window.openPath(m_small));
    QVERIFY(window.openPath(m_bts));
    emit page->recentMenu()->aboutToShow();
    for (QAction* a : page->recentMenu()->actions())
        if (a->data().toString() == QDir::cleanPath(m_small)) a->trigger();
    QVERIFY2(window.currentPathText().contains(QLatin1String("small.safetensors")), qPrintable(window.currentPathText()));
    QCOMPARE(page->tracePath(), QDir::toNativeSeparators(QDir::cleanPath(m_small)));
}

QTEST_MAIN(TestGuiAnalyseRun)
#include "test_gui_analyse_run.moc"
