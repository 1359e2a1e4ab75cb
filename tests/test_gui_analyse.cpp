// The Analyse page (issue 6): a hand-made trace opened offscreen; chips coloured by the dominant
// expert; block and projection filters re-aggregating to hand-computed results; token view and
// weight plot selecting together; diagnostics naming a dead expert; bad traces reported, never
// crashing. (Figure / CSV export and the headless --export-figure: test_gui_export.cpp.)
//
// Set MOE_ANALYSE_SCREENSHOT_TRACE=TRACE and MOE_ANALYSE_SCREENSHOT_DIR=DIR to also save screenshots of
// the main window showing TRACE (light and dark palettes).

#include "analyse_hand_trace.h"
#include "core/routing/trace.h"
#include "ui/analyse_page.h"
#include "ui/main_window.h"
#include "widgets/entropy_plot.h"
#include "widgets/expert_legend.h"
#include "widgets/expert_palette.h"
#include "widgets/expert_weight_plot.h"
#include "widgets/load_heatmap.h"
#include "widgets/token_view.h"

#include <QCheckBox>
#include <QClipboard>
#include <QFile>
#include <QListWidget>
#include <QMessageBox>
#include <QMimeData>
#include <QProcess>
#include <QSettings>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QtTest>

using moe::AnalysePage;
namespace Palette = moe::ExpertPalette;

namespace {

QColor expectedChip(const moe::TokenView* view, int expert, double weight)
{
    return Palette::shade(Palette::color(expert), weight, view->palette().color(QPalette::Base));
}

}  // namespace

class TestGuiAnalyse : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanup();
    void paletteIsDistinctAndShades();
    void loadsTrace();
    void blockFilterReaggregates();
    void projectionFilterReaggregates();
    void filterText();
    void tokenAndBarSelectTogether();
    void diagnosticsListDeadExpert();
    void remembersLayout();
    void badTraceShowsError();
    void mainWindowOpensTrace();
    void screenshots();

private:
    QTemporaryDir m_dir;
    QString m_trace;
    QString m_notTrace;
};

void TestGuiAnalyse::initTestCase()
{
    isolateSettings();
    QVERIFY2(QSettings().fileName().contains(QLatin1String(".qttest")), qPrintable(QSettings().fileName()));
    QVERIFY(m_dir.isValid());
    QVERIFY(writeHandTraceFiles(m_dir, &m_trace, &m_notTrace));
}

void TestGuiAnalyse::cleanup()
{
    QSettings().clear();
}

void TestGuiAnalyse::paletteIsDistinctAndShades()
{
    QSet<QRgb> seen;
    for (int i = 0; i < Palette::kSize; ++i) seen.insert(Palette::color(i).rgb());
    QCOMPARE(seen.size(), Palette::kSize);
    QCOMPARE(Palette::color(Palette::kSize), Palette::color(0));
    QCOMPARE(Palette::shade(Qt::red, 1.0, Qt::white), QColor(Qt::red));
    const QColor faint = Palette::shade(Qt::red, 0.0, Qt::white);
    QVERIFY(faint != QColor(Qt::white) && faint.green() > 150);  // tinted, not bare
    QVERIFY(Palette::shade(Qt::red, 0.3, Qt::white).green() > Palette::shade(Qt::red, 0.7, Qt::white).green());
    QCOMPARE(Palette::textColorOn(Qt::white).lightness() < 60, true);
    QCOMPARE(Palette::textColorOn(QColor(0x33, 0x22, 0x88)), QColor(Qt::white));
}

