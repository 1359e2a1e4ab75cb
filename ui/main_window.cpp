#include "ui/main_window.h"

#include "widgets/elided_label.h"
#include "widgets/progress_panel.h"
#include "widgets/sidebar_nav.h"
#include "widgets/svg_icon.h"
#include "ui/about.h"
#include "ui/analyse_page.h"
#include "ui/compose_document.h"
#include "ui/compose_page.h"
#include "ui/demo_launcher.h"
#include "ui/placeholder_page.h"
#include "ui/train_page.h"

#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QCloseEvent>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFrame>
#include <QHBoxLayout>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QScreen>
#include <QSettings>
#include <QStackedWidget>
#include <QStatusBar>
#include <QToolBar>

// Q_INIT_RESOURCE must be used outside any namespace. moe_ui is a static library, so the resources are
// registered explicitly when the first window is built rather than by a static initialiser the linker
// may drop.
static void initMoeResources()
{
    Q_INIT_RESOURCE(resources);
}

namespace moe {
namespace {

const char* const kGeometryKey = "mainWindow/geometry";
const char* const kStateKey = "mainWindow/state";
const char* const kPageKey = "mainWindow/page";
const char* const kLastDirKey = "paths/lastDirectory";

// Why a file could not be opened, in a box that is window-modal without blocking (open(), not exec()),
// so scripts and tests never hang on it; it deletes itself once closed.
void showOpenError(QWidget* parent, const QString& title, const QString& message, const QString& objectName)
{
    auto* box = new QMessageBox(QMessageBox::Critical, title, message, QMessageBox::Ok, parent);
    box->setObjectName(objectName);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
}

}  // namespace

MainWindow::MainWindow(QWidget* parent) : QMainWindow(parent)
{
    initMoeResources();
    setObjectName(QStringLiteral("mainWindow"));
    setWindowTitle(QStringLiteral("MoE Studio"));
    setWindowIcon(svgIcon(QStringLiteral(":/icons/moe-studio.svg")));

    createPages();
    createActions();
    createMenusAndToolBar();
    createStatusBar();
    readSettings();

    // Connected after readSettings() so that building the window does not overwrite the stored page.
    connect(m_sidebar, &SidebarNav::currentChanged, this, &MainWindow::setCurrentPage);
}

MainWindow::~MainWindow() = default;

void MainWindow::createPages()
{
    m_sidebar = new SidebarNav(this);
    m_sidebar->setObjectName(QStringLiteral("sidebar"));
    m_pages = new QStackedWidget(this);
    m_pages->setObjectName(QStringLiteral("pages"));

    struct PageSpec {
        QString title;
        QString explanation;
        QString icon;
        QString objectName;
    };
    const PageSpec specs[kPageCount] = {
        {tr("Compose"),
         tr("Combine 2 to 16 expert checkpoints of one architecture into a Mixture-of-Experts model, "
            "Traditional, BTX or BTS, and write it as a checkpoint that transformers can load."),
         QStringLiteral(":/icons/compose.svg"), QStringLiteral("composePage")},
        {tr("Analyse"),
         tr("Run a model on text or open a saved routing trace, and see which expert each token goes "
            "to, the load per block and expert, routing entropy, and dead or collapsed experts."),
         QStringLiteral(":/icons/analyse.svg"), QStringLiteral("analysePage")},
        {tr("Train"),
         tr("Train only the routers (Traditional, BTX) or the stitch layers (BTS) with next-token loss "
            "plus a load-balancing term, keeping every other weight frozen."),
         QStringLiteral(":/icons/train.svg"), QStringLiteral("trainPage")},
    };
    for (int i = 0; i < kPageCount; ++i) {
        const PageSpec& spec = specs[i];
        QWidget* page = nullptr;
        if (i == ComposePage) {
            m_compose = new moe::ComposePage(m_pages);
            page = m_compose;
        } else if (i == AnalysePage) {
            m_analyse = new moe::AnalysePage(m_pages);
            page = m_analyse;
        } else if (i == TrainPage) {
            m_train = new moe::TrainPage(m_pages);
            page = m_train;
        } else {
            page = new PlaceholderPage(spec.title, spec.explanation, m_pages);
        }
        page->setObjectName(spec.objectName);
        m_pages->addWidget(page);
        const QString shortcut = QKeySequence(Qt::CTRL | Qt::Key(Qt::Key_1 + i)).toString(QKeySequence::NativeText);
        m_sidebar->addPage(paletteIcon(spec.icon), spec.title, QStringLiteral("%1 (%2)").arg(spec.title, shortcut));
    }

    auto* separator = new QFrame(this);
    separator->setFrameShape(QFrame::VLine);
    separator->setFrameShadow(QFrame::Sunken);

    auto* central = new QWidget(this);
    auto* layout = new QHBoxLayout(central);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(m_sidebar);
    layout->addWidget(separator);
    layout->addWidget(m_pages, 1);
    setCentralWidget(central);
}

void MainWindow::createActions()
{
    m_openModelAction = new QAction(paletteIcon(QStringLiteral(":/icons/open-folder.svg")), tr("Open &Model Folder…"), this);
    m_openModelAction->setObjectName(QStringLiteral("openModelAction"));
    m_openModelAction->setIconText(tr("Open Model"));
    m_openModelAction->setShortcut(QKeySequence::Open);
    m_openModelAction->setStatusTip(tr("Choose a folder with a model checkpoint (safetensors + config.json)"));
    connect(m_openModelAction, &QAction::triggered, this, &MainWindow::openModelFolder);

    m_openTraceAction = new QAction(paletteIcon(QStringLiteral(":/icons/open-trace.svg")), tr("Open &Trace…"), this);
    m_openTraceAction->setObjectName(QStringLiteral("openTraceAction"));
    m_openTraceAction->setIconText(tr("Open Trace"));
    m_openTraceAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_O));
    m_openTraceAction->setStatusTip(tr("Choose a routing trace (.safetensors) saved by MoE Studio or moe route"));
    connect(m_openTraceAction, &QAction::triggered, this, &MainWindow::openTrace);

    m_quitAction = new QAction(QIcon::fromTheme(QStringLiteral("application-exit")), tr("&Quit"), this);
    m_quitAction->setShortcut(QKeySequence::Quit);
    m_quitAction->setMenuRole(QAction::QuitRole);
    connect(m_quitAction, &QAction::triggered, this, &QWidget::close);

    m_pageGroup = new QActionGroup(this);
    m_pageGroup->setExclusive(true);
    for (int i = 0; i < kPageCount; ++i) {
        auto* action = new QAction(m_sidebar->title(i), m_pageGroup);
        action->setObjectName(QStringLiteral("pageAction%1").arg(i));
        action->setCheckable(true);
        action->setShortcut(QKeySequence(Qt::CTRL | Qt::Key(Qt::Key_1 + i)));
        action->setStatusTip(tr("Show the %1 page").arg(m_sidebar->title(i)));
        connect(action, &QAction::triggered, this, [this, i] { setCurrentPage(i); });
        m_pageActions[i] = action;
    }
    m_pageActions[0]->setChecked(true);

    m_aboutAction = new QAction(windowIcon(), tr("&About MoE Studio"), this);
    m_aboutAction->setMenuRole(QAction::AboutRole);
    connect(m_aboutAction, &QAction::triggered, this, &MainWindow::showAbout);
    m_demoAction = new QAction(tr("Open the Built-in &Demo"), this);
    m_demoAction->setStatusTip(tr("Three tiny experts (Arabic, English, C++) composed with BTX, their routers trained: "
                                  "open it in the Analyse page"));
    connect(m_demoAction, &QAction::triggered, this, &MainWindow::openDemo);
    m_demo = new DemoLauncher(this, this);
    connect(m_demo, &DemoLauncher::ready, this, [this](const QString& dir) {
        openPath(dir + QStringLiteral("/model"));
        openPath(dir + QStringLiteral("/sample.txt"));
        openPath(dir + QStringLiteral("/trace.safetensors"));
        setCurrentPage(AnalysePage);
    });
    connect(m_demo, &DemoLauncher::failed, this,
            [this](const QString& message) { showOpenError(this, tr("Cannot Build the Demo"), message, QStringLiteral("demoErrorBox")); });

    m_aboutQtAction = new QAction(tr("About &Qt"), this);
    m_aboutQtAction->setMenuRole(QAction::AboutQtRole);
    connect(m_aboutQtAction, &QAction::triggered, qApp, &QApplication::aboutQt);
}

