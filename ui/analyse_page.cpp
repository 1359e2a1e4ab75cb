#include "ui/analyse_page.h"

#include "ui/analyse_compare.h"
#include "ui/analyse_filter_panel.h"
#include "ui/analyse_input_panel.h"
#include "ui/recent_files.h"
#include "ui/route_runner.h"
#include "core/error.h"
#include "widgets/elided_label.h"
#include "widgets/entropy_plot.h"
#include "widgets/expert_legend.h"
#include "widgets/expert_weight_plot.h"
#include "widgets/load_heatmap.h"
#include "widgets/svg_icon.h"
#include "widgets/token_view.h"

#include <QAction>
#include <QCheckBox>
#include <QDir>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QListWidget>
#include <QMenu>
#include <QPushButton>
#include <QScrollArea>
#include <QScrollBar>
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

QStringList toQStringList(const std::vector<std::string>& v)
{
    QStringList out;
    for (const auto& s : v) out << QString::fromStdString(s);
    return out;
}

}  // namespace

AnalysePage::AnalysePage(QWidget* parent)
    : QWidget(parent),
      m_recentTraces(std::make_unique<RecentFiles>(QStringLiteral("recent/traces"))),
      m_recentModels(std::make_unique<RecentFiles>(QStringLiteral("recent/modelFolders"))),
      m_recentTexts(std::make_unique<RecentFiles>(QStringLiteral("recent/textFiles")))
{
    createActions();
    createRunActions();
    m_runner = new RouteRunner(this);
    connect(m_runner, &RouteRunner::phaseChanged, this, [this](RouteRunner::Phase, const QString& text) {
        m_input->setBusy(true, text);
    });
    connect(m_runner, &RouteRunner::finished, this, &AnalysePage::onRouted);
    connect(m_runner, &RouteRunner::failed, this, &AnalysePage::onRouteFailed);

    m_stack = new QStackedWidget(this);
    m_stack->addWidget(createEmptyState());
    m_compareSplitter = new QSplitter(Qt::Horizontal, m_stack);
    m_compareSplitter->setObjectName(QStringLiteral("analyseCompareSplitter"));
    m_compareSplitter->setChildrenCollapsible(false);
    m_compareSplitter->addWidget(createContent());
    m_compare = new AnalyseComparePane(m_compareSplitter);
    m_compare->setObjectName(QStringLiteral("comparePane"));
    m_compare->setVisible(false);
    m_compareSplitter->addWidget(m_compare);
    connect(m_compare, &AnalyseComparePane::closeRequested, this, &AnalysePage::closeCompare);
    m_stack->addWidget(m_compareSplitter);

    m_mainSplitter = new QSplitter(Qt::Horizontal, this);
    m_mainSplitter->setObjectName(QStringLiteral("analyseMainSplitter"));
    m_mainSplitter->addWidget(createSidePanel());
    m_mainSplitter->addWidget(m_stack);
    m_mainSplitter->setStretchFactor(1, 1);
    m_mainSplitter->setSizes({300, 1000});
    m_mainSplitter->setCollapsible(1, false);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_mainSplitter);

    restoreSettings();
    updateActions();
}

