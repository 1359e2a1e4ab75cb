#include "ui/analyse_page.h"

#include "core/error.h"
#include "widgets/elided_label.h"
#include "widgets/entropy_plot.h"
#include "widgets/expert_legend.h"
#include "widgets/expert_palette.h"
#include "widgets/expert_weight_plot.h"
#include "widgets/load_heatmap.h"
#include "widgets/svg_icon.h"
#include "widgets/token_view.h"

#include <QAction>
#include <QCheckBox>
#include <QDir>
#include <QFileInfo>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMenu>
#include <QPushButton>
#include <QScrollArea>
#include <QScrollBar>
#include <QSettings>
#include <QSpinBox>
#include <QSplitter>
#include <QStackedWidget>
#include <QTabWidget>
#include <QTableWidget>
#include <QToolButton>
#include <QVBoxLayout>

#include <cmath>

namespace moe {
namespace {

const char* const kSplitterKey = "analyse/splitter";
const char* const kTabKey = "analyse/tab";

QStringList toQStringList(const std::vector<std::string>& v)
{
    QStringList out;
    for (const auto& s : v) out << QString::fromStdString(s);
    return out;
}

QString plural(qsizetype n, const QString& one, const QString& many)
{
    return QStringLiteral("%1 %2").arg(n).arg(n == 1 ? one : many);
}

QLabel* sectionHeader(const QString& text, QWidget* parent)
{
    auto* label = new QLabel(text.toUpper(), parent);
    QFont f = label->font();
    f.setPointSizeF(f.pointSizeF() * 0.85);
    f.setBold(true);
    f.setLetterSpacing(QFont::PercentageSpacing, 108);
    label->setFont(f);
    label->setForegroundRole(QPalette::PlaceholderText);
    label->setContentsMargins(0, 10, 0, 2);
    return label;
}

}  // namespace

AnalysePage::AnalysePage(QWidget* parent) : QWidget(parent)
{
    createActions();
    m_stack = new QStackedWidget(this);
    m_stack->addWidget(createEmptyState());
    auto* main = new QSplitter(Qt::Horizontal, this);
    main->setObjectName(QStringLiteral("analyseMainSplitter"));
    main->addWidget(createSidePanel());
    main->addWidget(createContent());
    main->setStretchFactor(1, 1);
    main->setSizes({280, 1000});
    main->setCollapsible(1, false);
    m_stack->addWidget(main);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_stack);

    QSettings settings;
    m_splitter->restoreState(settings.value(kSplitterKey).toByteArray());
    m_tabs->setCurrentIndex(std::clamp(settings.value(kTabKey, 0).toInt(), 0, m_tabs->count() - 1));
    connect(m_splitter, &QSplitter::splitterMoved, this, [this] { QSettings().setValue(kSplitterKey, m_splitter->saveState()); });
    connect(m_tabs, &QTabWidget::currentChanged, this, [](int index) { QSettings().setValue(kTabKey, index); });
}

AnalysePage::~AnalysePage() = default;

void AnalysePage::createActions()
{
    m_exportMenu = new QMenu(tr("&Export"), this);
    m_exportMenu->setObjectName(QStringLiteral("analyseExportMenu"));
    const std::pair<FigureFormat, QString> formats[] = {
        {FigureFormat::Png, tr("PNG…")}, {FigureFormat::Svg, tr("SVG…")}, {FigureFormat::Pdf, tr("PDF…")}};
    for (const auto& [format, name] : formats) {
        QAction* a = m_exportMenu->addAction(tr("Figure as %1").arg(name));
        connect(a, &QAction::triggered, this, [this, format = format] { exportInteractively(currentFigure(), format); });
    }
    m_exportMenu->addSeparator();
    for (const auto& [format, name] : formats) {
        QAction* a = m_exportMenu->addAction(tr("Token View as %1").arg(name));
        connect(a, &QAction::triggered, this, [this, format = format] { exportInteractively(Figure::Tokens, format); });
    }
    m_exportMenu->addSeparator();
    m_csvAction = m_exportMenu->addAction(tr("Aggregated Table as &CSV…"));
    m_csvAction->setObjectName(QStringLiteral("exportCsvAction"));
    connect(m_csvAction, &QAction::triggered, this, &AnalysePage::exportCsvInteractively);
    m_exportMenu->setEnabled(false);

    m_copyAction = new QAction(paletteIcon(QStringLiteral(":/icons/copy.svg")), tr("&Copy Figure"), this);
    m_copyAction->setObjectName(QStringLiteral("copyFigureAction"));
    m_copyAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_C));
    m_copyAction->setStatusTip(tr("Copy the current figure to the clipboard (PNG and SVG)"));
    m_copyAction->setEnabled(false);
    connect(m_copyAction, &QAction::triggered, this, &AnalysePage::copyFigure);
}

