// AnalysePage: the views fed from the document — token chips, weight bars, heat map, entropy,
// diagnostics, the selected token and the summary line.

#include "ui/analyse_page.h"

#include "ui/aggregate_views.h"
#include "ui/analyse_filter_panel.h"
#include "widgets/elided_label.h"
#include "widgets/entropy_plot.h"
#include "widgets/expert_legend.h"
#include "widgets/expert_weight_plot.h"
#include "widgets/load_heatmap.h"
#include "widgets/token_view.h"

#include <QLabel>
#include <QListWidget>
#include <QScrollBar>
#include <QStyle>
#include <QTabWidget>
#include <QTableWidget>
#include <QToolButton>

#include <cmath>

namespace moe {
namespace {

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

}  // namespace

void AnalysePage::updateViews()
{
    const Trace& t = m_doc->trace();
    const Aggregate& a = m_doc->aggregate();
    const int E = static_cast<int>(t.numExperts());
    const bool any = a.sitesUsed > 0;
    showAggregate(m_tokens, m_weights, t, a, tr("No routing site selected: tick at least one block and one projection"));

    const auto& summary = m_doc->blockSummary();
    QStringList blockLabels;
    QList<int> blocks;
    QList<double> load;
    for (std::size_t i = 0; i < summary.blocks.size(); ++i) {
        blockLabels << QString::number(summary.blocks[i]);
        blocks << summary.blocks[i];
        load.append(QList<double>(summary.load[i].begin(), summary.load[i].end()));
    }
    m_heatmap->setData(blockLabels, toQStringList(m_doc->expertLabels()), load);
    m_entropy->setData(blocks, QList<double>(summary.entropy.begin(), summary.entropy.end()), std::log(double(E)),
                       QList<double>(summary.loadCv.begin(), summary.loadCv.end()));
    // BTS: name the stitch directions the views average, since a softmax share over hub + experts and
    // a per-expert sigmoid gate read differently.
    QStringList stitches;
    for (const std::string& key : m_doc->projections())
        if (key.rfind("stitch", 0) == 0 && m_doc->selectedProjections().count(key))
            stitches << QString::fromStdString(TraceDocument::projectionLabel(key));
    const QString kinds = stitches.isEmpty() ? QString() : QStringLiteral(" \u00B7 ") + stitches.join(QStringLiteral(", "));
    m_weights->yAxis->setLabel(tr("expert weight w\u0304(t, e)") + kinds);
    m_heatmap->xAxis->setLabel(tr("block") + kinds);
    m_entropy->xAxis->setLabel(tr("block") + kinds);
    legend()->setShares(any ? QList<double>(m_doc->dominantShares().begin(), m_doc->dominantShares().end()) : QList<double>());
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
                          .arg(QString::fromStdString(m_doc->expertLabels()[std::size_t(std::max(d.topDominantExpert, 0))]))
                          .arg(d.topDominantShare * 100, 0, 'f', 1)));
    }
    const int E = static_cast<int>(t.numExperts());
    const auto names = m_doc->expertLabels();
    const QList<QColor> colors = expertColors();
    m_diagTable->setRowCount(E);
    const auto& shares = m_doc->dominantShares();
    for (int e = 0; e < E; ++e) {
        const bool dead = std::find(d.deadExperts.begin(), d.deadExperts.end(), e) != d.deadExperts.end();
        const bool collapsed = d.collapse && d.topDominantExpert == e;
        auto* name = new QTableWidgetItem(QString::fromStdString(names[std::size_t(e)]));
        QPixmap swatch(12, 12);
        swatch.fill(colors.value(e));
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
    const Aggregate& a = m_doc->aggregate();
    const int d = a.dominant[std::size_t(m_selected)];
    QString text = tr("Token #%1 “%2”").arg(m_selected).arg(m_tokens->displayText(m_selected));
    if (d >= 0)
        text += tr(" → %1 (%2)").arg(QString::fromStdString(m_doc->expertLabels()[std::size_t(d)])).arg(a.weight(std::size_t(m_selected), std::size_t(d)), 0, 'f', 3);
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
        projs.insert(TraceDocument::projectionKey(t.sites[s]));
    }
    return tr("%1 experts · top-%2 · %3 of %4 × %5 of %6 · %7")
        .arg(t.numExperts()).arg(t.topK).arg(blocks.size())
        .arg(plural(qsizetype(m_doc->blocks().size()), tr("block"), tr("blocks")))
        .arg(projs.size())
        .arg(plural(qsizetype(m_doc->projections().size()), tr("projection"), tr("projections")))
        .arg(plural(qsizetype(t.numTokens()), tr("token"), tr("tokens")));
}

}  // namespace moe
