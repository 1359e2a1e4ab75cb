// The built-in demo in the GUI (issue 8): Help → Open the Built-in Demo builds it behind a progress
// dialog and opens its model, sample text and trace in the Analyse page; a second time it is cached;
// Cancel leaves nothing.

#include "analyse_hand_trace.h"

#include "ui/analyse_page.h"
#include "ui/demo_launcher.h"
#include "ui/main_window.h"
#include "ui/trace_document.h"

#include <QProgressDialog>
#include <QPushButton>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

using namespace moe;

class TestGuiDemo : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() { isolateSettings(); }

    void buildsOnceThenOpensInAnalyse()
    {
        QTemporaryDir tmp;
        MainWindow window;
        auto* launcher = window.demoLauncher();
        QVERIFY(launcher);
        QVERIFY(launcher->dir().endsWith(QStringLiteral("/demo")));
        launcher->setDir(tmp.filePath(QStringLiteral("demo")));
        launcher->setScale(demo::DemoScale::tiny());
        QSignalSpy ready(launcher, &DemoLauncher::ready);
        window.openDemo();
        QVERIFY(launcher->isRunning());
        QVERIFY(launcher->dialog());
        QTRY_VERIFY_WITH_TIMEOUT(launcher->progressText().startsWith(QLatin1Char('[')), 60000);
        QVERIFY(ready.wait(180000));
        QCOMPARE(launcher->builds(), 1);
        QCOMPARE(window.currentPage(), int(MainWindow::AnalysePage));
        QVERIFY(window.analysePage()->hasTrace());
        QCOMPARE(window.analysePage()->document()->trace().experts, (std::vector<std::string>{"arabic", "english", "code"}));
        QVERIFY(window.analysePage()->modelFolder().endsWith(QStringLiteral("demo/model")));
        QVERIFY(!window.analysePage()->text().isEmpty());

        window.openDemo();  // cached: ready at once, nothing built
        QCOMPARE(ready.count(), 2);
        QCOMPARE(launcher->builds(), 1);
        QVERIFY(!launcher->isRunning());
    }

    void cancelLeavesNothing()
    {
        QTemporaryDir tmp;
        MainWindow window;
        auto* launcher = window.demoLauncher();
        launcher->setDir(tmp.filePath(QStringLiteral("demo")));
        launcher->setScale(demo::DemoScale::tiny());
        QSignalSpy cancelled(launcher, &DemoLauncher::cancelled), ready(launcher, &DemoLauncher::ready);
        window.openDemo();
        QVERIFY(launcher->dialog());
        auto* cancel = launcher->dialog()->findChild<QPushButton*>();
        QVERIFY(cancel);
        cancel->click();
        QVERIFY(cancelled.wait(60000));
        QCOMPARE(ready.count(), 0);
        QVERIFY(!QFileInfo::exists(tmp.filePath(QStringLiteral("demo"))));
        QVERIFY(!window.analysePage()->hasTrace());
    }
};

QTEST_MAIN(TestGuiDemo)
#include "test_gui_demo.moc"
