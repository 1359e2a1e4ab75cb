// The GUI shows the core's message for a broken input instead of crashing. The cases of
// tests/data/bad/cases.json that name a `gui` path run through `moe` first, for the message; then
// MainWindow::openPath opens that path as a user would (command line, Open, drop, recent files): a
// trace, text or unreadable config shows the message in a non-blocking message box, a config that
// loads lists it among the Compose page's problems, a model folder shows it on the Analyse page. The
// window then still opens a good trace.

#include "bad_input_cases.h"
#include "ui/analyse_input_panel.h"
#include "ui/analyse_page.h"
#include "ui/compose_document.h"
#include "ui/compose_page.h"
#include "ui/main_window.h"

#include <QDir>
#include <QLabel>
#include <QListWidget>
#include <QMessageBox>
#include <QProcess>
#include <QSettings>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

using namespace moe::testing;

class TestGuiBadInput : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanup();
    void opens_data();
    void opens();

private:
    QList<BadCase> m_cases;
};

void TestGuiBadInput::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);  // never the user's settings or recent files
    QCoreApplication::setOrganizationName(QStringLiteral("MoEStudio"));
    QCoreApplication::setApplicationName(QStringLiteral("MoE Studio"));
    QSettings().clear();
    QString error;
    m_cases = loadBadCases(&error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QVERIFY(QDir::setCurrent(kBadDir));  // composition configs name their experts from there, as for moe build
}

void TestGuiBadInput::cleanup()
{
    QSettings().clear();
}

void TestGuiBadInput::opens_data()
{
    QTest::addColumn<int>("index");
    int kinds[4] = {};
    for (int i = 0; i < m_cases.size(); ++i) {
        if (m_cases[i].gui.isEmpty())
            continue;
        QTest::newRow(qPrintable(m_cases[i].name)) << i;
        const QString gui = m_cases[i].gui;
        ++kinds[gui.endsWith(".safetensors") ? 0 : gui.endsWith(".txt") ? 1 : gui.endsWith(".json") ? 2 : 3];
    }
    for (int k : kinds)  // a representative subset: traces, texts, configs and model folders
        QVERIFY2(k >= 2, "cases.json has too few gui cases of some kind");
}

void TestGuiBadInput::opens()
{
    QFETCH(int, index);
    const BadCase& c = m_cases[index];
    QTemporaryDir tmp;
    bool unreadableRefused = true;
    const QString setupError = prepareCase(c, tmp.path(), &unreadableRefused);
    QVERIFY2(setupError.isEmpty(), qPrintable(setupError));
    if (!unreadableRefused)
        QSKIP("a file of mode 000 is still readable here (running as root?)");

    // What `moe` says about it.
    QStringList args;
    for (const auto& a : c.args)
        args << substitute(a, tmp.path());
    QProcess moeProcess;
    moeProcess.start(QStringLiteral(MOE_CLI_PATH), args);
    QVERIFY(moeProcess.waitForFinished(120000));
    const QString line = QString::fromUtf8(moeProcess.readAllStandardError()).trimmed();
    QCOMPARE(moeProcess.exitCode(), 2);
    const QString message = coreMessage(line, c.command());  // "FILE: what is wrong"
    const QString path = substitute(c.gui, tmp.path());
    // moe build prefixes the config's path to each of its problems; the Compose page lists "key: message".
    const QString problem = message.startsWith(path + QStringLiteral(": ")) ? message.mid(path.size() + 2) : message;

    moe::MainWindow window;
    window.show();
    const bool opened = window.openPath(path);
    QString shown;
    auto* box = window.findChild<QMessageBox*>();
    if (box) {
        QVERIFY2(!opened, "a message box for a path that opened");
        QVERIFY(box->isVisible());
        QCOMPARE(box->windowModality(), Qt::WindowModal);  // open(), not exec(): nothing waits on it
        shown = box->text();
        QVERIFY2(shown.contains(message), qPrintable(QStringLiteral("box: %1\nmoe: %2").arg(shown, line)));
        box->close();
    } else if (QFileInfo(path).isDir()) {
        QVERIFY(opened);
        shown = window.analysePage()->inputPanel()->modelSummaryLabel()->text();
        QVERIFY2(shown.contains(message.toHtmlEscaped()), qPrintable(QStringLiteral("page: %1\nmoe: %2").arg(shown, line)));
    } else {
        QVERIFY2(opened, qPrintable("no message box and not opened: " + path));
        QCOMPARE(window.currentPage(), int(moe::MainWindow::ComposePage));
        auto* doc = window.composePage()->document();
        QTRY_VERIFY_WITH_TIMEOUT(!doc->isChecking(), 60000);  // the expert folders are checked off the GUI thread
        auto* list = window.composePage()->findChild<QListWidget*>(QStringLiteral("problemsList"));
        QVERIFY(list);
        QTRY_VERIFY(list->count() > 0);
        for (int i = 0; i < list->count(); ++i)
            shown += list->item(i)->text() + QLatin1Char('\n');
        QVERIFY2(shown.contains(problem), qPrintable(QStringLiteral("problems: %1\nmoe: %2").arg(shown, line)));
    }
    // The window lives on and opens a good trace.
    QVERIFY(window.openPath(kBadDir + QStringLiteral("/traces/valid.safetensors")));
    QVERIFY(window.findChild<QMessageBox*>() == nullptr || !window.findChild<QMessageBox*>()->isVisible());
    QCOMPARE(window.currentPage(), int(moe::MainWindow::AnalysePage));
    restorePermissions(tmp.path());
}

QTEST_MAIN(TestGuiBadInput)
#include "test_gui_bad_input.moc"