void TestGuiAnalyse::loadsTrace()
{
    AnalysePage page;
    QVERIFY(!page.hasTrace());
    QString error;
    QVERIFY2(page.openTrace(m_trace, &error), qPrintable(error));
    QVERIFY(page.hasTrace());

    moe::TokenView* tokens = page.tokenView();
    QCOMPARE(tokens->tokenCount(), 5);
    QCOMPARE(tokens->displayText(0), QStringLiteral("Hello"));
    QCOMPARE(tokens->displayText(1), QStringLiteral("\u00B7world"));  // ·world
    QCOMPARE(tokens->displayText(2), QStringLiteral("\u21B5"));       // ↵
    QCOMPARE(tokens->displayText(3), QStringLiteral("\u2192x"));      // →x
    // The newline token ends its line: the next chip starts a new row.
    QVERIFY(tokens->chipRect(3).top() > tokens->chipRect(2).bottom());
    QCOMPARE(tokens->chipColor(0), expectedChip(tokens, Alpha, 0.6));
    QCOMPARE(tokens->chipColor(1), expectedChip(tokens, Alpha, 0.55));
    QCOMPARE(tokens->chipColor(3), expectedChip(tokens, Beta, 1.0));
    QCOMPARE(tokens->chipColor(4), expectedChip(tokens, Alpha, 0.5));  // tie -> lowest index
    QVERIFY(tokens->toolTipText(1).contains(QLatin1String("alpha")));
    QVERIFY(tokens->toolTipText(1).contains(QLatin1String("0.550")));

    QCOMPARE(page.legend()->count(), 3);
    QCOMPARE(page.legend()->name(2), QStringLiteral("gamma"));
    QCOMPARE(page.legend()->color(1), Palette::color(1));
    QCOMPARE(page.legend()->share(Alpha), 0.8);

    moe::ExpertWeightPlot* plot = page.weightPlot();
    QCOMPARE(plot->tokenCount(), 5);
    QCOMPARE(plot->expertCount(), 3);
    QCOMPARE(plot->bars(Beta)->brush().color(), Palette::color(Beta));
    QVERIFY(qAbs(plot->barValue(0, Alpha) - 0.6) < 1e-6);
    QVERIFY(qAbs(plot->barValue(1, Beta) - 0.45) < 1e-6);

    QCOMPARE(page.loadHeatmap()->blockCount(), 3);
    QCOMPARE(page.loadHeatmap()->expertCount(), 3);
    QCOMPARE(page.loadHeatmap()->value(0, Gamma), 0.0);
    QCOMPARE(page.loadHeatmap()->value(0, Beta), 1.0);  // beta > 0 for every token at every site of block 0
    QCOMPARE(page.entropyPlot()->entropyGraph()->dataCount(), 3);

    for (int b = 0; b < 3; ++b) {
        QVERIFY(page.blockCheckBox(b));
        QVERIFY(page.blockCheckBox(b)->isChecked());
    }
    QVERIFY(!page.blockCheckBox(3));
    QVERIFY(page.projectionCheckBox(QStringLiteral("mlp.gate_proj")));
    QVERIFY(page.projectionCheckBox(QStringLiteral("mlp.up_proj")));
    QVERIFY(!page.projectionCheckBox(QStringLiteral("block")));
    QVERIFY2(page.summaryText() == QStringLiteral("3 experts · top-2 · 3 of 3 blocks × 2 of 2 projections · 5 tokens"),
             qPrintable(page.summaryText()));
}

void TestGuiAnalyse::blockFilterReaggregates()
{
    AnalysePage page;
    QVERIFY(page.openTrace(m_trace, nullptr));
    QSignalSpy summary(&page, &AnalysePage::summaryChanged);
    moe::TokenView* tokens = page.tokenView();

    page.blockCheckBox(2)->setChecked(false);  // as a click would
    QCOMPARE(summary.count(), 1);
    QCOMPARE(tokens->chipColor(0), expectedChip(tokens, Beta, 0.6));
    QVERIFY(qAbs(page.weightPlot()->barValue(0, Beta) - 0.6) < 1e-6);
    QCOMPARE(page.loadHeatmap()->blockCount(), 2);
    QCOMPARE(page.entropyPlot()->entropyGraph()->dataCount(), 2);
    QVERIFY(page.summaryText().contains(QStringLiteral("2 of 3 blocks × 2 of 2")));

    page.blockCheckBox(2)->setChecked(true);
    QCOMPARE(tokens->chipColor(0), expectedChip(tokens, Alpha, 0.6));

    page.setBlockRange(2, 2);  // block 2 only: token 0 is all alpha
    QVERIFY(!page.blockCheckBox(0)->isChecked() && !page.blockCheckBox(1)->isChecked());
    QVERIFY(page.blockCheckBox(2)->isChecked());
    QCOMPARE(tokens->chipColor(0), expectedChip(tokens, Alpha, 1.0));
    QCOMPARE(page.loadHeatmap()->blockCount(), 1);
}

void TestGuiAnalyse::projectionFilterReaggregates()
{
    AnalysePage page;
    QVERIFY(page.openTrace(m_trace, nullptr));
    moe::TokenView* tokens = page.tokenView();

    QTest::mouseClick(page.projectionCheckBox(QStringLiteral("mlp.gate_proj")), Qt::LeftButton);
    QVERIFY(!page.projectionCheckBox(QStringLiteral("mlp.gate_proj"))->isChecked());
    QCOMPARE(tokens->chipColor(1), expectedChip(tokens, Beta, 0.8));
    QVERIFY(qAbs(page.weightPlot()->barValue(1, Beta) - 0.8) < 1e-6);

    // Nothing selected: neutral chips, empty bars, a message instead of a crash.
    page.projectionCheckBox(QStringLiteral("mlp.up_proj"))->setChecked(false);
    QCOMPARE(page.document()->sites().size(), std::size_t(0));
    QCOMPARE(page.weightPlot()->bars(Alpha)->dataCount(), 0);
    QVERIFY(tokens->chipColor(0) != expectedChip(tokens, Alpha, 0.6));
    QCOMPARE(tokens->chipColor(0), tokens->chipColor(3));
    QCOMPARE(page.loadHeatmap()->blockCount(), 0);
    QVERIFY(page.diagnosticsList()->item(0)->text().contains(QLatin1String("No routing site")));
}

