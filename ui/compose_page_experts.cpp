// The Compose page's experts table: add (button or dropped folders), rename, reorder, remove, prompts,
// and per row what the inspection found and the problems that name this expert.

#include "ui/compose_document.h"
#include "ui/compose_experts_table.h"
#include "ui/compose_page.h"
#include "ui/compose_prompts_dialog.h"

#include <QDir>
#include <QFileDialog>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QSettings>
#include <QSignalBlocker>
#include <QStyle>
#include <QVBoxLayout>

namespace moe {

namespace {

const char* const kExpertDirKey = "compose/lastExpertDirectory";

QString humanCount(double n)
{
    if (n >= 1e9)
        return QStringLiteral("%1 B").arg(n / 1e9, 0, 'f', 2);
    if (n >= 1e6)
        return QStringLiteral("%1 M").arg(n / 1e6, 0, 'f', 2);
    if (n >= 1e3)
        return QStringLiteral("%1 K").arg(n / 1e3, 0, 'f', 1);
    return QString::number(qint64(n));
}

// The item at (row, column), created when missing; only the name column is editable.
QTableWidgetItem* cell(QTableWidget* table, int row, int column)
{
    QTableWidgetItem* item = table->item(row, column);
    if (!item) {
        item = new QTableWidgetItem;
        Qt::ItemFlags flags = Qt::ItemIsEnabled | Qt::ItemIsSelectable;
        if (column == ComposePage::NameColumn)
            flags |= Qt::ItemIsEditable;
        item->setFlags(flags);
        table->setItem(row, column, item);
    }
    return item;
}

void setCell(QTableWidget* table, int row, int column, const QString& text, const QString& toolTip = {})
{
    QTableWidgetItem* item = cell(table, row, column);
    if (item->text() != text)
        item->setText(text);
    item->setToolTip(toolTip.isEmpty() ? text : toolTip);
}

}  // namespace

QWidget* ComposePage::createExpertsGroup()
{
    auto* box = new QGroupBox(tr("Experts"));
    m_experts = new ComposeExpertsTable;
    m_experts->setObjectName(QStringLiteral("expertsTable"));
    m_experts->setColumnCount(ColumnCount);
    m_experts->setHorizontalHeaderLabels({tr("Name"), tr("Folder"), tr("Architecture"), tr("Parameters"), tr("dtype"),
                                          tr("Tokenizer"), tr("Prompts"), tr("Status")});
    m_experts->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_experts->setSelectionMode(QAbstractItemView::SingleSelection);
    m_experts->setEditTriggers(QAbstractItemView::DoubleClicked | QAbstractItemView::EditKeyPressed |
                               QAbstractItemView::SelectedClicked);
    m_experts->verticalHeader()->setVisible(true);
    m_experts->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_experts->horizontalHeader()->setSectionResizeMode(FolderColumn, QHeaderView::Interactive);
    m_experts->horizontalHeader()->setStretchLastSection(true);
    m_experts->setMinimumHeight(150);
    connect(m_experts, &QTableWidget::itemChanged, this, [this](QTableWidgetItem* item) {
        if (item->column() == NameColumn)
            m_doc->setExpertName(item->row(), item->text());
    });
    connect(m_experts, &ComposeExpertsTable::foldersDropped, this, &ComposePage::addExpertFolders);
    connect(m_experts, &QTableWidget::cellDoubleClicked, this, [this](int row, int column) {
        if (column == PromptsColumn)
            editPrompts(row);
    });
    connect(m_experts, &QTableWidget::itemSelectionChanged, this, &ComposePage::refreshExperts);

    auto* add = new QPushButton(style()->standardIcon(QStyle::SP_DirOpenIcon), tr("Add Folder…"));
    add->setObjectName(QStringLiteral("addExpertButton"));
    add->setToolTip(tr("Add a model folder (config.json + *.safetensors) as an expert; you can also drop folders "
                       "on the table"));
    connect(add, &QPushButton::clicked, this, &ComposePage::addExpertsInteractively);
    m_removeExpert = new QPushButton(tr("Remove"));
    m_removeExpert->setObjectName(QStringLiteral("removeExpertButton"));
    connect(m_removeExpert, &QPushButton::clicked, this, &ComposePage::removeSelectedExpert);
    m_upExpert = new QPushButton(style()->standardIcon(QStyle::SP_ArrowUp), tr("Up"));
    m_upExpert->setObjectName(QStringLiteral("moveExpertUpButton"));
    m_upExpert->setToolTip(tr("Move the expert up (the first expert is the hub for BTS and gives the tokenizer)"));
    connect(m_upExpert, &QPushButton::clicked, this, [this] { moveSelectedExpert(-1); });
    m_downExpert = new QPushButton(style()->standardIcon(QStyle::SP_ArrowDown), tr("Down"));
    m_downExpert->setObjectName(QStringLiteral("moveExpertDownButton"));
    connect(m_downExpert, &QPushButton::clicked, this, [this] { moveSelectedExpert(1); });
    m_promptsButton = new QPushButton(tr("Prompts…"));
    m_promptsButton->setObjectName(QStringLiteral("promptsButton"));
    m_promptsButton->setToolTip(tr("Positive and negative prompts of the selected expert (gate initialisation)"));
    connect(m_promptsButton, &QPushButton::clicked, this, [this] { editPrompts(selectedExpert()); });

    auto* buttons = new QHBoxLayout;
    for (QPushButton* b : {add, m_removeExpert, m_upExpert, m_downExpert, m_promptsButton})
        buttons->addWidget(b);
    buttons->addStretch(1);
    auto* hint = new QLabel(tr("Two to sixteen dense checkpoints of one architecture. Double-click a name to "
                               "rename it; drop folders here to add them."));
    hint->setWordWrap(true);
    auto* layout = new QVBoxLayout(box);
    layout->addWidget(hint);
    layout->addWidget(m_experts, 1);
    layout->addLayout(buttons);
    return box;
}

void ComposePage::addExpertFolders(const QStringList& folders)
{
    m_doc->addExperts(folders);
}

int ComposePage::selectedExpert() const
{
    const auto rows = m_experts->selectionModel()->selectedRows();
    return rows.isEmpty() ? -1 : rows.first().row();
}

void ComposePage::refreshExperts()
{
    if (!m_experts || !m_removeExpert)
        return;
    const QSignalBlocker blocker(m_experts);
    const int n = m_doc->expertCount();
    if (m_experts->rowCount() != n)
        m_experts->setRowCount(n);
    QList<ComposeProblem> problems = m_doc->problems();
    for (int row = 0; row < n; ++row) {
        const QString path = m_doc->expertPath(row);
        setCell(m_experts, row, NameColumn, m_doc->expertName(row));
        setCell(m_experts, row, FolderColumn, QDir::toNativeSeparators(path));
        const ExpertFolderInfo* info = m_doc->folderInfo(path);
        const bool known = info && info->ok;
        setCell(m_experts, row, ArchColumn, known ? info->architecture : QString(),
                known ? QStringLiteral("%1 (%2), %3 blocks").arg(info->architecture, info->modelType).arg(info->layers)
                      : QString());
        setCell(m_experts, row, ParamsColumn, known ? humanCount(double(info->parameters)) : QString(),
                known ? QString::number(info->parameters) : QString());
        setCell(m_experts, row, DtypeColumn, known ? info->dtype : QString());
        setCell(m_experts, row, TokenizerColumn, info ? (info->tokenizer ? tr("yes") : tr("missing")) : QString());
        const int positive = int(m_doc->expertPrompts(row, true).size());
        const int negative = int(m_doc->expertPrompts(row, false).size());
        setCell(m_experts, row, PromptsColumn,
                positive + negative ? tr("%1 + / %2 −").arg(positive).arg(negative) : tr("none"),
                tr("Double-click to edit the prompts"));

        // Status: the problems naming this row, errors first.
        QStringList errors, warnings;
        for (const ComposeProblem& p : problems)
            if (p.expert == row)
                (p.warning ? warnings : errors) << p.text();
        QTableWidgetItem* status = cell(m_experts, row, StatusColumn);
        QString text;
        QStyle::StandardPixmap icon = QStyle::SP_DialogApplyButton;
        if (!errors.isEmpty() || !warnings.isEmpty()) {
            const QString& first = errors.isEmpty() ? warnings.first() : errors.first();
            const int more = int(errors.size() + warnings.size()) - 1;
            text = more > 0 ? tr("%1 (+%2 more)").arg(first).arg(more) : first;
            icon = errors.isEmpty() ? QStyle::SP_MessageBoxWarning : QStyle::SP_MessageBoxCritical;
        } else if (!info && !path.isEmpty()) {
            text = tr("Inspecting…");
            icon = QStyle::SP_BrowserReload;
        } else if (m_doc->isChecking()) {
            text = tr("Checking…");
            icon = QStyle::SP_BrowserReload;
        } else {
            text = tr("OK");
        }
        if (status->text() != text)
            status->setText(text);
        status->setIcon(style()->standardIcon(icon));
        status->setToolTip((errors + warnings).join(QLatin1Char('\n')));
    }
    m_experts->setColumnHidden(PromptsColumn, m_doc->config().gateInit == GateInit::Random);
    const int row = selectedExpert();
    m_removeExpert->setEnabled(row >= 0);
    m_upExpert->setEnabled(row > 0);
    m_downExpert->setEnabled(row >= 0 && row + 1 < n);
    m_promptsButton->setVisible(m_doc->config().gateInit != GateInit::Random);
    m_promptsButton->setEnabled(row >= 0);
}

void ComposePage::addExpertsInteractively()
{
    QSettings settings;
    const QString dir = QFileDialog::getExistingDirectory(this, tr("Add Expert Folder"),
                                                          settings.value(kExpertDirKey, QDir::homePath()).toString());
    if (dir.isEmpty())
        return;
    settings.setValue(kExpertDirKey, QFileInfo(dir).absolutePath());
    addExpertFolders({dir});
}

void ComposePage::removeSelectedExpert()
{
    m_doc->removeExpert(selectedExpert());
}

void ComposePage::moveSelectedExpert(int delta)
{
    const int row = selectedExpert();
    if (row < 0 || row + delta < 0 || row + delta >= m_doc->expertCount())
        return;
    m_doc->moveExpert(row, row + delta);
    m_experts->selectRow(row + delta);
}

void ComposePage::editPrompts(int row)
{
    if (row < 0 || row >= m_doc->expertCount())
        return;
    ComposePromptsDialog dialog(m_doc->expertName(row), m_doc->expertPrompts(row, true),
                                m_doc->expertPrompts(row, false), this);
    if (dialog.exec() == QDialog::Accepted)
        m_doc->setExpertPrompts(row, dialog.positivePrompts(), dialog.negativePrompts());
}

}  // namespace moe
