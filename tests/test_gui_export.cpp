// Analyse page exports (issue 6): PNG at a chosen DPI, SVG and PDF of every figure, the aggregated CSV,
// "copy figure" in print colours, and the headless `moe-studio --export-figure` with its one-line
// errors.

#include "analyse_hand_trace.h"
#include "ui/analyse_page.h"
#include "widgets/expert_weight_plot.h"

#include <QCheckBox>
#include <QClipboard>
#include <QFile>
#include <QMimeData>
#include <QProcess>
#include <QSettings>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QtTest>

using moe::AnalysePage;

namespace {

QProcessEnvironment isolatedEnvironment(const QString& configHome)
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    env.insert(QStringLiteral("XDG_CONFIG_HOME"), configHome);
    return env;
}

}  // namespace

class TestGuiAnalyseExport : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanup();
    void exportsFigures_data();
    void exportsFigures();
    void exportsCsv();
    void copyFigureAndPrintColours();
    void headlessExport();
    void headlessExportRejectsBadInput_data();
    void headlessExportRejectsBadInput();

private:
    QTemporaryDir m_dir;
    QString m_trace;
    QString m_notTrace;
};

void TestGuiAnalyseExport::initTestCase()
{
    isolateSettings();
    QVERIFY2(QSettings().fileName().contains(QLatin1String(".qttest")), qPrintable(QSettings().fileName()));
    QVERIFY(m_dir.isValid());
    QVERIFY(writeHandTraceFiles(m_dir, &m_trace, &m_notTrace));
}

void TestGuiAnalyseExport::cleanup()
{
    QSettings().clear();
}

void TestGuiAnalyseExport::exportsFigures_data()
{
    QTest::addColumn<int>("figure");
    QTest::newRow("weights") << int(AnalysePage::Figure::Weights);
    QTest::newRow("heatmap") << int(AnalysePage::Figure::LoadHeatmap);
    QTest::newRow("entropy") << int(AnalysePage::Figure::Entropy);
    QTest::newRow("tokens") << int(AnalysePage::Figure::Tokens);
}


void TestGuiAnalyseExport::exportsFigures()
{
    QFETCH(int, figure);
    const auto fig = AnalysePage::Figure(figure);
    AnalysePage page;
    QVERIFY(page.openTrace(m_trace, nullptr));
    QTemporaryDir out;
    QString error;

    const QString png = out.filePath(QStringLiteral("f.png"));
    QVERIFY2(page.exportFigure(png, fig, 200, &error, QSize(600, 300)), qPrintable(error));
    QImage image(png);
    QVERIFY(!image.isNull());
    QCOMPARE(image.size(), QSize(1250, 625));  // 600 × 300 at 200 / 96
    QCOMPARE(qRound(image.dotsPerMeterX() * 0.0254), 200);
    // Not blank: more than a handful of distinct colours.
    QSet<QRgb> colours;
    for (int y = 0; y < image.height(); y += 7)
        for (int x = 0; x < image.width(); x += 7) colours.insert(image.pixel(x, y));
    QVERIFY2(colours.size() > 8, qPrintable(QString::number(colours.size())));

    const QSize natural = page.figureSize(fig);
    QVERIFY(page.exportFigure(png, fig, 96, &error));
    QCOMPARE(QImage(png).size(), natural);

    const QString svg = out.filePath(QStringLiteral("f.svg"));
    QVERIFY2(page.exportFigure(svg, fig, 300, &error), qPrintable(error));
    QFile svgFile(svg);
    QVERIFY(svgFile.open(QIODevice::ReadOnly));
    const QByteArray svgData = svgFile.readAll();
    QVERIFY(svgData.startsWith("<?xml") || svgData.startsWith("<svg"));
    QVERIFY(svgData.contains("</svg>"));
    QVERIFY(svgData.size() > 1000);

    const QString pdf = out.filePath(QStringLiteral("f.pdf"));
    QVERIFY2(page.exportFigure(pdf, fig, 300, &error), qPrintable(error));
    QFile pdfFile(pdf);
    QVERIFY(pdfFile.open(QIODevice::ReadOnly));
    const QByteArray pdfData = pdfFile.readAll();
    QVERIFY(pdfData.startsWith("%PDF"));
    QVERIFY(pdfData.size() > 1000);

    QVERIFY(!page.exportFigure(out.filePath(QStringLiteral("f.gif")), fig, 96, &error));
    QVERIFY(error.contains(QLatin1String(".png")));
    QVERIFY(!page.exportFigure(out.filePath(QStringLiteral("no/such/dir/f.png")), fig, 96, &error));
}


