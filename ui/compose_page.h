#pragma once
// The Compose page (DESIGN §9, issue 7): a point-and-click editor of a composition config that builds
// the MoE checkpoint. Every field edits the ComposeDocument (undoable) and every document change
// refreshes the fields, so the widgets never hold state of their own; the JSON view is the same
// document as text, editable both ways. The Build button runs compose() in a ComposeBuild worker.
//
// The implementation is split by area: compose_page.cpp (layout, method, sync), compose_page_experts.cpp,
// compose_page_routing.cpp, compose_page_build.cpp (output, build, summary), compose_page_file.cpp
// (open / save / recent / save changes?).

#include "core/compose/compose_config.h"

#include <QString>
#include <QStringList>
#include <QWidget>

class QAction;
class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QGridLayout;
class QGroupBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QMenu;
class QPlainTextEdit;
class QProgressBar;
class QPushButton;
class QRadioButton;
class QSpinBox;
class QTableWidget;
class QToolBar;
class QToolButton;

namespace moe {

class ComposeBuild;
class ComposeDocument;
class ComposeExpertsTable;
class ComposeJsonView;
struct ComposeBuildProgress;
struct ComposeSummary;

class ComposePage : public QWidget {
    Q_OBJECT

public:
    enum ExpertColumn { NameColumn = 0, FolderColumn, ArchColumn, ParamsColumn, DtypeColumn, TokenizerColumn,
                        PromptsColumn, StatusColumn, ColumnCount };

    explicit ComposePage(QWidget* parent = nullptr);
    ~ComposePage() override;

    ComposeDocument* document() const { return m_doc; }
    ComposeBuild* build() const { return m_build; }

    // Files. openConfig() replaces the document without asking (see maybeSave()).
    bool openConfig(const QString& path, QString* error = nullptr);
    bool saveConfigTo(const QString& path, QString* error = nullptr);
    // Asks "save changes?" when the document is modified; true when it may be discarded (saved or not),
    // false when the user cancelled.
    bool maybeSave();
    // Before the window closes: maybeSave(), then, if a build is running, whether to stop it (it is
    // cancelled when the answer allows closing).
    bool confirmClose();
    QStringList recentConfigs() const;
    // "name.json[*]" for the window title (Qt replaces [*] by the modified marker).
    QString titleText() const;

    // What the Add button and dropping folders do.
    void addExpertFolders(const QStringList& folders);

    // The widgets, for tests and the main window.
    QRadioButton* methodButton(ComposeMethod method) const;
    QLabel* methodExplanation() const { return m_methodText; }
    QLineEdit* modelTypeEdit() const { return m_modelType; }
    ComposeExpertsTable* expertsTable() const { return m_experts; }
    QCheckBox* projectionCheckBox(const QString& projection) const;
    QCheckBox* blockCheckBox(int block) const;
    QSpinBox* topKSpinBox() const { return m_topK; }
    QDoubleSpinBox* alphaSpinBox() const { return m_alpha; }
    QSpinBox* stitchFreqSpinBox() const { return m_stitchFreq; }
    QComboBox* gateInitCombo() const { return m_gateInit; }
    QComboBox* dtypeCombo() const { return m_dtype; }
    QComboBox* formatCombo() const { return m_format; }
    QLineEdit* outputEdit() const { return m_output; }
    QLineEdit* baseModelEdit() const { return m_baseModel; }
    ComposeJsonView* jsonView() const { return m_json; }
    QListWidget* problemsList() const { return m_problems; }
    QPushButton* buildButton() const { return m_buildButton; }
    QPushButton* cancelButton() const { return m_cancelButton; }
    QProgressBar* progressBar() const { return m_progress; }
    QLabel* progressLabel() const { return m_progressText; }
    QLabel* summaryLabel() const { return m_summary; }
    QPushButton* openInAnalyseButton() const { return m_openInAnalyse; }
    QAction* undoAction() const { return m_undoAction; }
    QAction* redoAction() const { return m_redoAction; }

