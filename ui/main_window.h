#pragma once
// The main window: a sidebar with the Compose / Analyse / Train pages, a toolbar, menus, and a status
// bar with the current model or trace and the progress area. Window geometry, toolbar state and the
// last page are remembered with QSettings.

#include <QMainWindow>
#include <QString>

class QAction;
class QActionGroup;
class QLabel;
class QStackedWidget;

namespace moe {

class AnalysePage;
class ComposePage;
class DemoLauncher;
class ElidedLabel;
class ProgressPanel;
class SidebarNav;
class TrainPage;

class MainWindow : public QMainWindow {
    Q_OBJECT

public:
    enum Page { ComposePage = 0, AnalysePage = 1, TrainPage = 2 };
    static constexpr int kPageCount = 3;

    explicit MainWindow(QWidget* parent = nullptr);
    ~MainWindow() override;

    int currentPage() const;
    QStackedWidget* pages() const { return m_pages; }
    SidebarNav* sidebar() const { return m_sidebar; }
    ProgressPanel* progressPanel() const { return m_progress; }
    moe::AnalysePage* analysePage() const { return m_analyse; }
    moe::ComposePage* composePage() const { return m_compose; }
    moe::TrainPage* trainPage() const { return m_train; }
    DemoLauncher* demoLauncher() const { return m_demo; }
    // The View menu action that shows `page`; nullptr when out of range.
    QAction* pageAction(int page) const;
    // What the status bar shows about the open model / trace / config, e.g. "Trace: /tmp/t.safetensors".
    QString currentPathText() const;

public slots:
    void setCurrentPage(int page);
    // Records a model folder, trace (.safetensors) or composition config (.json, or a mergekit-moe
    // .yaml) as the current document and shows it in the status bar; configs switch to Compose. A model
    // folder becomes the Analyse page's model to route text through (what is wrong with it shows on
    // the page); a .txt/.md file its text. A trace is opened in the Analyse page. If a trace, text or
    // config cannot be read, a message box (window-modal, not blocking) shows the core's error, the
    // current document stays, and the result is false. Returns false (and says so in the status bar)
    // if the path does not exist.
    bool openPath(const QString& path);
    void openModelFolder();
    void openTrace();
    void showAbout();
    // Opens the built-in demo in the Analyse page (its model folder, sample text and trace), building it
    // first, behind a progress dialog, unless an earlier start left it in the application data folder.
    void openDemo();

protected:
    void closeEvent(QCloseEvent* event) override;

private:
    void createPages();
    void createActions();
    void createMenusAndToolBar();
    void createStatusBar();
    void readSettings();
    void writeSettings() const;
    QString lastDirectory() const;

    SidebarNav* m_sidebar = nullptr;
    QStackedWidget* m_pages = nullptr;
    ProgressPanel* m_progress = nullptr;
    ElidedLabel* m_pathLabel = nullptr;
    QLabel* m_summaryLabel = nullptr;
    moe::AnalysePage* m_analyse = nullptr;
    moe::ComposePage* m_compose = nullptr;
    moe::TrainPage* m_train = nullptr;

    QAction* m_openModelAction = nullptr;
    QAction* m_openTraceAction = nullptr;
    QAction* m_quitAction = nullptr;
    QAction* m_aboutAction = nullptr;
    QAction* m_demoAction = nullptr;
    DemoLauncher* m_demo = nullptr;
    QAction* m_aboutQtAction = nullptr;
    QActionGroup* m_pageGroup = nullptr;
    QAction* m_pageActions[kPageCount] = {};
};

}  // namespace moe