QWidget* AnalysePage::createEmptyState()
{
    auto* page = new QWidget(this);
    auto* layout = new QVBoxLayout(page);
    layout->addStretch(2);
    auto* icon = new QLabel(page);
    icon->setPixmap(paletteIcon(QStringLiteral(":/icons/analyse.svg")).pixmap(48, 48, QIcon::Disabled));
    icon->setAlignment(Qt::AlignCenter);
    layout->addWidget(icon);
    auto* title = new QLabel(tr("No routing trace open"), page);
    QFont f = title->font();
    f.setPointSizeF(f.pointSizeF() * 1.5);
    title->setFont(f);
    title->setAlignment(Qt::AlignCenter);
    layout->addWidget(title);
    auto* text = new QLabel(tr("Open a trace saved by MoE Studio or made with <code>moe route</code> to see which "
                               "expert each token goes to, the load per block and expert, routing entropy, and dead "
                               "or collapsed experts."),
                            page);
    text->setWordWrap(true);
    text->setAlignment(Qt::AlignCenter);
    text->setForegroundRole(QPalette::PlaceholderText);
    text->setMaximumWidth(520);
    layout->addWidget(text, 0, Qt::AlignHCenter);
    auto* open = new QPushButton(paletteIcon(QStringLiteral(":/icons/open-trace.svg")), tr("Open Trace…"), page);
    open->setObjectName(QStringLiteral("emptyOpenTraceButton"));
    connect(open, &QPushButton::clicked, this, &AnalysePage::openTraceRequested);
    layout->addSpacing(8);
    layout->addWidget(open, 0, Qt::AlignHCenter);
    layout->addStretch(3);
    return page;
}

QWidget* AnalysePage::createSidePanel()
{
    auto* inner = new QWidget;
    auto* v = new QVBoxLayout(inner);
    v->setContentsMargins(12, 4, 12, 12);
    v->setSpacing(4);

    v->addWidget(sectionHeader(tr("Trace"), inner));
    m_traceFacts = new QLabel(inner);
    m_traceFacts->setObjectName(QStringLiteral("traceFacts"));
    m_traceFacts->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_traceFacts->setWordWrap(true);
    v->addWidget(m_traceFacts);

    v->addWidget(sectionHeader(tr("Blocks"), inner));
    auto* range = new QHBoxLayout;
    m_blockFrom = new QSpinBox(inner);
    m_blockTo = new QSpinBox(inner);
    m_blockFrom->setObjectName(QStringLiteral("blockFrom"));
    m_blockTo->setObjectName(QStringLiteral("blockTo"));
    m_blockFrom->setToolTip(tr("First block of the range"));
    m_blockTo->setToolTip(tr("Last block of the range"));
    auto* all = new QToolButton(inner);
    all->setText(tr("All"));
    all->setToolTip(tr("Select every block"));
    range->addWidget(new QLabel(tr("From"), inner));
    range->addWidget(m_blockFrom, 1);
    range->addWidget(new QLabel(tr("to"), inner));
    range->addWidget(m_blockTo, 1);
    range->addWidget(all);
    v->addLayout(range);
    const auto rangeChanged = [this] {
        if (!m_updatingFilters) setBlockRange(m_blockFrom->value(), m_blockTo->value());
    };
    connect(m_blockFrom, &QSpinBox::valueChanged, this, rangeChanged);
    connect(m_blockTo, &QSpinBox::valueChanged, this, rangeChanged);
    connect(all, &QToolButton::clicked, this, [this] {
        if (m_doc && !m_doc->blocks().empty()) setBlockRange(m_doc->blocks().front(), m_doc->blocks().back());
    });
    m_blockGrid = new QGridLayout;
    m_blockGrid->setHorizontalSpacing(6);
    m_blockGrid->setVerticalSpacing(2);
    v->addLayout(m_blockGrid);

    v->addWidget(sectionHeader(tr("Projections"), inner));
    m_projLayout = new QVBoxLayout;
    m_projLayout->setSpacing(2);
    v->addLayout(m_projLayout);

    v->addWidget(sectionHeader(tr("Experts"), inner));
    m_legend = new ExpertLegend(inner);
    m_legend->setObjectName(QStringLiteral("expertLegend"));
    v->addWidget(m_legend);

    // Running a model on text needs the tokenizer; until then the area says so and stays disabled.
    v->addWidget(sectionHeader(tr("Run model"), inner));
    auto* run = new QWidget(inner);
    run->setObjectName(QStringLiteral("runModelArea"));
    auto* runLayout = new QHBoxLayout(run);
    runLayout->setContentsMargins(0, 0, 0, 0);
    auto* text = new QLineEdit(run);
    text->setPlaceholderText(tr("Text to route…"));
    runLayout->addWidget(text, 1);
    runLayout->addWidget(new QPushButton(tr("Run"), run));
    run->setEnabled(false);
    run->setToolTip(tr("Running a model on text comes with the tokenizer; for now make a trace with "
                       "moe route --model DIR --input IDS.safetensors --out TRACE.safetensors"));
    v->addWidget(run);
    auto* note = new QLabel(tr("Coming with the tokenizer. Until then: <code>moe route</code>."), inner);
    note->setWordWrap(true);
    note->setForegroundRole(QPalette::PlaceholderText);
    v->addWidget(note);
    v->addStretch(1);

    auto* scroll = m_side = new QScrollArea(this);
    scroll->setObjectName(QStringLiteral("analyseSidePanel"));
    scroll->setWidget(inner);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setMinimumWidth(std::max(270, inner->minimumSizeHint().width()));
    scroll->setMaximumWidth(360);
    return scroll;
}

