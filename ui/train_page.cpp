// TrainPage: the layout, the inputs (model folder, training text, options, output folder) and the
// remembered settings.

#include "core/model/hparams.h"

#include "ui/train_page.h"

#include "ui/analyse_filter_panel.h"
#include "ui/route_runner.h"
#include "ui/train_options_panel.h"
#include "ui/train_run.h"
#include "widgets/elided_label.h"
#include "widgets/svg_icon.h"

#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QScrollArea>
#include <QScrollBar>
#include <QSettings>
#include <QSplitter>
#include <QToolButton>
#include <QVBoxLayout>

namespace moe {
namespace {

const char* const kModelKey = "train/modelFolder";
const char* const kDataKey = "train/dataFiles";
const char* const kOutputKey = "train/outputFolder";
const char* const kSampleKey = "train/sampleText";
const char* const kSplitterKey = "train/splitter";
const char* const kDataDirKey = "train/dataDirectory";
const char* const kLastDirKey = "paths/lastDirectory";  // shared with the main window's open dialogs

struct Trainability {
    QString summary;  // what the folder holds and what training updates
    QString problem;  // why it cannot be trained; empty when it can
};

// What training would update in `dir` with the chosen scope, or why it cannot: routing problems (no
// routers, no tokenizer, no readable config) are rephrased for training. Routers / stitch layers need a
// routed model; "every weight" and "MLPs only" need a dense one.
Trainability inspectForTraining(const QString& dir, TrainScope scope)
{
    const QString native = QDir::toNativeSeparators(dir);
    if (!QFileInfo(dir).isDir()) return {{}, QObject::tr("%1: not a model folder (it does not exist or is not a folder)").arg(native)};
    const ModelFolderInfo info = inspectModelFolder(dir);
    Trainability t{info.summary, {}};
    if (info.summary.isEmpty()) {  // config.json missing or unreadable
        t.problem = info.problem;
        return t;
    }
    bool bts = false;
    try {
        const HParams hp = loadHParams(native.toStdString());
        bts = hp.composed && hp.composed->method == "bts";
    } catch (const std::exception&) {
    }
    const bool dense = scope != TrainScope::Routers;
    if (!dense && !info.hasRouters)
        t.problem = QObject::tr("%1: a dense model has no routers or stitch layers to train; compose a Traditional, BTX or "
                                "BTS model from it first (Compose page), choose a native MoE, or set Trainable to every "
                                "weight or the MLPs")
                        .arg(native);
    else if (dense && info.hasRouters)
        t.problem = QObject::tr("%1: a routed model: \"every weight\" and \"MLPs only\" train dense models; set Trainable "
                                "to the routers / stitch layers")
                        .arg(native);
    else if (!info.hasTokenizer)
        t.problem = QObject::tr("%1: no tokenizer.json in the model folder: training tokenizes the text with it").arg(native);
    else if (!dense && !info.ok)
        t.problem = info.problem;
    else if (dense)
        t.summary += scope == TrainScope::All ? QObject::tr(" · trains every weight") : QObject::tr(" · trains the MLPs");
    else
        t.summary += bts ? QObject::tr(" · trains the stitch layers") : QObject::tr(" · trains the routers");
    return t;
}

QString suggestedOutput(const QString& modelDir)
{
    return modelDir.isEmpty() ? QString() : modelDir + QStringLiteral("-trained");
}

}  // namespace

TrainPage::TrainPage(QWidget* parent) : QWidget(parent), m_run(new TrainRun(this)), m_router(new RouteRunner(this))
{
    m_splitter = new QSplitter(Qt::Horizontal, this);
    m_splitter->setObjectName(QStringLiteral("trainSplitter"));
    m_splitter->setChildrenCollapsible(false);
    m_splitter->addWidget(createSidePanel());

    auto* content = new QSplitter(Qt::Vertical);
    content->setObjectName(QStringLiteral("trainContentSplitter"));
    content->setChildrenCollapsible(false);
    auto* top = new QWidget;
    auto* topLayout = new QVBoxLayout(top);
    topLayout->setContentsMargins(8, 6, 8, 0);
    topLayout->addWidget(createPlots(), 1);
    topLayout->addWidget(createSummary());
    content->addWidget(top);
    content->addWidget(createSampleGroup());
    content->setStretchFactor(0, 3);
    content->setStretchFactor(1, 1);
    m_splitter->addWidget(content);
    m_splitter->setStretchFactor(0, 0);
    m_splitter->setStretchFactor(1, 1);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_splitter);

