#include "ui/analyse_compare.h"

#include "ui/aggregate_views.h"

#include "widgets/elided_label.h"
#include "widgets/expert_weight_plot.h"
#include "widgets/token_view.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QSplitter>
#include <QStyle>
#include <QToolButton>
#include <QVBoxLayout>

namespace moe {

AnalyseComparePane::AnalyseComparePane(QWidget* parent) : QWidget(parent)
{
    auto* v = new QVBoxLayout(this);
    v->setContentsMargins(8, 6, 8, 6);
    v->setSpacing(4);
    auto* header = new QHBoxLayout;
    m_title = new ElidedLabel(this);
    m_title->setObjectName(QStringLiteral("compareTitle"));
    QFont titleFont = m_title->font();
    titleFont.setBold(true);
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.1);
    m_title->setFont(titleFont);
    header->addWidget(m_title, 1);
    auto* close = new QToolButton(this);
    close->setObjectName(QStringLiteral("closeCompareButton"));
    close->setIcon(style()->standardIcon(QStyle::SP_TitleBarCloseButton));
    close->setAutoRaise(true);
    close->setToolTip(tr("Close the comparison"));
    connect(close, &QToolButton::clicked, this, &AnalyseComparePane::closeRequested);
    header->addWidget(close);
    v->addLayout(header);
    m_summary = new QLabel(this);
    m_summary->setObjectName(QStringLiteral("compareSummary"));
    m_summary->setForegroundRole(QPalette::PlaceholderText);
    m_summary->setWordWrap(true);
    v->addWidget(m_summary);

    m_splitter = new QSplitter(Qt::Vertical, this);
    m_splitter->setObjectName(QStringLiteral("compareSplitter"));
    m_splitter->setChildrenCollapsible(false);
    m_tokens = new TokenView(m_splitter);
    m_tokens->setObjectName(QStringLiteral("compareTokenView"));
    m_splitter->addWidget(m_tokens);
    m_weights = new ExpertWeightPlot(m_splitter);
    m_weights->setObjectName(QStringLiteral("compareWeightPlot"));
    m_splitter->addWidget(m_weights);
    m_splitter->setStretchFactor(0, 2);
    m_splitter->setStretchFactor(1, 3);
    v->addWidget(m_splitter, 1);

    // Selecting a token on one side marks it on the other side of the pane.
    connect(m_tokens, &TokenView::tokenClicked, m_weights, &ExpertWeightPlot::setSelectedToken);
    connect(m_weights, &ExpertWeightPlot::tokenClicked, m_tokens, &TokenView::setSelectedToken);
}

AnalyseComparePane::~AnalyseComparePane() = default;

void AnalyseComparePane::setDocument(TraceDocument document, const QString& title, const QList<QColor>& colors,
                                     const std::set<int>& blocks, const std::set<std::string>& projs)
{
    m_doc = std::make_unique<TraceDocument>(std::move(document));
    m_colors = colors;
    m_title->setText(title);
    m_title->setToolTip(QString::fromStdString(m_doc->trace().model));
    QStringList tokens, names;
    for (const auto& s : m_doc->trace().tokens) tokens << QString::fromStdString(s);
    for (const auto& s : m_doc->expertLabels()) names << QString::fromStdString(s);
    m_tokens->setTokens(tokens);
    m_tokens->setExperts(names, m_colors);
    m_weights->setExperts(names, m_colors);
    m_weights->setSelectedToken(-1);
    setFilter(blocks, projs);
}

void AnalyseComparePane::clear()
{
    m_doc.reset();
    m_title->setText({});
    m_summary->clear();
    m_tokens->setTokens({});
    m_weights->setData({}, {}, 0);
}

QString AnalyseComparePane::title() const
{
    return m_title->text();
}

void AnalyseComparePane::setFilter(const std::set<int>& blocks, const std::set<std::string>& projs)
{
    if (!m_doc) return;
    m_doc->setFilter(blocks, projs);
    updateViews();
}

void AnalyseComparePane::setColors(const QList<QColor>& colors)
{
    m_colors = colors;
    if (!m_doc) return;
    QStringList names;
    for (const auto& s : m_doc->expertLabels()) names << QString::fromStdString(s);
    m_tokens->setExperts(names, m_colors);
    m_weights->setExperts(names, m_colors);
    updateViews();
}

void AnalyseComparePane::updateViews()
{
    const Trace& t = m_doc->trace();
    const Aggregate& a = m_doc->aggregate();
    const int E = static_cast<int>(t.numExperts()), T = static_cast<int>(t.numTokens());
    showAggregate(m_tokens, m_weights, t, a, tr("The primary trace's filter selects no routing site of this trace"));
    m_summary->setText(tr("%1 · %2 · %3 · %4 of %5 sites")
                           .arg(QString::fromStdString(t.method))
                           .arg(t.method == "bts" ? tr("hub + %1 experts").arg(E - 1) : tr("%1 experts").arg(E))
                           .arg(T == 1 ? tr("1 token") : tr("%1 tokens").arg(T))
                           .arg(a.sitesUsed)
                           .arg(t.numSites()));
}

}  // namespace moe
