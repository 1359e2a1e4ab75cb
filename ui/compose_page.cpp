#include "ui/compose_page.h"

#include "ui/compose_build.h"
#include "ui/compose_document.h"
#include "ui/compose_experts_table.h"
#include "ui/compose_json_view.h"

#include <QAction>
#include <QButtonGroup>
#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QRadioButton>
#include <QScrollArea>
#include <QSpinBox>
#include <QSplitter>
#include <QStyle>
#include <QToolBar>
#include <QUndoStack>
#include <QVBoxLayout>

namespace moe {

namespace {

constexpr ComposeMethod kMethods[] = {ComposeMethod::Traditional, ComposeMethod::Btx, ComposeMethod::Bts};

int methodIndex(ComposeMethod method)
{
    return method == ComposeMethod::Traditional ? 0 : method == ComposeMethod::Btx ? 1 : 2;
}

}  // namespace

ComposePage::ComposePage(QWidget* parent)
    : QWidget(parent), m_doc(new ComposeDocument(this)), m_build(new ComposeBuild(this))
{
    // Undo / redo of the config, active while the focus is on this page (the other pages have their own).
    m_undoAction = m_doc->undoStack()->createUndoAction(this, tr("&Undo"));
    m_undoAction->setObjectName(QStringLiteral("composeUndoAction"));
    m_undoAction->setShortcut(QKeySequence::Undo);
    m_redoAction = m_doc->undoStack()->createRedoAction(this, tr("&Redo"));
    m_redoAction->setObjectName(QStringLiteral("composeRedoAction"));
    m_redoAction->setShortcut(QKeySequence::Redo);
    for (QAction* action : {m_undoAction, m_redoAction}) {
        action->setShortcutContext(Qt::WidgetWithChildrenShortcut);
        addAction(action);
    }

    auto* form = new QWidget;
    auto* formLayout = new QVBoxLayout(form);
    formLayout->addWidget(createMethodGroup());
    formLayout->addWidget(createExpertsGroup());
    formLayout->addWidget(createRoutingGroup());
    formLayout->addWidget(createOutputGroup());
    formLayout->addStretch(1);
    auto* scroll = new QScrollArea;
    scroll->setObjectName(QStringLiteral("composeForm"));
    scroll->setWidget(form);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);

    m_problems = new QListWidget;
    m_problems->setObjectName(QStringLiteral("problemsList"));
    m_problems->setWordWrap(true);
    m_checkingLabel = new QLabel(tr("Checking the expert folders…"));
    m_checkingLabel->setObjectName(QStringLiteral("checkingLabel"));
    auto* problemsBox = new QGroupBox(tr("Problems"));
    auto* problemsLayout = new QVBoxLayout(problemsBox);
    problemsLayout->addWidget(m_problems, 1);
    problemsLayout->addWidget(m_checkingLabel);
    m_json = new ComposeJsonView(m_doc);
    auto* jsonBox = new QGroupBox(tr("Config (MixtureKit JSON, editable)"));
    auto* jsonLayout = new QVBoxLayout(jsonBox);
    jsonLayout->addWidget(m_json);
    auto* side = new QSplitter(Qt::Vertical);
    side->addWidget(problemsBox);
    side->addWidget(jsonBox);
    side->setStretchFactor(1, 2);

    auto* split = new QSplitter(Qt::Horizontal);
    split->setObjectName(QStringLiteral("composeSplitter"));
    split->addWidget(scroll);
    split->addWidget(side);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 2);
    split->setChildrenCollapsible(false);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(createFileToolBar());
    layout->addWidget(split, 1);
    layout->addWidget(createBuildBar());

    connect(m_doc, &ComposeDocument::changed, this, &ComposePage::refresh);
    connect(m_doc, &ComposeDocument::problemsChanged, this, &ComposePage::refreshProblems);
    connect(m_doc, &ComposeDocument::folderInspected, this, &ComposePage::refresh);
    connect(m_doc, &ComposeDocument::fileNameChanged, this, [this] { emit titleChanged(titleText()); });
    connect(m_doc, &ComposeDocument::modifiedChanged, this, &ComposePage::modifiedChanged);
    connect(m_problems, &QListWidget::itemActivated, this, [this](QListWidgetItem* item) {
        const int row = item->data(Qt::UserRole).toInt();
        if (row >= 0 && row < m_experts->rowCount()) {
            m_experts->selectRow(row);
            m_experts->setFocus();
        }
    });
    refresh();
    refreshProblems();
}

ComposePage::~ComposePage() = default;