QWidget* AnalysePage::createContent()
{
    auto* content = new QWidget(this);
    auto* v = new QVBoxLayout(content);
    v->setContentsMargins(8, 6, 8, 6);
    v->setSpacing(6);

    auto* header = new QHBoxLayout;
    m_title = new ElidedLabel(content);
    m_title->setObjectName(QStringLiteral("traceTitle"));
    QFont titleFont = m_title->font();
    titleFont.setBold(true);
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.1);
    m_title->setFont(titleFont);
    header->addWidget(m_title, 2);
    m_selectionLabel = new QLabel(content);
    m_selectionLabel->setObjectName(QStringLiteral("selectionLabel"));
    m_selectionLabel->setForegroundRole(QPalette::PlaceholderText);
    header->addWidget(m_selectionLabel, 3);
    auto* exportButton = new QToolButton(content);
    exportButton->setObjectName(QStringLiteral("exportButton"));
    exportButton->setText(tr("Export"));
    exportButton->setIcon(paletteIcon(QStringLiteral(":/icons/export.svg")));
    exportButton->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    exportButton->setPopupMode(QToolButton::InstantPopup);
    exportButton->setMenu(m_exportMenu);
    exportButton->setAutoRaise(true);
    header->addWidget(exportButton);
    auto* copyButton = new QToolButton(content);
    copyButton->setDefaultAction(m_copyAction);
    copyButton->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    copyButton->setAutoRaise(true);
    header->addWidget(copyButton);
    v->addLayout(header);

    m_splitter = new QSplitter(Qt::Vertical, content);
    m_splitter->setObjectName(QStringLiteral("analyseSplitter"));
    m_splitter->setChildrenCollapsible(false);
    m_tokens = new TokenView(m_splitter);
    m_tokens->setObjectName(QStringLiteral("tokenView"));
    m_tokens->setToolTip(QString());
    m_splitter->addWidget(m_tokens);

    m_tabs = new QTabWidget(m_splitter);
    m_tabs->setObjectName(QStringLiteral("analyseTabs"));
    m_tabs->setDocumentMode(true);
    auto* weightsTab = new QWidget(m_tabs);
    auto* wv = new QVBoxLayout(weightsTab);
    wv->setContentsMargins(0, 4, 0, 0);
    wv->setSpacing(2);
    m_weights = new ExpertWeightPlot(weightsTab);
    m_weights->setObjectName(QStringLiteral("weightPlot"));
    wv->addWidget(m_weights, 1);
    auto* scrollRow = new QHBoxLayout;
    m_weightScroll = new QScrollBar(Qt::Horizontal, weightsTab);
    m_weightScroll->setObjectName(QStringLiteral("weightScroll"));
    scrollRow->addWidget(m_weightScroll, 1);
    auto* fit = new QToolButton(weightsTab);
    fit->setObjectName(QStringLiteral("showAllButton"));
    fit->setText(tr("Show all"));
    fit->setToolTip(tr("Show every token (drag to move, wheel to zoom)"));
    fit->setAutoRaise(true);
    connect(fit, &QToolButton::clicked, m_weights, &ExpertWeightPlot::showAllTokens);
    scrollRow->addWidget(fit);
    wv->addLayout(scrollRow);
    m_tabs->addTab(weightsTab, tr("Weights"));
    m_heatmap = new LoadHeatmap(m_tabs);
    m_heatmap->setObjectName(QStringLiteral("loadHeatmap"));
    m_tabs->addTab(m_heatmap, tr("Load heatmap"));
    m_entropy = new EntropyPlot(m_tabs);
    m_entropy->setObjectName(QStringLiteral("entropyPlot"));
    m_tabs->addTab(m_entropy, tr("Entropy"));

    auto* diag = new QWidget(m_tabs);
    auto* dv = new QVBoxLayout(diag);
    dv->setContentsMargins(0, 6, 0, 0);
    m_diagList = new QListWidget(diag);
    m_diagList->setObjectName(QStringLiteral("diagnosticsList"));
    m_diagList->setFrameShape(QFrame::NoFrame);
    m_diagList->setMaximumHeight(110);
    dv->addWidget(m_diagList);
    m_diagTable = new QTableWidget(diag);
    m_diagTable->setObjectName(QStringLiteral("diagnosticsTable"));
    m_diagTable->setColumnCount(4);
    m_diagTable->setHorizontalHeaderLabels({tr("Expert"), tr("Selected (top-k share)"), tr("Dominant for"), tr("Status")});
    m_diagTable->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    m_diagTable->verticalHeader()->setVisible(false);
    m_diagTable->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_diagTable->setSelectionMode(QAbstractItemView::NoSelection);
    m_diagTable->setAlternatingRowColors(true);
    dv->addWidget(m_diagTable, 1);
    m_tabs->addTab(diag, tr("Diagnostics"));
    m_splitter->addWidget(m_tabs);
    m_splitter->setStretchFactor(0, 2);
    m_splitter->setStretchFactor(1, 3);
    v->addWidget(m_splitter, 1);

    connect(m_tokens, &TokenView::tokenClicked, this, &AnalysePage::selectToken);
    connect(m_weights, &ExpertWeightPlot::tokenClicked, this, &AnalysePage::selectToken);
    connect(m_weights, &ExpertWeightPlot::visibleRangeChanged, this, &AnalysePage::syncScrollBar);
    connect(m_weightScroll, &QScrollBar::valueChanged, this, [this](int value) {
        const double size = m_weights->visibleRange().size();
        if (std::abs(m_weights->visibleRange().lower + 0.5 - value) >= 0.5) m_weights->setVisibleRange(value - 0.5, value - 0.5 + size);
    });
    return content;
}

