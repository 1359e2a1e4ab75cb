// The GUI shell (issue 3): MainWindow's pages, View actions, progress panel and remembered page, and
// the moe-studio executable's command line. Runs on the offscreen platform.

#include "core/routing/trace.h"
#include "ui/about.h"
#include "ui/analyse_page.h"
#include "ui/compose_page.h"
#include "ui/main_window.h"
#include "ui/placeholder_page.h"
#include "ui/train_page.h"
#include "widgets/progress_panel.h"
#include "widgets/sidebar_nav.h"
#include "widgets/svg_icon.h"

#include <QAction>
#include <QApplication>
#include <QFile>
#include <QProcess>
#include <QSettings>
#include <QSignalSpy>
#include <QStackedWidget>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QToolButton>
#include <QtTest>

using moe::MainWindow;

class TestGuiShell : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanup();
    void pagesInOrder();
    void viewActionsSwitchPage();
    void shortcutsSwitchPage();
    void sidebarSwitchesPage();
    void progressPanelShowsAndCancels();
    void lastPageRestored();
    void openPathShowsInStatusBar();
    void aboutShowsVersion();
    void iconsFollowPalette();
    void binaryPrintsVersion();
    void binaryRejectsMissingFile();
    void binaryStartsWithFile();

private:
    static QProcessEnvironment isolatedEnvironment(const QString& configHome);
    const QStringList m_titles = {QStringLiteral("Compose"), QStringLiteral("Analyse"), QStringLiteral("Train")};
};

void TestGuiShell::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("MoEStudio"));
    QCoreApplication::setApplicationName(QStringLiteral("MoE Studio"));
    QSettings settings;
    // Never touch the user's own settings.
    QVERIFY2(settings.fileName().contains(QLatin1String(".qttest")), qPrintable(settings.fileName()));
    settings.clear();
}

void TestGuiShell::cleanup()
{
    QSettings().clear();
}

void TestGuiShell::pagesInOrder()
{
    MainWindow window;
    QCOMPARE(window.pages()->count(), MainWindow::kPageCount);
    QCOMPARE(window.sidebar()->count(), MainWindow::kPageCount);
    QVERIFY(qobject_cast<moe::AnalysePage*>(window.pages()->widget(MainWindow::AnalysePage)));
    QVERIFY(qobject_cast<moe::ComposePage*>(window.pages()->widget(MainWindow::ComposePage)));
    QVERIFY(qobject_cast<moe::TrainPage*>(window.pages()->widget(MainWindow::TrainPage)));
    for (int i = 0; i < MainWindow::kPageCount; ++i) {
        QVERIFY2(!qobject_cast<moe::PlaceholderPage*>(window.pages()->widget(i)), qPrintable(QStringLiteral("page %1 is a placeholder").arg(i)));
        QCOMPARE(window.sidebar()->title(i), m_titles[i]);
        QVERIFY(window.pageAction(i));
        QCOMPARE(window.pageAction(i)->text(), m_titles[i]);
    }
    QVERIFY(!window.pageAction(MainWindow::kPageCount));
    QCOMPARE(window.currentPage(), int(MainWindow::ComposePage));  // fresh settings: the first page
}

void TestGuiShell::viewActionsSwitchPage()
{
    MainWindow window;
    for (int page : {2, 0, 1, 2}) {
        window.pageAction(page)->trigger();
        QCOMPARE(window.currentPage(), page);
        QCOMPARE(window.sidebar()->currentIndex(), page);
        QVERIFY(window.pageAction(page)->isChecked());
        QCOMPARE(window.pageAction(page)->shortcut(), QKeySequence(Qt::CTRL | Qt::Key(Qt::Key_1 + page)));
    }
}

void TestGuiShell::shortcutsSwitchPage()
{
    MainWindow window;
    window.show();
    QVERIFY(QTest::qWaitForWindowActive(&window));
    QTest::keyClick(&window, Qt::Key_3, Qt::ControlModifier);
    QCOMPARE(window.currentPage(), int(MainWindow::TrainPage));
    QTest::keyClick(&window, Qt::Key_2, Qt::ControlModifier);
    QCOMPARE(window.currentPage(), int(MainWindow::AnalysePage));
}

void TestGuiShell::sidebarSwitchesPage()
{
    MainWindow window;
    window.sidebar()->setCurrentIndex(2);
    QCOMPARE(window.currentPage(), 2);
    QVERIFY(window.pageAction(2)->isChecked());
    QVERIFY(!window.pageAction(0)->isChecked());
    window.sidebar()->setCurrentIndex(7);  // out of range: ignored
    QCOMPARE(window.currentPage(), 2);
}