void TestGuiAnalyse::filterText()
{
    AnalysePage page;
    QVERIFY(page.openTrace(m_trace, nullptr));
    QString error;
    QVERIFY2(page.setFilterText(QStringLiteral("0-1"), QStringLiteral("up_proj"), &error), qPrintable(error));
    QVERIFY(!page.blockCheckBox(2)->isChecked());
    QVERIFY(!page.projectionCheckBox(QStringLiteral("mlp.gate_proj"))->isChecked());
    QCOMPARE(page.document()->sites().size(), std::size_t(2));
    QVERIFY(!page.setFilterText(QStringLiteral("7"), QString(), &error));
    QVERIFY2(error.contains(QLatin1String("block 7")), qPrintable(error));
    QVERIFY(!page.setFilterText(QString(), QStringLiteral("down_proj"), &error));
    QVERIFY2(error.contains(QLatin1String("down_proj")), qPrintable(error));
    QVERIFY(!page.setFilterText(QStringLiteral("1-x"), QString(), &error));
    QCOMPARE(page.document()->sites().size(), std::size_t(2));  // unchanged by the failures
}

void TestGuiAnalyse::tokenAndBarSelectTogether()
{
    AnalysePage page;
    QVERIFY(page.openTrace(m_trace, nullptr));
    page.resize(1100, 700);
    page.show();
    QVERIFY(QTest::qWaitForWindowExposed(&page));
    page.tabs()->setCurrentIndex(AnalysePage::WeightsTab);
    QCoreApplication::processEvents();

    moe::TokenView* tokens = page.tokenView();
    moe::ExpertWeightPlot* plot = page.weightPlot();
    QSignalSpy clicked(tokens, &moe::TokenView::tokenClicked);
    QTest::mouseClick(tokens->viewport(), Qt::LeftButton, {}, tokens->chipRect(3).center());
    QCOMPARE(clicked.count(), 1);
    QCOMPARE(page.selectedToken(), 3);
    QCOMPARE(plot->selectedToken(), 3);
    QVERIFY(plot->selectionMark()->visible());
    QCOMPARE(plot->selectionMark()->topLeft->coords().x(), 2.5);

    plot->replot();
    const QPoint bar(qRound(plot->xAxis->coordToPixel(1)), qRound(plot->yAxis->coordToPixel(0.5)));
    QTest::mouseClick(plot, Qt::LeftButton, {}, bar);
    QCOMPARE(page.selectedToken(), 1);
    QCOMPARE(tokens->selectedToken(), 1);

    tokens->setFocus();
    QTest::keyClick(tokens, Qt::Key_Right);
    QCOMPARE(page.selectedToken(), 2);
    QCOMPARE(plot->selectedToken(), 2);
}

void TestGuiAnalyse::diagnosticsListDeadExpert()
{
    AnalysePage page;
    QVERIFY(page.openTrace(m_trace, nullptr));
    QListWidget* list = page.diagnosticsList();
    bool found = false;
    for (int i = 0; i < list->count(); ++i)
        found = found || (list->item(i)->text().contains(QLatin1String("gamma")) && list->item(i)->text().contains(QLatin1String("dead")));
    QVERIFY2(found, qPrintable(list->count() ? list->item(0)->text() : QStringLiteral("(empty)")));
    QCOMPARE(page.diagnosticsTable()->rowCount(), 3);
    QCOMPARE(page.diagnosticsTable()->item(Gamma, 3)->text(), QStringLiteral("dead"));
    QCOMPARE(page.diagnosticsTable()->item(Alpha, 3)->text(), QStringLiteral("ok"));
    QCOMPARE(page.diagnosticsTable()->item(Alpha, 2)->text(), QStringLiteral("80.0 %"));

    // Block 2 alone: token 0 joins alpha, which now leads 4 of 5 tokens... and block 2 only with the
    // gate projection makes alpha dominate every token but token 3: still 80 %, no collapse (> 80 % needed).
    page.setBlockRange(2, 2);
    page.projectionCheckBox(QStringLiteral("mlp.up_proj"))->setChecked(false);
    QCOMPARE(page.diagnosticsTable()->item(Alpha, 3)->text(), QStringLiteral("ok"));
}

void TestGuiAnalyse::remembersLayout()
{
    {
        AnalysePage page;
        QVERIFY(page.openTrace(m_trace, nullptr));
        page.tabs()->setCurrentIndex(AnalysePage::LoadHeatmapTab);
    }
    AnalysePage page;
    QCOMPARE(page.tabs()->currentIndex(), int(AnalysePage::LoadHeatmapTab));
    QCOMPARE(page.currentFigure(), AnalysePage::Figure::LoadHeatmap);
}