QString AnalysePage::tracePath() const
{
    return m_doc ? QString::fromStdString(m_doc->path()) : QString();
}

bool AnalysePage::openTrace(const QString& path, QString* error)
{
    try {
        setDocument(TraceDocument::open(QDir::toNativeSeparators(path).toStdString()));
    } catch (const Error& e) {
        if (error) *error = QString::fromStdString(e.what());
        return false;
    } catch (const std::exception& e) {  // e.g. std::bad_alloc for an absurd header
        if (error) *error = QStringLiteral("%1: %2").arg(path, QString::fromLocal8Bit(e.what()));
        return false;
    }
    emit traceOpened(path);
    return true;
}

void AnalysePage::setDocument(TraceDocument document)
{
    m_doc = std::make_unique<TraceDocument>(std::move(document));
    m_selected = -1;
    const Trace& t = m_doc->trace();
    const QStringList experts = toQStringList(t.experts);
    const QList<QColor> colors = ExpertPalette::colors(static_cast<int>(experts.size()));
    const QString file = QFileInfo(QString::fromStdString(m_doc->path())).fileName();
    m_title->setText(file.isEmpty() ? tr("Routing trace") : file);
    const QString keyColour = palette().color(QPalette::PlaceholderText).name();
    const auto row = [&keyColour](const QString& k, const QString& v) {
        return QStringLiteral("<tr><td style='padding-right:10px; color:%1'>%2</td><td>%3</td></tr>")
            .arg(keyColour, k, v.toHtmlEscaped());
    };
    QString facts = QStringLiteral("<table cellspacing='0' cellpadding='1'>");
    facts += row(tr("Model"), QFileInfo(QString::fromStdString(t.model)).fileName().isEmpty() ? QString::fromStdString(t.model)
                                                                                            : QFileInfo(QString::fromStdString(t.model)).fileName());
    facts += row(tr("Method"), QString::fromStdString(t.method));
    facts += row(tr("Experts"), tr("%1 · top-%2").arg(t.numExperts()).arg(t.topK));
    facts += row(tr("Sites"), tr("%1 × %2").arg(plural(qsizetype(m_doc->blocks().size()), tr("block"), tr("blocks")),
                                                 plural(qsizetype(m_doc->projections().size()), tr("projection"), tr("projections"))));
    facts += row(tr("Tokens"), QString::number(t.numTokens()));
    m_traceFacts->setText(facts + QStringLiteral("</table>"));
    m_traceFacts->setToolTip(QString::fromStdString(t.model));

    m_legend->setExperts(experts, colors);
    QStringList tokens;
    for (const auto& s : t.tokens) tokens << QString::fromStdString(s);
    m_tokens->setTokens(tokens);
    m_tokens->setExperts(experts, colors);
    m_weights->setExperts(experts, colors);
    rebuildFilters();
    updateViews();
    m_weights->setSelectedToken(-1);
    m_stack->setCurrentIndex(1);
    m_exportMenu->setEnabled(true);
    m_copyAction->setEnabled(true);
}