void MainWindow::createMenusAndToolBar()
{
    QToolBar* toolBar = addToolBar(tr("Main Toolbar"));
    toolBar->setObjectName(QStringLiteral("mainToolBar"));  // needed by saveState()/restoreState()
    toolBar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    toolBar->setIconSize(QSize(20, 20));
    toolBar->setMovable(false);
    toolBar->addAction(m_openModelAction);
    toolBar->addAction(m_openTraceAction);
    toolBar->addAction(m_analyse->saveTraceAction());

    QMenu* file = menuBar()->addMenu(tr("&File"));
    file->addAction(m_openModelAction);
    file->addAction(m_openTraceAction);
    file->addAction(m_analyse->openTextAction());
    file->addMenu(m_analyse->recentMenu());
    file->addSeparator();
    file->addAction(m_analyse->saveTraceAction());
    file->addMenu(m_analyse->exportMenu());
    file->addMenu(m_analyse->compareMenu());
    file->addSeparator();
    file->addAction(m_quitAction);

    QMenu* edit = menuBar()->addMenu(tr("&Edit"));
    edit->addAction(m_analyse->copyFigureAction());

    QMenu* view = menuBar()->addMenu(tr("&View"));
    for (QAction* action : m_pageActions)
        view->addAction(action);
    view->addSeparator();
    QAction* toggleToolBar = toolBar->toggleViewAction();
    toggleToolBar->setText(tr("Show &Toolbar"));
    view->addAction(toggleToolBar);
    view->addMenu(m_analyse->paletteMenu());

    QMenu* help = menuBar()->addMenu(tr("&Help"));
    help->addAction(m_demoAction);
    help->addSeparator();
    help->addAction(m_aboutAction);
    help->addAction(m_aboutQtAction);
}

