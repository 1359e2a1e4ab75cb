// TrainPage: the sample text routed with the current routers — between two steps of a run (TrainRun),
// or through the model folder before a run and the trained output after one (RouteRunner) — shown as
// token chips coloured by dominant expert, with "Open in Analyse".

#include "ui/train_page.h"

#include "ui/aggregate_views.h"
#include "ui/analyse_filter_panel.h"
#include "ui/route_runner.h"
#include "ui/trace_document.h"
#include "ui/train_run.h"
#include "widgets/expert_legend.h"
#include "widgets/expert_palette.h"
#include "widgets/token_view.h"

#include <QDir>
#include <QHBoxLayout>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSettings>
#include <QVBoxLayout>

#include <algorithm>

namespace moe {
namespace {

// The Analyse page's expert colours, so that one expert has one colour on both pages.
const char* const kPaletteKey = "analyse/palette";

QStringList toQStringList(const std::vector<std::string>& v)
{
    QStringList out;
    for (const auto& s : v) out << QString::fromStdString(s);
    return out;
}

}  // namespace

QWidget* TrainPage::createSampleGroup()
{
    auto* box = new QWidget;
    box->setObjectName(QStringLiteral("trainSample"));
    auto* v = new QVBoxLayout(box);
    v->setContentsMargins(8, 0, 8, 8);
    v->setSpacing(4);
    v->addWidget(analyseSectionHeader(tr("Sample routing"), box));
    auto* row = new QHBoxLayout;
    m_sampleEdit = new QPlainTextEdit;
    m_sampleEdit->setObjectName(QStringLiteral("sampleTextEdit"));
    m_sampleEdit->setPlaceholderText(tr("A text to route with the current routers, e.g. one line of each domain…"));
    m_sampleEdit->setTabChangesFocus(true);
    m_sampleEdit->setMaximumHeight(60);
    row->addWidget(m_sampleEdit, 1);
    auto* buttons = new QVBoxLayout;
    m_routeSample = new QPushButton(tr("Route Sample"));
    m_routeSample->setObjectName(QStringLiteral("routeSampleButton"));
    m_routeSample->setToolTip(tr("Route the text with the routers as they are now: between two steps while training runs"));
    connect(m_routeSample, &QPushButton::clicked, this, &TrainPage::routeSample);
    m_openSample = new QPushButton(tr("Open in Analyse"));
    m_openSample->setObjectName(QStringLiteral("openSampleButton"));
    m_openSample->setToolTip(tr("Show the routed sample in the Analyse page (weights, load, entropy, diagnostics)"));
    connect(m_openSample, &QPushButton::clicked, this, [this] {
        if (m_sample) emit openTraceInAnalyseRequested(*m_sample);
    });
    buttons->addWidget(m_routeSample);
    buttons->addWidget(m_openSample);
    buttons->addStretch(1);
    row->addLayout(buttons);
    v->addLayout(row);
    m_sampleStatus = new QLabel;
    m_sampleStatus->setObjectName(QStringLiteral("sampleStatus"));
    m_sampleStatus->setWordWrap(true);
    m_sampleStatus->setForegroundRole(QPalette::PlaceholderText);
    v->addWidget(m_sampleStatus);
    auto* view = new QHBoxLayout;
    m_sampleTokens = new TokenView;
    m_sampleTokens->setObjectName(QStringLiteral("sampleTokenView"));
    m_sampleTokens->setMinimumHeight(60);
    m_sampleLegend = new ExpertLegend;
    m_sampleLegend->setObjectName(QStringLiteral("sampleLegend"));
    view->addWidget(m_sampleTokens, 1);
    view->addWidget(m_sampleLegend, 0, Qt::AlignTop);
    v->addLayout(view, 1);
    return box;
}

void TrainPage::setSampleText(const QString& text)
{
    m_sampleEdit->setPlainText(text);
}

QString TrainPage::sampleText() const
{
    return m_sampleEdit->toPlainText();
}

QString TrainPage::sampleSource() const
{
    return m_sampleSource;
}

QString TrainPage::sampleFolder() const
{
    return m_trainedDir.isEmpty() ? m_modelDir : m_trainedDir;
}

bool TrainPage::isRoutingSample() const
{
    return m_router->isBusy() || m_sampleInRun;
}

bool TrainPage::routeSample()
{
    const QString text = sampleText();
    if (text.trimmed().isEmpty()) {
        sampleFailed(tr("Type a sample text first."));
        return false;
    }
    QSettings().setValue("train/sampleText", text);
    return routeSampleText(text);
}

bool TrainPage::routeSampleText(const QString& text)
{
    m_sampleStatus->setStyleSheet(QString());
    if (m_run->requestSample(text)) {
        m_sampleInRun = true;
        m_sampleStatus->setText(tr("Routing with the current routers after the next step…"));
        return true;
    }
    const QString folder = sampleFolder();
    if (folder.isEmpty()) {
        sampleFailed(tr("Choose a model folder first."));
        return false;
    }
    m_pendingSource = folder == m_trainedDir ? tr("the trained routers (%1)").arg(QDir::toNativeSeparators(folder))
                                             : tr("the model folder's routers");
    m_sampleStatus->setText(tr("Routing with %1…").arg(m_pendingSource));
    m_router->route(folder, text);
    return true;
}

// A sample asked for while training ran but not served by a step (the run ended first) goes through
// the folder that now holds the latest routers.
void TrainPage::routePendingSample()
{
    m_sampleInRun = false;  // a sample a step routed has arrived: it was posted before the run ended
    const QString text = m_run->takePendingSample();
    if (!text.isEmpty()) routeSampleText(text);
}

void TrainPage::showSample(const Trace& trace, const QString& source)
{
    m_sample = trace;
    m_sampleSource = source;
    const TraceDocument doc(trace);
    const QStringList names = toQStringList(doc.expertLabels());
    const int scheme = std::clamp(QSettings().value(kPaletteKey, 0).toInt(), 0, ExpertPalette::kSchemeCount - 1);
    const QList<QColor> colors = ExpertPalette::colors(int(trace.numExperts()), static_cast<ExpertPalette::Scheme>(scheme));
    m_sampleTokens->setTokens(toQStringList(trace.tokens));
    m_sampleTokens->setExperts(names, colors);
    showAggregateTokens(m_sampleTokens, trace, doc.aggregate());
    m_sampleLegend->setExperts(names, colors);
    m_sampleLegend->setShares(QList<double>(doc.dominantShares().begin(), doc.dominantShares().end()));
    const qsizetype T = trace.numTokens();
    m_sampleStatus->setText((T == 1 ? tr("1 token routed with %1 (chip colour: dominant expert over every routing site)")
                                    : tr("%1 tokens routed with %2 (chip colour: dominant expert over every routing site)").arg(T))
                                .arg(source));
    m_sampleStatus->setStyleSheet(QString());
    updateButtons();
}

void TrainPage::sampleFailed(const QString& message)
{
    m_sampleInRun = false;
    m_sampleStatus->setText(message);
    m_sampleStatus->setStyleSheet(QStringLiteral("color: #C62828;"));
}

}  // namespace moe