AnalysePage::~AnalysePage()
{
    saveSession();
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
    auto* text = new QLabel(tr("Pick a model folder on the left and route a text through it, or open a trace saved "
                               "by MoE Studio or made with <code>moe route</code>, to see which expert each token goes "
                               "to, the load per block and expert, routing entropy, and dead or collapsed experts."),
                            page);
    text->setWordWrap(true);
    text->setAlignment(Qt::AlignCenter);
    text->setForegroundRole(QPalette::PlaceholderText);
    text->setMaximumWidth(520);
    // Between stretches rather than with AlignHCenter: an aligned item gets its size hint's width,
    // and a word-wrapped label's hint is too narrow for its height, which cut the text off.
    auto* textRow = new QHBoxLayout;
    textRow->addStretch(1);
    textRow->addWidget(text, 10);
    textRow->addStretch(1);
    layout->addLayout(textRow);
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
    m_input = new AnalyseInputPanel(inner);
    m_input->setObjectName(QStringLiteral("analyseInput"));
    v->addWidget(m_input);
    connect(m_input, &AnalyseInputPanel::chooseModelRequested, this, &AnalysePage::chooseModelFolder);
    connect(m_input, &AnalyseInputPanel::openTextRequested, this, &AnalysePage::openTextFileInteractively);
    connect(m_input, &AnalyseInputPanel::routeRequested, this, &AnalysePage::route);
    connect(m_input, &AnalyseInputPanel::cancelRequested, this, &AnalysePage::cancelRoute);

    m_filters = new AnalyseFilterPanel(inner);
    m_filters->setObjectName(QStringLiteral("analyseFilters"));
    m_filters->setVisible(false);  // until a trace is shown
    connect(m_filters, &AnalyseFilterPanel::filterChanged, this, &AnalysePage::applyFilter);
    v->addWidget(m_filters);
    v->addStretch(1);

    auto* scroll = m_side = new QScrollArea(this);
    scroll->setObjectName(QStringLiteral("analyseSidePanel"));
    scroll->setWidget(inner);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setMinimumWidth(std::max(270, inner->minimumSizeHint().width()));
    scroll->setMaximumWidth(420);
    return scroll;
}

QWidget* AnalysePage::createContent()
{
    auto* content = new QWidget;
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

ExpertLegend* AnalysePage::legend() const
{
    return m_filters->legend();
}

QList<QColor> AnalysePage::expertColors() const
{
    return ExpertPalette::colors(m_doc ? int(m_doc->trace().numExperts()) : 0, m_scheme);
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
    m_recentTraces->add(path);
    emit traceOpened(path);
    return true;
}

void AnalysePage::setDocument(TraceDocument document)
{
    m_doc = std::make_unique<TraceDocument>(std::move(document));
    m_selected = -1;
    const Trace& t = m_doc->trace();
    const QStringList experts = toQStringList(m_doc->expertLabels());
    const QList<QColor> colors = expertColors();
    const QString file = QFileInfo(tracePath()).fileName();
    const QString model = QFileInfo(QString::fromStdString(t.model)).fileName();
    m_title->setText(!file.isEmpty() ? file : tr("%1 (routed, not saved)").arg(model.isEmpty() ? tr("Routing trace") : model));

    m_filters->setDocument(m_doc.get(), colors);
    m_filters->setVisible(true);
    m_side->setMinimumWidth(std::max(270, m_side->widget()->minimumSizeHint().width() + m_side->verticalScrollBar()->sizeHint().width()));
    m_tokens->setTokens(toQStringList(t.tokens));
    m_tokens->setExperts(experts, colors);
    m_weights->setExperts(experts, colors);
    updateViews();
    m_weights->setSelectedToken(-1);
    m_stack->setCurrentIndex(1);
    if (m_compare->hasTrace()) m_compare->setFilter(m_doc->selectedBlocks(), m_doc->selectedProjections());
    updateActions();
}

QCheckBox* AnalysePage::blockCheckBox(int block) const
{
    return m_filters->blockCheckBox(block);
}

QCheckBox* AnalysePage::projectionCheckBox(const QString& proj) const
{
    return m_filters->projectionCheckBox(proj);
}

void AnalysePage::setBlockRange(int first, int last)
{
    if (m_doc) m_filters->setBlockRange(first, last);
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
    m_filters->syncFromDocument();
    applyFilter();
    return true;
}

void AnalysePage::applyFilter()
{
    if (!m_doc) return;
    m_doc->setFilter(m_filters->checkedBlocks(), m_filters->checkedProjections());
    updateViews();
    m_compare->setFilter(m_doc->selectedBlocks(), m_doc->selectedProjections());
}

}  // namespace moe