void MainWindow::createStatusBar()
{
    m_pathLabel = new ElidedLabel(this);
    m_pathLabel->setObjectName(QStringLiteral("pathLabel"));
    m_pathLabel->setPlaceholderText(tr("No model or trace open"));
    m_pathLabel->setContentsMargins(4, 0, 4, 0);
    statusBar()->addWidget(m_pathLabel, 1);

    m_summaryLabel = new QLabel(this);
    m_summaryLabel->setObjectName(QStringLiteral("summaryLabel"));
    m_summaryLabel->setContentsMargins(4, 0, 8, 0);
    statusBar()->addPermanentWidget(m_summaryLabel);
    connect(m_analyse, &moe::AnalysePage::summaryChanged, m_summaryLabel, &QLabel::setText);
    connect(m_analyse, &moe::AnalysePage::statusMessage, this, [this](const QString& text) { statusBar()->showMessage(text, 6000); });
    connect(m_analyse, &moe::AnalysePage::openTraceRequested, this, &MainWindow::openTrace);
    connect(m_analyse, &moe::AnalysePage::openPathRequested, this, &MainWindow::openPath);

    // The Compose page's config names the title while it is the document being edited; [*] marks changes.
    const auto composeTitle = [this] {
        setWindowTitle(QStringLiteral("%1 — MoE Studio").arg(m_compose->titleText()));
        setWindowModified(m_compose->document()->isModified());
    };
    connect(m_compose, &moe::ComposePage::titleChanged, this, composeTitle);
    connect(m_compose, &moe::ComposePage::modifiedChanged, this, composeTitle);
    connect(m_compose, &moe::ComposePage::statusMessage, this, [this](const QString& text) { statusBar()->showMessage(text, 6000); });
    connect(m_compose, &moe::ComposePage::openInAnalyseRequested, this, [this](const QString& dir) {
        if (openPath(dir))
            setCurrentPage(AnalysePage);
    });

    connect(m_train, &moe::TrainPage::statusMessage, this, [this](const QString& text) { statusBar()->showMessage(text, 6000); });
    connect(m_train, &moe::TrainPage::openInAnalyseRequested, this, [this](const QString& dir) {
        if (openPath(dir))
            setCurrentPage(AnalysePage);
    });
    connect(m_train, &moe::TrainPage::openTraceInAnalyseRequested, this, [this](const moe::Trace& trace) {
        m_analyse->setDocument(moe::TraceDocument(trace));
        setCurrentPage(AnalysePage);
    });

    m_progress = new ProgressPanel(this);
    m_progress->setObjectName(QStringLiteral("progressPanel"));
    statusBar()->addPermanentWidget(m_progress);
}

int MainWindow::currentPage() const
{
    return m_pages->currentIndex();
}

QAction* MainWindow::pageAction(int page) const
{
    return page >= 0 && page < kPageCount ? m_pageActions[page] : nullptr;
}

QString MainWindow::currentPathText() const
{
    return m_pathLabel->text();
}

void MainWindow::setCurrentPage(int page)
{
    if (page < 0 || page >= kPageCount)
        return;
    const bool changed = page != m_pages->currentIndex();
    m_pages->setCurrentIndex(page);
    m_sidebar->setCurrentIndex(page);
    m_pageActions[page]->setChecked(true);
    if (changed)
        QSettings().setValue(kPageKey, page);  // remembered at once, not only on a clean close
}