void TestGuiShell::progressPanelShowsAndCancels()
{
    MainWindow window;
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    moe::ProgressPanel* panel = window.progressPanel();
    QVERIFY(window.statusBar()->isAncestorOf(panel));
    QVERIFY(!panel->isVisible());
    QVERIFY(!panel->isActive());
    QCOMPARE(panel->percent(), -1);

    QSignalSpy cancelled(panel, &moe::ProgressPanel::cancelRequested);
    QVERIFY(cancelled.isValid());
    panel->requestCancel();  // idle: nothing to cancel
    QCOMPARE(cancelled.count(), 0);

    panel->start(QStringLiteral("Building"), qint64(5) << 30);  // 5 GiB: beyond int
    QVERIFY(panel->isVisible());
    QCOMPARE(panel->text(), QStringLiteral("Building"));
    panel->setProgress(qint64(3) << 30, qint64(5) << 30);
    QCOMPARE(panel->percent(), 60);

    QTest::mouseClick(panel->cancelButton(), Qt::LeftButton);
    QCOMPARE(cancelled.count(), 1);
    QVERIFY(panel->isCancelPending());
    QVERIFY(panel->isVisible());  // stays until the work has stopped
    QTest::mouseClick(panel->cancelButton(), Qt::LeftButton);
    QCOMPARE(cancelled.count(), 1);  // one request per run

    panel->finish();
    QVERIFY(!panel->isVisible());
    QVERIFY(!panel->isActive());

    panel->start(QStringLiteral("Loading"), 0, false);  // busy, not cancellable
    QVERIFY(panel->isVisible());
    QCOMPARE(panel->percent(), -1);
    QVERIFY(!panel->cancelButton()->isVisible());
    panel->requestCancel();
    QCOMPARE(cancelled.count(), 1);
    panel->finish();
    QVERIFY(!panel->isVisible());
}

void TestGuiShell::lastPageRestored()
{
    QSize savedSize(901, 653);
    {
        MainWindow first;
        QCOMPARE(first.currentPage(), int(MainWindow::ComposePage));
        first.show();
        QVERIFY(QTest::qWaitForWindowExposed(&first));
        savedSize = savedSize.expandedTo(first.minimumSizeHint() + QSize(11, 7));  // the pages' minimum may be larger
        first.resize(savedSize);
        QTRY_COMPARE(first.size(), savedSize);
        first.pageAction(MainWindow::TrainPage)->trigger();
        QVERIFY(first.close());
    }
    {
        MainWindow second;
        QCOMPARE(second.currentPage(), int(MainWindow::TrainPage));
        QCOMPARE(second.size(), savedSize);
        second.sidebar()->setCurrentIndex(MainWindow::AnalysePage);  // remembered without a close
    }
    MainWindow third;
    QCOMPARE(third.currentPage(), int(MainWindow::AnalysePage));
}

void TestGuiShell::openPathShowsInStatusBar()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString trace = dir.filePath(QStringLiteral("trace.safetensors"));
    moe::Trace t;
    t.experts = {"a", "b"};
    t.sites = {{0, "block"}};
    t.tokens = {"x"};
    t.inputIds = {1};
    t.topK = 1;
    t.weights = {1.0f, 0.0f};
    t.logits = {0.0f, 0.0f};
    moe::writeTrace(trace.toStdString(), t);
    const QString empty = dir.filePath(QStringLiteral("empty.safetensors"));
    QFile file(empty);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.close();

    MainWindow window;
    QVERIFY(window.currentPathText().isEmpty());
    QVERIFY(window.openPath(dir.path()));
    QVERIFY2(window.currentPathText().startsWith(QLatin1String("Model folder: ")), qPrintable(window.currentPathText()));
    QVERIFY(window.currentPathText().endsWith(QDir::toNativeSeparators(QDir(dir.path()).absolutePath())));
    QCOMPARE(window.currentPage(), int(MainWindow::ComposePage));

    QVERIFY(window.openPath(trace));
    QCOMPARE(window.currentPathText(), QStringLiteral("Trace: ") + QDir::toNativeSeparators(trace));
    QCOMPARE(window.currentPage(), int(MainWindow::AnalysePage));
    QVERIFY(window.windowTitle().startsWith(QLatin1String("trace.safetensors")));

    QVERIFY(!window.openPath(dir.filePath(QStringLiteral("missing.safetensors"))));
    QCOMPARE(window.currentPathText(), QStringLiteral("Trace: ") + QDir::toNativeSeparators(trace));
    QVERIFY(!window.openPath(empty));  // not a trace: an error box, the current trace stays
    QCOMPARE(window.currentPathText(), QStringLiteral("Trace: ") + QDir::toNativeSeparators(trace));
}

void TestGuiShell::aboutShowsVersion()
{
    const QString text = moe::aboutText();
    QVERIFY2(text.contains(QStringLiteral("MoE Studio " MOE_VERSION)), qPrintable(text));
    QVERIFY(text.contains(QLatin1String(qVersion())));
}