void AnalysePage::rebuildFilters()
{
    qDeleteAll(m_blockBoxes);
    qDeleteAll(m_projBoxes);
    m_blockBoxes.clear();
    m_projBoxes.clear();
    QWidget* owner = m_traceFacts->parentWidget();
    const auto& blocks = m_doc->blocks();
    const int columns = 5;
    for (std::size_t i = 0; i < blocks.size(); ++i) {
        auto* box = new QCheckBox(QString::number(blocks[i]), owner);
        box->setChecked(true);
        box->setProperty("block", blocks[i]);
        box->setToolTip(tr("Include block %1").arg(blocks[i]));
        connect(box, &QCheckBox::toggled, this, [this] { if (!m_updatingFilters) applyFilter(); });
        m_blockGrid->addWidget(box, static_cast<int>(i) / columns, static_cast<int>(i) % columns);
        m_blockBoxes.append(box);
    }
    for (const std::string& p : m_doc->projections()) {
        const QString name = QString::fromStdString(p);
        auto* box = new QCheckBox(name, owner);
        box->setChecked(true);
        box->setProperty("proj", name);
        box->setToolTip(p == "block" ? tr("Block routers (one router for the whole MLP)")
                        : p == "stitch" ? tr("BTS stitch gates") : tr("Routers of %1").arg(name));
        connect(box, &QCheckBox::toggled, this, [this] { if (!m_updatingFilters) applyFilter(); });
        m_projLayout->addWidget(box);
        m_projBoxes.append(box);
    }
    m_side->setMinimumWidth(std::max(270, m_side->widget()->minimumSizeHint().width() + m_side->verticalScrollBar()->sizeHint().width()));
    m_updatingFilters = true;
    const int lo = blocks.empty() ? 0 : blocks.front(), hi = blocks.empty() ? 0 : blocks.back();
    for (QSpinBox* spin : {m_blockFrom, m_blockTo}) spin->setRange(lo, hi);
    m_blockFrom->setValue(lo);
    m_blockTo->setValue(hi);
    m_updatingFilters = false;
}

QCheckBox* AnalysePage::blockCheckBox(int block) const
{
    for (QCheckBox* box : m_blockBoxes)
        if (box->property("block").toInt() == block) return box;
    return nullptr;
}

QCheckBox* AnalysePage::projectionCheckBox(const QString& proj) const
{
    for (QCheckBox* box : m_projBoxes)
        if (box->property("proj").toString() == proj) return box;
    return nullptr;
}