bool MainWindow::openPath(const QString& path)
{
    const QFileInfo info(path);
    if (path.isEmpty() || !info.exists()) {
        statusBar()->showMessage(tr("Cannot open %1: no such file or folder").arg(QDir::toNativeSeparators(path)),
                                 8000);
        return false;
    }
    const QString absolute = QDir::toNativeSeparators(QDir::cleanPath(info.absoluteFilePath()));
    QString kind;
    if (info.isDir()) {
        kind = tr("Model folder");
        m_analyse->setModelFolder(absolute);  // the folder Route runs text through
    } else if (info.suffix().compare(QLatin1String("safetensors"), Qt::CaseInsensitive) == 0) {
        QString error;
        if (!m_analyse->openTrace(absolute, &error)) {
            statusBar()->showMessage(tr("Cannot open %1").arg(absolute), 8000);
            showOpenError(this, tr("Cannot Open Trace"), error, QStringLiteral("traceErrorBox"));
            return false;
        }
        kind = tr("Trace");
        setCurrentPage(AnalysePage);
    } else if (QStringList{QStringLiteral("txt"), QStringLiteral("md")}.contains(info.suffix(), Qt::CaseInsensitive)) {
        QString error;
        if (!m_analyse->loadTextFile(absolute, &error)) {
            statusBar()->showMessage(error, 8000);
            showOpenError(this, tr("Cannot Open Text"), error, QStringLiteral("textErrorBox"));
            return false;
        }
        kind = tr("Text");
        setCurrentPage(AnalysePage);
    } else if (QStringList{QStringLiteral("json"), QStringLiteral("yaml"), QStringLiteral("yml")}.contains(info.suffix(), Qt::CaseInsensitive)) {
        QString error;
        if (!m_compose->maybeSave())
            return false;
        if (!m_compose->openConfig(absolute, &error)) {
            statusBar()->showMessage(error, 8000);
            showOpenError(this, tr("Cannot Open Config"), error, QStringLiteral("configErrorBox"));
            return false;
        }
        kind = tr("Config");
        setCurrentPage(ComposePage);
    } else {
        kind = tr("File");
    }
    m_pathLabel->setText(tr("%1: %2").arg(kind, absolute));
    setWindowTitle(QStringLiteral("%1 — MoE Studio").arg(QFileInfo(absolute).fileName()));
    QSettings().setValue(kLastDirKey, info.absolutePath());  // the folder around it, for the next dialog
    return true;
}

void MainWindow::openModelFolder()
{
    const QString dir = QFileDialog::getExistingDirectory(this, tr("Open Model Folder"), lastDirectory());
    if (!dir.isEmpty())
        openPath(dir);
}

void MainWindow::openTrace()
{
    const QString file = QFileDialog::getOpenFileName(this, tr("Open Trace"), lastDirectory(),
                                                      tr("Routing traces (*.safetensors);;All files (*)"));
    if (!file.isEmpty())
        openPath(file);
}

void MainWindow::openDemo()
{
    m_demo->start();
}

void MainWindow::showAbout()
{
    showAboutDialog(this);
}

void MainWindow::closeEvent(QCloseEvent* event)
{
    if (!m_compose->confirmClose() || !m_train->confirmClose()) {  // "save changes?" or "stop training?" answered Cancel
        event->ignore();
        return;
    }
    writeSettings();
    event->accept();
}

void MainWindow::readSettings()
{
    QSettings settings;
    const QByteArray geometry = settings.value(kGeometryKey).toByteArray();
    if (geometry.isEmpty() || !restoreGeometry(geometry)) {
        QSize size(1100, 720);
        if (const QScreen* screen = QGuiApplication::primaryScreen())
            size = size.boundedTo(screen->availableSize() * 0.9);
        resize(size);
    }
    restoreState(settings.value(kStateKey).toByteArray());
    bool ok = false;
    const int page = settings.value(kPageKey, ComposePage).toInt(&ok);
    setCurrentPage(ok ? page : ComposePage);
}

void MainWindow::writeSettings() const
{
    QSettings settings;
    settings.setValue(kGeometryKey, saveGeometry());
    settings.setValue(kStateKey, saveState());
    settings.setValue(kPageKey, currentPage());
}

QString MainWindow::lastDirectory() const
{
    const QString dir = QSettings().value(kLastDirKey).toString();
    return !dir.isEmpty() && QFileInfo(dir).isDir() ? dir : QDir::homePath();
}

}  // namespace moe