void TestGuiAnalyse::badTraceShowsError()
{
    AnalysePage page;
    QVERIFY(page.openTrace(m_trace, nullptr));
    QString error;
    QVERIFY(!page.openTrace(m_notTrace, &error));
    QVERIFY2(error.contains(m_notTrace), qPrintable(error));
    QVERIFY(page.hasTrace());  // the previous trace stays
    QCOMPARE(page.tokenView()->tokenCount(), 5);

    // A safetensors file that is not a trace (no metadata) is refused with a clear message.
    const QString plain = QDir(m_dir.path()).filePath(QStringLiteral("plain.safetensors"));
    {
        QFile f(plain);
        QVERIFY(f.open(QIODevice::WriteOnly));
        const QByteArray header = R"({"x":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}})";
        qint64 n = header.size();
        f.write(reinterpret_cast<const char*>(&n), 8);
        f.write(header);
        f.write(QByteArray(4, '\0'));
    }
    QVERIFY(!page.openTrace(plain, &error));
    QVERIFY2(error.contains(QLatin1String("trace")), qPrintable(error));
}

void TestGuiAnalyse::mainWindowOpensTrace()
{
    moe::MainWindow window;
    QVERIFY(window.analysePage());
    QCOMPARE(window.pages()->widget(moe::MainWindow::AnalysePage), window.analysePage());

    QVERIFY(!window.openPath(m_notTrace));  // never blocks: the message box is window-modal
    auto* box = window.findChild<QMessageBox*>(QStringLiteral("traceErrorBox"));
    QVERIFY(box);
    QVERIFY(box->isVisible());
    QVERIFY2(box->text().contains(m_notTrace), qPrintable(box->text()));
    box->accept();
    QVERIFY(!window.analysePage()->hasTrace());

    QVERIFY(window.openPath(m_trace));
    QCOMPARE(window.currentPage(), int(moe::MainWindow::AnalysePage));
    QVERIFY(window.analysePage()->hasTrace());
    QVERIFY(window.currentPathText().startsWith(QLatin1String("Trace: ")));
    QVERIFY(window.analysePage()->copyFigureAction()->isEnabled());
}

void TestGuiAnalyse::screenshots()
{
    const QString trace = qEnvironmentVariable("MOE_ANALYSE_SCREENSHOT_TRACE");
    const QString dir = qEnvironmentVariable("MOE_ANALYSE_SCREENSHOT_DIR");
    if (trace.isEmpty() || dir.isEmpty())
        QSKIP("set MOE_ANALYSE_SCREENSHOT_TRACE and MOE_ANALYSE_SCREENSHOT_DIR to save screenshots");
    const QPalette light = QApplication::palette();
    for (const bool dark : {false, true}) {
        if (dark) {
            QPalette p;
            p.setColor(QPalette::Window, QColor(0x2B, 0x2B, 0x2E));
            p.setColor(QPalette::WindowText, QColor(0xE8, 0xE8, 0xE8));
            p.setColor(QPalette::Base, QColor(0x1E, 0x1E, 0x21));
            p.setColor(QPalette::AlternateBase, QColor(0x26, 0x26, 0x29));
            p.setColor(QPalette::Text, QColor(0xE8, 0xE8, 0xE8));
            p.setColor(QPalette::Button, QColor(0x35, 0x35, 0x38));
            p.setColor(QPalette::ButtonText, QColor(0xE8, 0xE8, 0xE8));
            p.setColor(QPalette::PlaceholderText, QColor(0x9A, 0x9A, 0x9A));
            p.setColor(QPalette::Highlight, QColor(0x3D, 0x8E, 0xE8));
            p.setColor(QPalette::HighlightedText, Qt::white);
            for (const auto role : {QPalette::WindowText, QPalette::Text, QPalette::ButtonText})
                p.setColor(QPalette::Disabled, role, QColor(0x70, 0x70, 0x70));
            QApplication::setPalette(p);
        }
        moe::MainWindow window;
        window.resize(1440, 900);
        QVERIFY(window.openPath(trace));
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        window.analysePage()->selectToken(5);
        for (int tab = 0; tab < 4; ++tab) {
            window.analysePage()->tabs()->setCurrentIndex(tab);
            QTest::qWait(50);
            const QString name = QStringLiteral("%1/analyse-%2-tab%3.png").arg(dir, dark ? QStringLiteral("dark") : QStringLiteral("light")).arg(tab);
            QVERIFY(window.grab().save(name));
        }
    }
    QApplication::setPalette(light);
}

QTEST_MAIN(TestGuiAnalyse)
#include "test_gui_analyse.moc"