void TestGuiAnalyseExport::exportsCsv()
{
    AnalysePage page;
    QVERIFY(page.openTrace(m_trace, nullptr));
    page.blockCheckBox(2)->setChecked(false);
    QTemporaryDir out;
    const QString csv = out.filePath(QStringLiteral("t.csv"));
    QString error;
    QVERIFY2(page.exportCsv(csv, &error), qPrintable(error));
    QFile f(csv);
    QVERIFY(f.open(QIODevice::ReadOnly | QIODevice::Text));
    const QStringList lines = QString::fromUtf8(f.readAll()).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), 1 + 5 + 1);  // header + 5 tokens; the newline token's quoted field spans two lines
    QCOMPARE(lines[0], QStringLiteral("index,token,dominant,\"alpha\",\"beta\",\"gamma\""));
    QCOMPARE(lines[1], QStringLiteral("0,\"Hello\",\"beta\",0.4,0.6,0"));
    QCOMPARE(lines[2], QStringLiteral("1,\" world\",\"alpha\",0.55,0.45,0"));
    QCOMPARE(lines[3], QStringLiteral("2,\""));
    QCOMPARE(lines[4], QStringLiteral("\",\"alpha\",0.7,0.3,0"));
}


void TestGuiAnalyseExport::copyFigureAndPrintColours()
{
    AnalysePage page;
    QVERIFY(!page.copyFigureAction()->isEnabled());
    QVERIFY(page.openTrace(m_trace, nullptr));
    QVERIFY(page.copyFigureAction()->isEnabled());
    // A dark screen palette must not leak into figures: they are drawn in print colours.
    QPalette dark = page.palette();
    dark.setColor(QPalette::Base, QColor(0x1E, 0x1E, 0x21));
    dark.setColor(QPalette::Text, QColor(0xE8, 0xE8, 0xE8));
    page.setPalette(dark);
    QCOMPARE(page.weightPlot()->plotPalette().color(QPalette::Base), QColor(0x1E, 0x1E, 0x21));
    page.tabs()->setCurrentIndex(AnalysePage::EntropyTab);
    QCOMPARE(page.currentFigure(), AnalysePage::Figure::Entropy);
    page.copyFigureAction()->trigger();
    const QMimeData* mime = QApplication::clipboard()->mimeData();
    QVERIFY(mime);
    QVERIFY(mime->hasImage());
    const QImage image = qvariant_cast<QImage>(mime->imageData());
    QCOMPARE(image.size(), page.figureSize(AnalysePage::Figure::Entropy) * 2);  // 192 dpi
    QCOMPARE(image.pixelColor(3, 3), QColor(Qt::white));
    QVERIFY(mime->data(QStringLiteral("image/svg+xml")).contains("<svg"));
    // ...and the screen colours come back afterwards.
    QCOMPARE(page.weightPlot()->plotPalette().color(QPalette::Base), QColor(0x1E, 0x1E, 0x21));
}