void AnalysePage::setBlockRange(int first, int last)
{
    if (!m_doc) return;
    m_updatingFilters = true;
    m_blockFrom->setValue(first);
    m_blockTo->setValue(last);
    for (QCheckBox* box : m_blockBoxes) {
        const int b = box->property("block").toInt();
        box->setChecked(b >= first && b <= last);
    }
    m_updatingFilters = false;
    applyFilter();
}

bool AnalysePage::setFilterText(const QString& layers, const QString& projs, QString* error)
{
    if (!m_doc) return false;
    try {
        m_doc->setFilterText(layers.toStdString(), projs.toStdString());
    } catch (const Error& e) {
        if (error) *error = QString::fromStdString(e.what());
        return false;
    }
    m_updatingFilters = true;
    for (QCheckBox* box : m_blockBoxes) box->setChecked(m_doc->selectedBlocks().count(box->property("block").toInt()));
    for (QCheckBox* box : m_projBoxes)
        box->setChecked(m_doc->selectedProjections().count(box->property("proj").toString().toStdString()));
    m_updatingFilters = false;
    applyFilter();
    return true;
}

void AnalysePage::applyFilter()
{
    if (!m_doc) return;
    std::set<int> blocks;
    std::set<std::string> projs;
    for (QCheckBox* box : m_blockBoxes)
        if (box->isChecked()) blocks.insert(box->property("block").toInt());
    for (QCheckBox* box : m_projBoxes)
        if (box->isChecked()) projs.insert(box->property("proj").toString().toStdString());
    m_doc->setFilter(blocks, projs);
    updateViews();
}

void AnalysePage::updateViews()
{
    const Trace& t = m_doc->trace();
    const Aggregate& a = m_doc->aggregate();
    const int E = static_cast<int>(t.numExperts()), T = static_cast<int>(t.numTokens());
    const bool any = a.sitesUsed > 0;
    const QList<float> weights = any ? QList<float>(a.weights.begin(), a.weights.end()) : QList<float>();
    const QList<int> dominant(a.dominant.begin(), a.dominant.end());
    m_tokens->setWeights(weights, E, any ? dominant : QList<int>());

    QStringList labels;
    labels.reserve(T);
    for (int i = 0; i < T; ++i) labels << m_tokens->displayText(i);
    m_weights->setData(labels, weights, E);
    m_weights->setMessage(any ? QString() : tr("No routing site selected: tick at least one block and one projection"));

    const auto& summary = m_doc->blockSummary();
    QStringList blockLabels;
    QList<int> blocks;
    QList<double> load;
    for (std::size_t i = 0; i < summary.blocks.size(); ++i) {
        blockLabels << QString::number(summary.blocks[i]);
        blocks << summary.blocks[i];
        load.append(QList<double>(summary.load[i].begin(), summary.load[i].end()));
    }
    m_heatmap->setData(blockLabels, toQStringList(t.experts), load);
    m_entropy->setData(blocks, QList<double>(summary.entropy.begin(), summary.entropy.end()), std::log(double(E)),
                       QList<double>(summary.loadCv.begin(), summary.loadCv.end()));
    m_legend->setShares(any ? QList<double>(m_doc->dominantShares().begin(), m_doc->dominantShares().end()) : QList<double>());
    updateDiagnostics();
    updateSelectionLabel();
    emit summaryChanged(summaryText());
}