void TestGuiShell::iconsFollowPalette()
{
    MainWindow window;
    QVERIFY(!window.windowIcon().isNull());
    const QImage app = window.windowIcon().pixmap(QSize(64, 64)).toImage();
    QCOMPARE(app.size(), QSize(64, 64));
    QVERIFY(qAlpha(app.pixel(32, 32)) == 255 && qAlpha(app.pixel(0, 0)) == 0);  // tile inside, clear corner

    const QIcon icon = moe::paletteIcon(QStringLiteral(":/icons/compose.svg"));
    QVERIFY(!icon.isNull());
    QVERIFY(moe::paletteIcon(QStringLiteral(":/icons/no-such-icon.svg")).isNull());
    for (auto [mode, role] : {std::pair{QIcon::Normal, QPalette::WindowText},
                              std::pair{QIcon::Selected, QPalette::HighlightedText}}) {
        const QImage image = icon.pixmap(QSize(48, 48), mode).toImage();
        const QColor expected = QApplication::palette().color(QPalette::Active, role);
        QColor opaque;
        for (int y = 0; y < image.height() && !opaque.isValid(); ++y)
            for (int x = 0; x < image.width() && !opaque.isValid(); ++x)
                if (qAlpha(image.pixel(x, y)) == 255)
                    opaque = image.pixelColor(x, y);
        QVERIFY2(opaque.isValid(), "icon is empty");
        QCOMPARE(opaque.rgb(), expected.rgb());
    }
}

QProcessEnvironment TestGuiShell::isolatedEnvironment(const QString& configHome)
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    env.insert(QStringLiteral("XDG_CONFIG_HOME"), configHome);  // keep the user's settings untouched
    return env;
}

void TestGuiShell::binaryPrintsVersion()
{
    QTemporaryDir config;
    QProcess process;
    process.setProcessEnvironment(isolatedEnvironment(config.path()));
    process.start(QStringLiteral(MOE_STUDIO_PATH), {QStringLiteral("--version")});
    QVERIFY(process.waitForFinished(60000));
    QCOMPARE(process.exitStatus(), QProcess::NormalExit);
    QCOMPARE(process.exitCode(), 0);
    QCOMPARE(QString::fromLocal8Bit(process.readAllStandardOutput()).trimmed(),
             QStringLiteral("moe-studio " MOE_VERSION));

    process.start(QStringLiteral(MOE_STUDIO_PATH), {QStringLiteral("--help")});
    QVERIFY(process.waitForFinished(60000));
    QCOMPARE(process.exitCode(), 0);
    const QString help = QString::fromLocal8Bit(process.readAllStandardOutput());
    QVERIFY2(help.contains(QLatin1String("[FILE]")) && help.contains(QLatin1String("--version")), qPrintable(help));
}

void TestGuiShell::binaryRejectsMissingFile()
{
    QTemporaryDir config;
    const QString missing = config.filePath(QStringLiteral("no/such/trace.safetensors"));
    QProcess process;
    process.setProcessEnvironment(isolatedEnvironment(config.path()));
    process.start(QStringLiteral(MOE_STUDIO_PATH), {missing});
    QVERIFY(process.waitForFinished(60000));
    QCOMPARE(process.exitStatus(), QProcess::NormalExit);
    QCOMPARE(process.exitCode(), 2);
    const QString err = QString::fromLocal8Bit(process.readAllStandardError());
    QVERIFY2(err.contains(missing), qPrintable(err));
    QCOMPARE(err.count(QLatin1Char('\n')), 1);  // one line

    process.start(QStringLiteral(MOE_STUDIO_PATH), {QStringLiteral("--no-such-option")});
    QVERIFY(process.waitForFinished(60000));
    QCOMPARE(process.exitCode(), 2);
    QVERIFY(QString::fromLocal8Bit(process.readAllStandardError()).contains(QLatin1String("no-such-option")));
}

void TestGuiShell::binaryStartsWithFile()
{
    // The README's run command must open the window: start it with a FILE, let it run, then stop it.
    QTemporaryDir config;
    QProcess process;
    process.setProcessEnvironment(isolatedEnvironment(config.path()));
    process.start(QStringLiteral(MOE_STUDIO_PATH), {config.path()});
    QVERIFY(process.waitForStarted(30000));
    QVERIFY2(!process.waitForFinished(3000), qPrintable(QString::fromLocal8Bit(process.readAllStandardError())));
    QCOMPARE(process.state(), QProcess::Running);
    process.terminate();
    if (!process.waitForFinished(10000))
        process.kill();
    process.waitForFinished(10000);
}

QTEST_MAIN(TestGuiShell)
#include "test_gui_shell.moc"