    connectRun();
    restoreSettings();
    updateButtons();
}

TrainPage::~TrainPage()
{
    saveSession();
    m_run->cancel();  // the run's destructor waits for the current step; nothing is written
}

QWidget* TrainPage::createSidePanel()
{
    m_inputs = new QWidget;
    auto* v = new QVBoxLayout(m_inputs);
    v->setContentsMargins(0, 0, 0, 0);
    v->setSpacing(4);
    v->addWidget(createModelGroup());
    v->addWidget(createDataGroup());
    v->addWidget(analyseSectionHeader(tr("Options"), m_inputs));
    m_options = new TrainOptionsPanel;
    m_options->setObjectName(QStringLiteral("trainOptions"));
    v->addWidget(m_options);
    connect(m_options, &TrainOptionsPanel::changed, this, [this] {  // the scope decides what the model must be
        if (!m_modelDir.isEmpty() && m_options->options().scope != m_checkedScope) setModelFolder(m_modelDir);
    });
    v->addWidget(createOutputGroup());

    auto* panel = new QWidget;
    auto* p = new QVBoxLayout(panel);
    p->setContentsMargins(10, 4, 10, 4);
    p->addWidget(m_inputs);
    p->addStretch(1);

    // The inputs scroll; Start, Cancel and the progress stay in view below them.
    m_side = new QScrollArea;
    m_side->setObjectName(QStringLiteral("trainSidePanel"));
    m_side->setWidget(panel);
    m_side->setWidgetResizable(true);
    m_side->setFrameShape(QFrame::NoFrame);
    m_side->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_side->setMinimumWidth(std::max(300, panel->minimumSizeHint().width() + m_side->verticalScrollBar()->sizeHint().width()));
    auto* column = new QWidget;
    auto* c = new QVBoxLayout(column);
    c->setContentsMargins(0, 0, 0, 0);
    c->setSpacing(0);
    c->addWidget(m_side, 1);
    QWidget* run = createRunBar();
    run->setContentsMargins(10, 0, 10, 8);
    c->addWidget(run);
    return column;
}

QWidget* TrainPage::createModelGroup()
{
    auto* box = new QWidget;
    auto* v = new QVBoxLayout(box);
    v->setContentsMargins(0, 0, 0, 0);
    v->setSpacing(4);
    v->addWidget(analyseSectionHeader(tr("Model"), box));
    auto* row = new QHBoxLayout;
    m_modelPath = new ElidedLabel;
    m_modelPath->setObjectName(QStringLiteral("trainModelPath"));
    m_modelPath->setPlaceholderText(tr("No model folder"));
    row->addWidget(m_modelPath, 1);
    auto* choose = new QToolButton;
    choose->setObjectName(QStringLiteral("chooseTrainModelButton"));
    choose->setIcon(paletteIcon(QStringLiteral(":/icons/open-folder.svg")));
    choose->setText(tr("Choose…"));
    choose->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    choose->setToolTip(tr("Choose a composed (Traditional, BTX, BTS) or native MoE model folder with a tokenizer.json"));
    connect(choose, &QToolButton::clicked, this, &TrainPage::chooseModelFolder);
    row->addWidget(choose);
    v->addLayout(row);
    m_modelFacts = new QLabel;
    m_modelFacts->setObjectName(QStringLiteral("trainModelSummary"));
    m_modelFacts->setWordWrap(true);
    m_modelFacts->setTextInteractionFlags(Qt::TextSelectableByMouse);
    v->addWidget(m_modelFacts);
    m_modelError = new QLabel;
    m_modelError->setObjectName(QStringLiteral("trainModelProblem"));
    m_modelError->setWordWrap(true);
    m_modelError->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_modelError->setStyleSheet(QStringLiteral("color: #C62828;"));
    m_modelError->setVisible(false);
    v->addWidget(m_modelError);
    return box;
}