    static QString methodExplanationText(ComposeMethod method);

public slots:
    void newConfig();
    void openConfigInteractively();
    bool saveConfig();
    bool saveConfigAs();
    void startBuild();
    void cancelBuild();

signals:
    void openInAnalyseRequested(const QString& modelDir);
    void titleChanged(const QString& title);  // titleText() changed
    void modifiedChanged(bool modified);
    void statusMessage(const QString& text);

private:
    // compose_page.cpp
    QWidget* createMethodGroup();
    void refresh();
    void refreshMethod();
    void refreshProblems();
    void updateBuildButton();
    // compose_page_experts.cpp
    QWidget* createExpertsGroup();
    void refreshExperts();
    void addExpertsInteractively();
    void removeSelectedExpert();
    void moveSelectedExpert(int delta);
    void editPrompts(int row);
    int selectedExpert() const;
    // compose_page_routing.cpp
    QWidget* createRoutingGroup();
    void refreshRouting();
    void rebuildBlockBoxes(int numLayers);
    void applyBlockRange();
    // compose_page_build.cpp
    QWidget* createOutputGroup();
    QWidget* createBuildBar();
    void refreshOutput();
    void chooseOutputFolder();
    void chooseBaseModel();
    void showBuildProgress(const ComposeBuildProgress& progress);
    void buildSucceeded(const ComposeSummary& summary);
    void buildEnded(const QString& text, bool error);
    // compose_page_file.cpp
    QToolBar* createFileToolBar();
    void addRecent(const QString& path);
    void fillRecentMenu();

    ComposeDocument* m_doc = nullptr;
    ComposeBuild* m_build = nullptr;

    QAction* m_undoAction = nullptr;
    QAction* m_redoAction = nullptr;
    QMenu* m_recentMenu = nullptr;

    QRadioButton* m_methodButtons[3] = {};
    QLabel* m_methodText = nullptr;
    QLineEdit* m_modelType = nullptr;

    ComposeExpertsTable* m_experts = nullptr;
    QPushButton* m_removeExpert = nullptr;
    QPushButton* m_upExpert = nullptr;
    QPushButton* m_downExpert = nullptr;
    QPushButton* m_promptsButton = nullptr;

    QWidget* m_projectionsRow = nullptr;
    QList<QCheckBox*> m_projectionBoxes;
    QLabel* m_traditionalNote = nullptr;
    QWidget* m_blocksRow = nullptr;
    QLabel* m_blocksNote = nullptr;
    QSpinBox* m_blockFrom = nullptr;
    QSpinBox* m_blockTo = nullptr;
    QWidget* m_blockGridHost = nullptr;
    QGridLayout* m_blockGrid = nullptr;
    QList<QCheckBox*> m_blockBoxes;
    QWidget* m_topKRow = nullptr;
    QSpinBox* m_topK = nullptr;
    QDoubleSpinBox* m_alpha = nullptr;
    QWidget* m_stitchRow = nullptr;
    QSpinBox* m_stitchFreq = nullptr;
    QWidget* m_gateRow = nullptr;
    QComboBox* m_gateInit = nullptr;
    QLabel* m_gateText = nullptr;
    QWidget* m_baseRow = nullptr;
    QLineEdit* m_baseModel = nullptr;

    QLineEdit* m_output = nullptr;
    QComboBox* m_dtype = nullptr;
    QComboBox* m_format = nullptr;

    ComposeJsonView* m_json = nullptr;
    QListWidget* m_problems = nullptr;
    QLabel* m_checkingLabel = nullptr;

    QPushButton* m_buildButton = nullptr;
    QPushButton* m_cancelButton = nullptr;
    QProgressBar* m_progress = nullptr;
    QLabel* m_progressText = nullptr;
    QLabel* m_summary = nullptr;
    QPushButton* m_openInAnalyse = nullptr;
    QString m_builtDir;
};

}  // namespace moe