void AnalysePage::updateDiagnostics()
{
    const Trace& t = m_doc->trace();
    const RoutingDiagnostics& d = m_doc->diagnostics();
    m_diagList->clear();
    const QIcon warning = style()->standardIcon(QStyle::SP_MessageBoxWarning);
    const QIcon info = style()->standardIcon(QStyle::SP_MessageBoxInformation);
    if (m_doc->sites().empty()) {
        m_diagList->addItem(new QListWidgetItem(info, tr("No routing site selected.")));
    } else {
        for (const std::string& message : d.messages)
            m_diagList->addItem(new QListWidgetItem(warning, QString::fromStdString(message)));
        if (d.messages.empty())
            m_diagList->addItem(new QListWidgetItem(
                info, tr("Healthy routing: every expert is selected, and the most frequent dominant expert ('%1') "
                         "leads %2 % of tokens.")
                          .arg(QString::fromStdString(t.experts[std::size_t(std::max(d.topDominantExpert, 0))]))
                          .arg(d.topDominantShare * 100, 0, 'f', 1)));
    }
    const int E = static_cast<int>(t.numExperts());
    m_diagTable->setRowCount(E);
    const auto& shares = m_doc->dominantShares();
    for (int e = 0; e < E; ++e) {
        const bool dead = std::find(d.deadExperts.begin(), d.deadExperts.end(), e) != d.deadExperts.end();
        const bool collapsed = d.collapse && d.topDominantExpert == e;
        auto* name = new QTableWidgetItem(QString::fromStdString(t.experts[std::size_t(e)]));
        QPixmap swatch(12, 12);
        swatch.fill(ExpertPalette::color(e));
        name->setIcon(QIcon(swatch));
        m_diagTable->setItem(e, 0, name);
        const double load = std::size_t(e) < d.overallLoad.size() ? d.overallLoad[std::size_t(e)] : 0.0;
        m_diagTable->setItem(e, 1, new QTableWidgetItem(QStringLiteral("%1 %").arg(load * 100, 0, 'f', 1)));
        m_diagTable->setItem(e, 2, new QTableWidgetItem(QStringLiteral("%1 %").arg(shares[std::size_t(e)] * 100, 0, 'f', 1)));
        auto* status = new QTableWidgetItem(dead ? tr("dead") : collapsed ? tr("dominates (collapse)") : tr("ok"));
        if (dead || collapsed) status->setIcon(warning);
        m_diagTable->setItem(e, 3, status);
        for (int c = 1; c < 4; ++c) m_diagTable->item(e, c)->setTextAlignment(Qt::AlignCenter);
    }
    m_tabs->setTabIcon(DiagnosticsTab, d.messages.empty() ? QIcon() : warning);
}

void AnalysePage::selectToken(int index)
{
    if (!m_doc || index < -1 || index >= int(m_doc->trace().numTokens())) return;
    m_selected = index;
    m_tokens->setSelectedToken(index);
    m_weights->setSelectedToken(index);
    updateSelectionLabel();
}

void AnalysePage::updateSelectionLabel()
{
    if (!m_doc || m_selected < 0) {
        m_selectionLabel->setText(m_doc ? tr("Click a token or a bar to inspect it") : QString());
        return;
    }
    const Trace& t = m_doc->trace();
    const Aggregate& a = m_doc->aggregate();
    const int d = a.dominant[std::size_t(m_selected)];
    QString text = tr("Token #%1 “%2”").arg(m_selected).arg(m_tokens->displayText(m_selected));
    if (d >= 0)
        text += tr(" → %1 (%2)").arg(QString::fromStdString(t.experts[std::size_t(d)])).arg(a.weight(std::size_t(m_selected), std::size_t(d)), 0, 'f', 3);
    m_selectionLabel->setText(text);
}

void AnalysePage::syncScrollBar()
{
    const QCPRange r = m_weights->visibleRange();
    const int T = m_doc ? int(m_doc->trace().numTokens()) : 0;
    const int page = std::max(1, int(std::lround(r.size())));
    const QSignalBlocker block(m_weightScroll);
    m_weightScroll->setRange(0, std::max(0, T - page));
    m_weightScroll->setPageStep(page);
    m_weightScroll->setValue(int(std::lround(r.lower + 0.5)));
    m_weightScroll->setVisible(T > page);
    if (auto* fit = m_weightScroll->parentWidget()->findChild<QToolButton*>(QStringLiteral("showAllButton"))) fit->setVisible(T > page);
}

QString AnalysePage::summaryText() const
{
    if (!m_doc) return {};
    const Trace& t = m_doc->trace();
    std::set<std::string> projs;
    std::set<int> blocks;
    for (const std::size_t s : m_doc->sites()) {
        blocks.insert(t.sites[s].layer);
        projs.insert(t.sites[s].proj);
    }
    return tr("%1 experts · top-%2 · %3 of %4 × %5 of %6 · %7")
        .arg(t.numExperts()).arg(t.topK).arg(blocks.size())
        .arg(plural(qsizetype(m_doc->blocks().size()), tr("block"), tr("blocks")))
        .arg(projs.size())
        .arg(plural(qsizetype(m_doc->projections().size()), tr("projection"), tr("projections")))
        .arg(plural(qsizetype(t.numTokens()), tr("token"), tr("tokens")));
}

}  // namespace moe
