// The Compose page offscreen (issue 7): fill the form for two fixture experts (one dropped as a folder),
// build through the worker and check the output folder; cancel leaves nothing; problems show inline and
// keep Build disabled; the main window's dirty title, "save changes?" and recent configs.

#include "ui/compose_build.h"
#include "ui/compose_document.h"
#include "ui/compose_experts_table.h"
#include "ui/compose_json_view.h"
#include "ui/compose_page.h"
#include "ui/main_window.h"

#include <QAbstractButton>
#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMessageBox>
#include <QMimeData>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QRadioButton>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStackedWidget>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTimer>
#include <QUndoStack>
#include <QUrl>
#include <QtTest>

using moe::ComposeMethod;
using moe::ComposePage;

namespace {

const QString kLlama = QStringLiteral(MOE_TEST_DATA "/models/llama");
constexpr int kBuildTimeoutMs = 300000;

// Answers the next message box named `name` with `button` once it is shown (QMessageBox::exec blocks).
void answerBox(const QString& name, QMessageBox::StandardButton button)
{
    auto* timer = new QTimer;
    timer->setInterval(20);
    QObject::connect(timer, &QTimer::timeout, timer, [timer, name, button] {
        for (QWidget* w : QApplication::topLevelWidgets())
            if (auto* box = qobject_cast<QMessageBox*>(w); box && box->objectName() == name && box->isVisible()) {
                box->button(button)->click();
                timer->deleteLater();
                return;
            }
    });
    timer->start();
}

void dropFolder(QWidget* target, const QString& folder)
{
    QMimeData mime;
    mime.setUrls({QUrl::fromLocalFile(folder)});
    const QPoint at = target->rect().center();
    QDragEnterEvent enter(at, Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(target, &enter);
    QVERIFY(enter.isAccepted());
    QDropEvent drop(QPointF(at), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(target, &drop);
    QVERIFY(drop.isAccepted());
}

QStringList problemTexts(const ComposePage& page)
{
    QStringList out;
    for (int i = 0; i < page.problemsList()->count(); ++i)
        out << page.problemsList()->item(i)->text();
    return out;
}

}  // namespace

class TestGuiCompose : public QObject {
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("MoEStudio"));
        QCoreApplication::setApplicationName(QStringLiteral("MoE Studio"));
        QVERIFY(QSettings().fileName().contains(QLatin1String(".qttest")));
        QSettings().clear();
    }
    void cleanup() { QSettings().clear(); }

    // Not a test: MOE_COMPOSE_SCREENSHOT=FILE.png saves the filled page, to look at the layout.
    void screenshot()
    {
        const QString file = qEnvironmentVariable("MOE_COMPOSE_SCREENSHOT");
        if (file.isEmpty())
            QSKIP("set MOE_COMPOSE_SCREENSHOT=FILE.png");
        ComposePage page;
        page.resize(1280, 860);
        page.show();
        page.addExpertFolders({kLlama, kLlama});
        page.document()->setOutputDir(QStringLiteral("/tmp/moe-out"));
        QTRY_VERIFY_WITH_TIMEOUT(page.buildButton()->isEnabled(), 30000);
        page.grab().save(file);
    }