QString ComposePage::methodExplanationText(ComposeMethod method)
{
    switch (method) {
    case ComposeMethod::Traditional:
        return tr("Traditional: one router per block sends each token to its top-k experts' whole MLP "
                  "(Mixtral-style); everything else is averaged.");
    case ComposeMethod::Btx:
        return tr("BTX (Branch-Train-MiX): the projections you choose become expert banks, each with its own "
                  "router; everything else is averaged.");
    case ComposeMethod::Bts:
        return tr("BTS (Branch-Train-Stitch): every expert stays a whole, frozen model beside a hub "
                  "(the first expert); stitch layers every N blocks mix them.");
    }
    return {};
}

QWidget* ComposePage::createMethodGroup()
{
    auto* box = new QGroupBox(tr("Method"));
    auto* group = new QButtonGroup(box);
    auto* buttons = new QHBoxLayout;
    const QString names[] = {tr("Traditional"), tr("BTX"), tr("BTS")};
    const char* objectNames[] = {"methodTraditional", "methodBtx", "methodBts"};
    for (int i = 0; i < 3; ++i) {
        m_methodButtons[i] = new QRadioButton(names[i]);
        m_methodButtons[i]->setObjectName(QLatin1String(objectNames[i]));
        m_methodButtons[i]->setToolTip(methodExplanationText(kMethods[i]));
        group->addButton(m_methodButtons[i], i);
        buttons->addWidget(m_methodButtons[i]);
    }
    buttons->addStretch(1);
    connect(group, &QButtonGroup::idClicked, this, [this](int id) { m_doc->setMethod(kMethods[id]); });
    m_methodText = new QLabel;
    m_methodText->setObjectName(QStringLiteral("methodExplanation"));
    m_methodText->setWordWrap(true);

    m_modelType = new QLineEdit;
    m_modelType->setObjectName(QStringLiteral("modelTypeEdit"));
    m_modelType->setToolTip(tr("model_type of the composed model: lowercase letters, digits and '_' "
                               "(it names the model's Python modules)"));
    connect(m_modelType, &QLineEdit::textEdited, m_doc, &ComposeDocument::setModelType);
    auto* form = new QFormLayout;
    form->addRow(tr("Model type:"), m_modelType);

    auto* layout = new QVBoxLayout(box);
    layout->addLayout(buttons);
    layout->addWidget(m_methodText);
    layout->addLayout(form);
    return box;
}

QRadioButton* ComposePage::methodButton(ComposeMethod method) const
{
    return m_methodButtons[methodIndex(method)];
}

void ComposePage::refresh()
{
    refreshMethod();
    refreshExperts();
    refreshRouting();
    refreshOutput();
    updateBuildButton();
}

void ComposePage::refreshMethod()
{
    const ComposeMethod method = m_doc->config().method;
    m_methodButtons[methodIndex(method)]->setChecked(true);
    m_methodText->setText(methodExplanationText(method));
    const QString type = QString::fromStdString(m_doc->config().modelType);
    if (m_modelType->text() != type)  // never while it would move the cursor of the user's typing
        m_modelType->setText(type);
    // Only the fields that apply to the method.
    const bool routed = method != ComposeMethod::Bts;
    m_projectionsRow->setVisible(method == ComposeMethod::Btx);
    m_traditionalNote->setVisible(method == ComposeMethod::Traditional);
    m_blocksRow->setVisible(routed);
    m_topKRow->setVisible(routed);
    m_gateRow->setVisible(routed);
    m_baseRow->setVisible(routed);
    m_stitchRow->setVisible(method == ComposeMethod::Bts);
}

void ComposePage::refreshProblems()
{
    m_problems->clear();
    const QIcon error = style()->standardIcon(QStyle::SP_MessageBoxCritical);
    const QIcon warning = style()->standardIcon(QStyle::SP_MessageBoxWarning);
    for (const ComposeProblem& p : m_doc->problems()) {
        auto* item = new QListWidgetItem(p.warning ? warning : error, p.text(), m_problems);
        item->setData(Qt::UserRole, p.expert);
        item->setToolTip(p.text());
    }
    if (m_problems->count() == 0 && !m_doc->isChecking())
        new QListWidgetItem(style()->standardIcon(QStyle::SP_DialogApplyButton), tr("No problems: ready to build."),
                            m_problems);
    m_checkingLabel->setVisible(m_doc->isChecking());
    refreshExperts();  // each row shows its own problems
    updateBuildButton();
}

void ComposePage::updateBuildButton()
{
    if (!m_buildButton)
        return;
    const bool running = m_build->isRunning();
    m_buildButton->setEnabled(!running && m_doc->isValid());
    m_cancelButton->setEnabled(running && !m_build->isCancelRequested());
    if (running)
        m_buildButton->setToolTip(tr("A build is running"));
    else if (m_doc->isChecking())
        m_buildButton->setToolTip(tr("Checking the expert folders…"));
    else if (!m_doc->isValid())
        m_buildButton->setToolTip(tr("Fix the problems listed first"));
    else
        m_buildButton->setToolTip(tr("Write the MoE checkpoint to the output folder"));
}

}  // namespace moe