QWidget* TrainPage::createDataGroup()
{
    auto* box = new QWidget;
    auto* v = new QVBoxLayout(box);
    v->setContentsMargins(0, 0, 0, 0);
    v->setSpacing(4);
    v->addWidget(analyseSectionHeader(tr("Training text"), box));
    m_dataList = new QListWidget;
    m_dataList->setObjectName(QStringLiteral("trainDataList"));
    m_dataList->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_dataList->setMaximumHeight(96);
    m_dataList->setToolTip(tr("UTF-8 text files, tokenized with the model's tokenizer; the tail of each is held out"));
    connect(m_dataList, &QListWidget::itemSelectionChanged, this, &TrainPage::updateButtons);
    v->addWidget(m_dataList);
    auto* row = new QHBoxLayout;
    auto* add = new QPushButton(tr("Add Files…"));
    add->setObjectName(QStringLiteral("addDataButton"));
    connect(add, &QPushButton::clicked, this, &TrainPage::chooseDataFiles);
    m_removeData = new QPushButton(tr("Remove"));
    m_removeData->setObjectName(QStringLiteral("removeDataButton"));
    connect(m_removeData, &QPushButton::clicked, this, [this] {
        qDeleteAll(m_dataList->selectedItems());
        dataFilesChanged();
    });
    row->addWidget(add);
    row->addWidget(m_removeData);
    row->addStretch(1);
    v->addLayout(row);
    return box;
}

QWidget* TrainPage::createOutputGroup()
{
    auto* box = new QWidget;
    auto* v = new QVBoxLayout(box);
    v->setContentsMargins(0, 0, 0, 0);
    v->setSpacing(4);
    v->addWidget(analyseSectionHeader(tr("Output"), box));
    auto* row = new QHBoxLayout;
    m_output = new QLineEdit;
    m_output->setObjectName(QStringLiteral("trainOutputEdit"));
    m_output->setPlaceholderText(tr("folder to write the trained model to"));
    connect(m_output, &QLineEdit::textChanged, this, [this] {
        QSettings().setValue(kOutputKey, m_output->text());
        updateButtons();
    });
    auto* browse = new QPushButton(tr("Browse…"));
    browse->setObjectName(QStringLiteral("browseTrainOutputButton"));
    connect(browse, &QPushButton::clicked, this, &TrainPage::chooseOutputFolder);
    row->addWidget(m_output, 1);
    row->addWidget(browse);
    v->addLayout(row);
    return box;
}

// ---- Inputs ----

void TrainPage::setModelFolder(const QString& dir)
{
    const QString clean = dir.isEmpty() ? QString() : QDir::cleanPath(QFileInfo(dir).absoluteFilePath());
    const Trainability t = clean.isEmpty() ? Trainability{} : inspectForTraining(clean, m_options->options().scope);
    if (clean != m_modelDir) m_trainedDir.clear();  // samples go through the new model from now on
    m_modelDir = clean;
    m_modelProblem = t.problem;
    m_checkedScope = m_options->options().scope;
    m_modelPath->setText(QDir::toNativeSeparators(clean));
    m_modelPath->setToolTip(QDir::toNativeSeparators(clean));
    m_modelFacts->setText(t.summary);
    m_modelFacts->setVisible(!t.summary.isEmpty());
    m_modelError->setText(t.problem);
    m_modelError->setVisible(!t.problem.isEmpty());
    // A new model gets a new suggested output, unless the user typed one of their own.
    const QString suggested = suggestedOutput(clean);
    if (m_output->text().isEmpty() || m_output->text() == m_autoOutput) m_output->setText(QDir::toNativeSeparators(suggested));
    m_autoOutput = QDir::toNativeSeparators(suggested);
    if (QFileInfo(clean).isDir()) QSettings().setValue(kModelKey, clean);
    updateButtons();
}

void TrainPage::setDataFiles(const QStringList& files)
{
    m_dataList->clear();
    addDataFiles(files);
    dataFilesChanged();
}