void TestGuiAnalyseExport::headlessExport()
{
    QTemporaryDir out, config;
    QProcess process;
    process.setProcessEnvironment(isolatedEnvironment(config.path()));
    const QString png = out.filePath(QStringLiteral("fig.png"));
    process.start(QStringLiteral(MOE_STUDIO_PATH), {QStringLiteral("--export-figure"), m_trace, QStringLiteral("--out"), png,
                                                     QStringLiteral("--layers"), QStringLiteral("0,2"), QStringLiteral("--proj"),
                                                     QStringLiteral("gate_proj"), QStringLiteral("--dpi"), QStringLiteral("192")});
    QVERIFY(process.waitForFinished(60000));
    QVERIFY2(process.exitCode() == 0, process.readAllStandardError().constData());
    const QImage image(png);
    QCOMPARE(image.size(), QSize(1920, 800));  // the default 960 × 400 weights figure at 2×
    for (const char* ext : {"svg", "pdf"}) {
        const QString path = out.filePath(QStringLiteral("fig.%1").arg(QLatin1String(ext)));
        process.start(QStringLiteral(MOE_STUDIO_PATH), {QStringLiteral("--export-figure"), m_trace, QStringLiteral("--out"), path,
                                                         QStringLiteral("--figure"), QStringLiteral("heatmap")});
        QVERIFY(process.waitForFinished(60000));
        QVERIFY2(process.exitCode() == 0, process.readAllStandardError().constData());
        QFile f(path);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QByteArray head = f.read(5);
        QVERIFY2(ext[0] == 's' ? (head.startsWith("<?xml") || head.startsWith("<svg")) : head.startsWith("%PDF"), head.constData());
    }
}


void TestGuiAnalyseExport::headlessExportRejectsBadInput_data()
{
    QTest::addColumn<QStringList>("extra");
    QTest::addColumn<QString>("trace");
    QTest::addColumn<QString>("mention");
    QTest::newRow("not a trace") << QStringList() << m_notTrace << m_notTrace;
    QTest::newRow("missing trace") << QStringList() << m_dir.filePath(QStringLiteral("none.safetensors")) << QStringLiteral("none.safetensors");
    QTest::newRow("bad layers") << QStringList{QStringLiteral("--layers"), QStringLiteral("1-x")} << m_trace << QStringLiteral("--layers");
    QTest::newRow("absent block") << QStringList{QStringLiteral("--layers"), QStringLiteral("9")} << m_trace << QStringLiteral("block 9");
    QTest::newRow("absent projection") << QStringList{QStringLiteral("--proj"), QStringLiteral("down_proj")} << m_trace << QStringLiteral("down_proj");
    QTest::newRow("bad figure") << QStringList{QStringLiteral("--figure"), QStringLiteral("pie")} << m_trace << QStringLiteral("pie");
    QTest::newRow("bad dpi") << QStringList{QStringLiteral("--dpi"), QStringLiteral("0")} << m_trace << QStringLiteral("--dpi");
}


void TestGuiAnalyseExport::headlessExportRejectsBadInput()
{
    QFETCH(QStringList, extra);
    QFETCH(QString, trace);
    QFETCH(QString, mention);
    QTemporaryDir out, config;
    const QString png = out.filePath(QStringLiteral("fig.png"));
    QProcess process;
    process.setProcessEnvironment(isolatedEnvironment(config.path()));
    process.start(QStringLiteral(MOE_STUDIO_PATH), QStringList{QStringLiteral("--export-figure"), trace, QStringLiteral("--out"), png} + extra);
    QVERIFY(process.waitForFinished(60000));
    QCOMPARE(process.exitStatus(), QProcess::NormalExit);
    const QString err = QString::fromLocal8Bit(process.readAllStandardError());
    QVERIFY2(process.exitCode() == 2, qPrintable(err));
    QVERIFY2(err.contains(mention), qPrintable(err));
    QCOMPARE(err.count(QLatin1Char('\n')), 1);  // one line
    QVERIFY(!QFile::exists(png));
}


QTEST_MAIN(TestGuiAnalyseExport)
#include "test_gui_export.moc"