    void fillTheFormAndBuild()
    {
        QTemporaryDir tmp;
        ComposePage page;
        page.resize(1200, 900);
        page.show();
        QVERIFY(QTest::qWaitForWindowExposed(&page));
        QVERIFY(!page.buildButton()->isEnabled());

        // One expert dropped on the table, one added as the Add button does.
        dropFolder(page.expertsTable()->viewport(), kLlama);
        page.addExpertFolders({kLlama});
        QCOMPARE(page.expertsTable()->rowCount(), 2);
        QTRY_COMPARE_WITH_TIMEOUT(page.expertsTable()->item(1, ComposePage::ArchColumn)->text(), QStringLiteral("Llama"),
                                  30000);
        QVERIFY(!page.expertsTable()->item(0, ComposePage::ParamsColumn)->text().isEmpty());
        QCOMPARE(page.expertsTable()->item(0, ComposePage::TokenizerColumn)->text(), QStringLiteral("missing"));
        page.expertsTable()->item(1, ComposePage::NameColumn)->setText(QStringLiteral("second"));
        QCOMPARE(page.document()->expertName(1), QStringLiteral("second"));

        // The method chooser shows only the fields that apply.
        page.methodButton(ComposeMethod::Bts)->click();
        QCOMPARE(page.document()->config().method, ComposeMethod::Bts);
        QVERIFY(page.methodExplanation()->text().startsWith(QLatin1String("BTS")));
        QVERIFY(page.stitchFreqSpinBox()->isVisible());
        QVERIFY(!page.topKSpinBox()->isVisible());
        QVERIFY(!page.gateInitCombo()->isVisible());
        page.methodButton(ComposeMethod::Traditional)->click();
        QVERIFY(!page.stitchFreqSpinBox()->isVisible());
        QVERIFY(page.topKSpinBox()->isVisible());
        QVERIFY(!page.projectionCheckBox(QStringLiteral("mlp.up_proj"))->isVisible());
        page.methodButton(ComposeMethod::Btx)->click();
        QVERIFY(page.methodExplanation()->text().startsWith(QLatin1String("BTX")));
        QCheckBox* down = page.projectionCheckBox(QStringLiteral("mlp.down_proj"));
        QVERIFY(down->isVisible() && down->isChecked());
        down->click();
        QCOMPARE(page.document()->config().routerLayers, (std::vector<std::string>{"mlp.gate_proj", "mlp.up_proj"}));
        page.projectionCheckBox(QStringLiteral("self_attn.q_proj"))->click();
        QCOMPARE(page.document()->config().routerLayers.size(), std::size_t(3));

        // Blocks and top-k, bounded by the experts.
        QTRY_VERIFY(page.blockCheckBox(0) != nullptr);
        page.blockCheckBox(0)->click();
        QVERIFY(!page.document()->isBlockRouted(0));
        page.undoAction()->trigger();
        QVERIFY(page.document()->isBlockRouted(0));
        QCOMPARE(page.blockCheckBox(0)->isChecked(), true);
        QCOMPARE(page.topKSpinBox()->maximum(), 2);
        page.topKSpinBox()->setValue(1);
        QCOMPARE(page.document()->config().topK, 1);
        page.alphaSpinBox()->setValue(0.05);
        QCOMPARE(page.document()->config().alpha, 0.05);

        // Output folder typed in.
        const QString out = tmp.filePath(QStringLiteral("composed"));
        page.outputEdit()->setFocus();
        QTest::keyClicks(page.outputEdit(), out);
        QCOMPARE(page.document()->state().outputDir, out);

        // The JSON view follows, and edits flow back.
        QVERIFY(page.jsonView()->editor()->toPlainText().contains(QLatin1String("\"second\"")));
        QString json = page.jsonView()->editor()->toPlainText();
        json.replace(QLatin1String("\"alpha\": 0.05"), QLatin1String("\"alpha\": 0.125"));
        page.jsonView()->editor()->setPlainText(json);
        page.jsonView()->applyPending();
        QCOMPARE(page.document()->config().alpha, 0.125);
        QCOMPARE(page.alphaSpinBox()->value(), 0.125);
        page.jsonView()->editor()->setPlainText(QStringLiteral("{ broken"));
        page.jsonView()->applyPending();
        QVERIFY(!page.jsonView()->error().isEmpty());
        QCOMPARE(page.document()->config().alpha, 0.125);

        QTRY_VERIFY2_WITH_TIMEOUT(page.buildButton()->isEnabled(), qPrintable(problemTexts(page).join(QLatin1Char('\n'))),
                                  30000);
        QSignalSpy done(page.build(), &moe::ComposeBuild::finished);
        QTest::mouseClick(page.buildButton(), Qt::LeftButton);
        QVERIFY(page.build()->isRunning() || done.count() == 1);
        QVERIFY(!page.buildButton()->isEnabled() || done.count() == 1);
        QTRY_COMPARE_WITH_TIMEOUT(done.count(), 1, kBuildTimeoutMs);
        QVERIFY2(page.openInAnalyseButton()->isVisible(), qPrintable(page.summaryLabel()->text()));

        const QDir dir(out);
        QVERIFY(dir.exists(QStringLiteral("config.json")));
        QVERIFY(dir.exists(QStringLiteral("moe_studio.json")));
        QVERIFY(!dir.entryList({QStringLiteral("model*.safetensors")}, QDir::Files).isEmpty());
        const QString summary = page.summaryLabel()->text();
        QVERIFY2(summary.contains(QLatin1String("total")) && summary.contains(QLatin1String("router")), qPrintable(summary));
        QCOMPARE(page.progressBar()->value(), page.progressBar()->maximum());
        QVERIFY(page.progressLabel()->text().contains(QLatin1String("Done")));

        QSignalSpy analyse(&page, &ComposePage::openInAnalyseRequested);
        QTest::mouseClick(page.openInAnalyseButton(), Qt::LeftButton);
        QCOMPARE(analyse.count(), 1);
        QCOMPARE(analyse.first().at(0).toString(), out);

        // The folder exists now: a second build would replace it, which the page says.
        QTRY_VERIFY_WITH_TIMEOUT(!page.document()->isChecking(), 30000);
        QVERIFY(problemTexts(page).join(QLatin1Char('\n')).contains(QLatin1String("not empty")));
    }