void TrainPage::addDataFiles(const QStringList& files)
{
    const QStringList present = dataFiles();
    for (const QString& f : files) {
        const QString path = QDir::toNativeSeparators(QDir::cleanPath(QFileInfo(f).absoluteFilePath()));
        if (f.isEmpty() || present.contains(path)) continue;
        auto* item = new QListWidgetItem(QFileInfo(path).fileName(), m_dataList);
        item->setData(Qt::UserRole, path);
        item->setToolTip(path);
    }
    dataFilesChanged();
}

QStringList TrainPage::dataFiles() const
{
    QStringList out;
    for (int i = 0; i < m_dataList->count(); ++i) out << m_dataList->item(i)->data(Qt::UserRole).toString();
    return out;
}

void TrainPage::dataFilesChanged()
{
    QSettings().setValue(kDataKey, dataFiles());
    updateButtons();
}

void TrainPage::setOutputFolder(const QString& dir)
{
    m_output->setText(QDir::toNativeSeparators(dir));
}

QString TrainPage::outputFolder() const
{
    const QString text = m_output->text().trimmed();
    return text.isEmpty() ? QString() : QDir::cleanPath(QFileInfo(QDir::fromNativeSeparators(text)).absoluteFilePath());
}

TrainOptions TrainPage::options() const
{
    return m_options->options();
}

void TrainPage::setOptions(const TrainOptions& options)
{
    m_options->setOptions(options);
}

void TrainPage::chooseModelFolder()
{
    const QString start = m_modelDir.isEmpty() ? dialogDirectory(kModelKey) : QFileInfo(m_modelDir).absolutePath();
    const QString dir = QFileDialog::getExistingDirectory(this, tr("Choose Model Folder to Train"), start);
    if (dir.isEmpty()) return;
    setModelFolder(dir);
    QSettings().setValue(kLastDirKey, QFileInfo(dir).absolutePath());
}

void TrainPage::chooseDataFiles()
{
    const QStringList files = QFileDialog::getOpenFileNames(this, tr("Add Training Text"), dialogDirectory(kDataDirKey),
                                                            tr("Text files (*.txt *.md *.text);;All files (*)"));
    if (files.isEmpty()) return;
    addDataFiles(files);
    QSettings().setValue(kDataDirKey, QFileInfo(files.first()).absolutePath());
}

void TrainPage::chooseOutputFolder()
{
    const QString current = outputFolder();
    const QString start = current.isEmpty() ? dialogDirectory(kLastDirKey) : current;
    const QString dir = QFileDialog::getSaveFileName(this, tr("Output Folder"), start, QString(), nullptr,
                                                     QFileDialog::ShowDirsOnly | QFileDialog::DontConfirmOverwrite);
    if (!dir.isEmpty()) setOutputFolder(dir);  // replacing a non-empty folder is confirmed on Start
}

QString TrainPage::dialogDirectory(const char* key) const
{
    QSettings settings;
    for (const char* k : {key, kLastDirKey}) {
        QString dir = settings.value(k).toString();
        if (k == kModelKey && !dir.isEmpty()) dir = QFileInfo(dir).absolutePath();
        if (!dir.isEmpty() && QFileInfo(dir).isDir()) return dir;
    }
    return QDir::homePath();
}

// ---- Settings ----

void TrainPage::restoreSettings()
{
    QSettings settings;
    m_options->restoreSettings();
    // Read before anything is set: setting the model suggests (and stores) an output folder.
    const QString model = settings.value(kModelKey).toString();
    const QStringList data = settings.value(kDataKey).toStringList();
    const QVariant output = settings.value(kOutputKey);
    if (!model.isEmpty() && QFileInfo(model).isDir()) setModelFolder(model);
    QStringList files;
    for (const QString& f : data)
        if (QFileInfo(f).isFile()) files << f;
    setDataFiles(files);
    if (output.isValid()) m_output->setText(output.toString());
    setSampleText(settings.value(kSampleKey).toString());
    m_splitter->restoreState(settings.value(kSplitterKey).toByteArray());
    connect(m_splitter, &QSplitter::splitterMoved, this, [this] { QSettings().setValue(kSplitterKey, m_splitter->saveState()); });
}

void TrainPage::saveSession() const
{
    m_options->saveSettings();
    QSettings().setValue(kSampleKey, sampleText());
}

}  // namespace moe