    void cancelLeavesNoOutput()
    {
        QTemporaryDir tmp;
        ComposePage page;
        page.show();
        page.addExpertFolders({kLlama, kLlama});
        const QString out = tmp.filePath(QStringLiteral("cancelled"));
        page.document()->setOutputDir(out);
        QTRY_VERIFY_WITH_TIMEOUT(page.buildButton()->isEnabled(), 30000);
        QSignalSpy cancelled(page.build(), &moe::ComposeBuild::cancelled);
        QTest::mouseClick(page.buildButton(), Qt::LeftButton);
        QVERIFY(page.cancelButton()->isEnabled());
        QTest::mouseClick(page.cancelButton(), Qt::LeftButton);  // before the first tensor is written
        QTRY_VERIFY_WITH_TIMEOUT(!page.build()->isRunning(), kBuildTimeoutMs);
        QCOMPARE(cancelled.count(), 1);
        QVERIFY(page.summaryLabel()->text().contains(QLatin1String("cancelled")));
        QVERIFY(!QFileInfo::exists(out));
        // Nor any temporary folder beside it.
        QCOMPARE(QDir(tmp.path()).entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden), QStringList());
        QVERIFY(page.buildButton()->isEnabled());
        QVERIFY(!page.openInAnalyseButton()->isVisible());
    }

    void problemsShowInlineAndBlockTheBuild()
    {
        QTemporaryDir tmp;
        ComposePage page;
        page.show();
        page.addExpertFolders({kLlama, tmp.path()});  // the second is no model
        page.document()->setOutputDir(tmp.filePath(QStringLiteral("out")));
        page.document()->setTopK(3);
        QTRY_VERIFY_WITH_TIMEOUT(!page.document()->isChecking() && page.document()->folderInfo(tmp.path()), 30000);
        QTRY_VERIFY(!page.expertsTable()->item(1, ComposePage::StatusColumn)->toolTip().isEmpty());
        const QString rowStatus = page.expertsTable()->item(1, ComposePage::StatusColumn)->toolTip();
        QVERIFY2(rowStatus.contains(QLatin1String("experts[1]")), qPrintable(rowStatus));
        // The fixture has no tokenizer.json: a warning on its row, not an error.
        const QString firstStatus = page.expertsTable()->item(0, ComposePage::StatusColumn)->text();
        QVERIFY2(firstStatus.contains(QLatin1String("tokenizer")) && !firstStatus.contains(QLatin1String("experts[1]")),
                 qPrintable(firstStatus));
        const QString all = problemTexts(page).join(QLatin1Char('\n'));
        QVERIFY2(all.contains(QLatin1String("num_experts_per_tok: top-k 3 exceeds the 2 experts")), qPrintable(all));
        QCOMPARE(page.topKSpinBox()->value(), 3);  // shown as it is, and reported
        QVERIFY(!page.buildButton()->isEnabled());

        // Fixing them enables Build.
        page.document()->removeExpert(1);
        page.addExpertFolders({kLlama});
        QCOMPARE(page.topKSpinBox()->maximum(), 2);
        QTRY_VERIFY_WITH_TIMEOUT(page.buildButton()->isEnabled(), 30000);

        // Gate init shows the prompts column and needs prompts.
        page.gateInitCombo()->setCurrentIndex(1);
        emit page.gateInitCombo()->activated(1);
        QVERIFY(!page.expertsTable()->isColumnHidden(ComposePage::PromptsColumn));
        QVERIFY(problemTexts(page).join(QLatin1Char('\n')).contains(QLatin1String("needs prompts")));
        QVERIFY(!page.buildButton()->isEnabled());
    }

    void dirtyTitleSaveChangesAndRecent()
    {
        QTemporaryDir tmp;
        moe::MainWindow window;
        auto* page = qobject_cast<ComposePage*>(window.pages()->widget(moe::MainWindow::ComposePage));
        QVERIFY(page);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QVERIFY(!window.isWindowModified());
        page->document()->setAlpha(0.3);
        QVERIFY(window.isWindowModified());
        QVERIFY2(window.windowTitle().startsWith(QLatin1String("Untitled[*]")), qPrintable(window.windowTitle()));

        answerBox(QStringLiteral("saveChangesBox"), QMessageBox::Cancel);
        QVERIFY(!window.close());
        QVERIFY(window.isVisible());

        const QString path = tmp.filePath(QStringLiteral("my.json"));
        QVERIFY(page->saveConfigTo(path));
        QVERIFY(!window.isWindowModified());
        QVERIFY(window.windowTitle().startsWith(QLatin1String("my.json")));
        QCOMPARE(page->recentConfigs(), QStringList{QFileInfo(path).absoluteFilePath()});

        page->document()->newConfig();
        QVERIFY(window.openPath(path));  // a config opens in the Compose page
        QCOMPARE(window.currentPage(), int(moe::MainWindow::ComposePage));
        QCOMPARE(page->document()->config().alpha, 0.3);
        QCOMPARE(page->document()->fileName(), QFileInfo(path).absoluteFilePath());

        // "Open in Analyse" takes the built folder to the Analyse page.
        emit page->openInAnalyseRequested(kLlama);
        QCOMPARE(window.currentPage(), int(moe::MainWindow::AnalysePage));
        QVERIFY2(window.currentPathText().startsWith(QLatin1String("Model folder: ")), qPrintable(window.currentPathText()));

        page->document()->setAlpha(0.4);
        answerBox(QStringLiteral("saveChangesBox"), QMessageBox::Discard);
        QVERIFY(window.close());
    }
};

QTEST_MAIN(TestGuiCompose)
#include "test_gui_compose.moc"
