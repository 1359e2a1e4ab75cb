#include "ui/analyse_input_panel.h"

#include "ui/analyse_filter_panel.h"
#include "widgets/elided_label.h"
#include "widgets/svg_icon.h"

#include <QDir>
#include <QHBoxLayout>
#include <QLabel>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QShortcut>
#include <QToolButton>
#include <QVBoxLayout>

namespace moe {

AnalyseInputPanel::AnalyseInputPanel(QWidget* parent) : QWidget(parent)
{
    auto* v = new QVBoxLayout(this);
    v->setContentsMargins(0, 0, 0, 0);
    v->setSpacing(4);

    v->addWidget(analyseSectionHeader(tr("Model"), this));
    auto* modelRow = new QHBoxLayout;
    m_modelPath = new ElidedLabel(this);
    m_modelPath->setObjectName(QStringLiteral("modelPath"));
    m_modelPath->setPlaceholderText(tr("No model folder"));
    modelRow->addWidget(m_modelPath, 1);
    auto* choose = new QToolButton(this);
    choose->setObjectName(QStringLiteral("chooseModelButton"));
    choose->setIcon(paletteIcon(QStringLiteral(":/icons/open-folder.svg")));
    choose->setText(tr("Choose…"));
    choose->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    choose->setToolTip(tr("Choose the model folder to route text through (config.json, safetensors, tokenizer.json)"));
    connect(choose, &QToolButton::clicked, this, &AnalyseInputPanel::chooseModelRequested);
    modelRow->addWidget(choose);
    v->addLayout(modelRow);
    m_modelFacts = new QLabel(this);
    m_modelFacts->setObjectName(QStringLiteral("modelSummary"));
    m_modelFacts->setWordWrap(true);
    m_modelFacts->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_modelFacts->setVisible(false);
    v->addWidget(m_modelFacts);

    v->addWidget(analyseSectionHeader(tr("Text"), this));
    m_text = new QPlainTextEdit(this);
    m_text->setObjectName(QStringLiteral("routeText"));
    m_text->setPlaceholderText(tr("Type or paste text to route…"));
    m_text->setTabChangesFocus(true);
    m_text->setMaximumHeight(120);
    connect(m_text, &QPlainTextEdit::textChanged, this, &AnalyseInputPanel::updateRouteEnabled);
    v->addWidget(m_text);

    auto* buttons = new QHBoxLayout;
    auto* openText = new QToolButton(this);
    openText->setObjectName(QStringLiteral("openTextButton"));
    openText->setText(tr("Open Text File…"));
    openText->setToolTip(tr("Load the text to route from a UTF-8 text file"));
    connect(openText, &QToolButton::clicked, this, &AnalyseInputPanel::openTextRequested);
    buttons->addWidget(openText);
    buttons->addStretch(1);
    m_route = new QPushButton(tr("Route"), this);
    m_route->setObjectName(QStringLiteral("routeButton"));
    m_route->setToolTip(tr("Run the model on the text and show how it routes each token (Ctrl+Return)"));
    connect(m_route, &QPushButton::clicked, this, &AnalyseInputPanel::routeRequested);
    buttons->addWidget(m_route);
    v->addLayout(buttons);
    auto* shortcut = new QShortcut(QKeySequence(Qt::CTRL | Qt::Key_Return), this, nullptr, nullptr, Qt::WidgetWithChildrenShortcut);
    connect(shortcut, &QShortcut::activated, this, [this] {
        if (m_route->isEnabled()) emit routeRequested();
    });

    // Busy: an indeterminate bar (the forward pass reports no fraction), the phase and Cancel.
    m_busy = new QWidget(this);
    m_busy->setObjectName(QStringLiteral("routeProgress"));
    auto* busy = new QVBoxLayout(m_busy);
    busy->setContentsMargins(0, 4, 0, 0);
    busy->setSpacing(2);
    auto* barRow = new QHBoxLayout;
    m_bar = new QProgressBar(m_busy);
    m_bar->setRange(0, 0);
    m_bar->setTextVisible(false);
    m_bar->setMaximumHeight(10);
    barRow->addWidget(m_bar, 1);
    m_cancel = new QToolButton(m_busy);
    m_cancel->setObjectName(QStringLiteral("cancelRouteButton"));
    m_cancel->setText(tr("Cancel"));
    m_cancel->setToolTip(tr("Stop waiting for this run; the page shows what it showed before"));
    connect(m_cancel, &QToolButton::clicked, this, &AnalyseInputPanel::cancelRequested);
    barRow->addWidget(m_cancel);
    busy->addLayout(barRow);
    m_phase = new QLabel(m_busy);
    m_phase->setObjectName(QStringLiteral("routePhase"));
    m_phase->setForegroundRole(QPalette::PlaceholderText);
    busy->addWidget(m_phase);
    m_busy->setVisible(false);
    v->addWidget(m_busy);

    m_error = new QLabel(this);
    m_error->setObjectName(QStringLiteral("routeError"));
    m_error->setWordWrap(true);
    m_error->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_error->setVisible(false);
    v->addWidget(m_error);
    updateRouteEnabled();
}

void AnalyseInputPanel::setModelFolder(const QString& dir, const QString& summary, const QString& problem)
{
    m_modelDir = dir;
    m_modelPath->setText(QDir::toNativeSeparators(dir));
    m_modelPath->setToolTip(QDir::toNativeSeparators(dir));
    QString text = summary.toHtmlEscaped();
    if (!problem.isEmpty())
        text += QStringLiteral("%1<span style='color:#C62828'>%2</span>").arg(text.isEmpty() ? QString() : QStringLiteral("<br>"), problem.toHtmlEscaped());
    m_modelFacts->setText(text);
    m_modelFacts->setVisible(!text.isEmpty());
    updateRouteEnabled();
}

QString AnalyseInputPanel::text() const
{
    return m_text->toPlainText();
}

void AnalyseInputPanel::setText(const QString& text)
{
    m_text->setPlainText(text);
}

void AnalyseInputPanel::setBusy(bool busy, const QString& phase)
{
    m_isBusy = busy;
    m_busy->setVisible(busy);
    m_phase->setText(busy ? phase : QString());
    if (busy) setError({});
    updateRouteEnabled();
}

QString AnalyseInputPanel::phaseText() const
{
    return m_phase->text();
}

void AnalyseInputPanel::setError(const QString& message)
{
    m_error->setText(message.isEmpty() ? QString() : QStringLiteral("<span style='color:#C62828'>%1</span>").arg(message.toHtmlEscaped()));
    m_error->setToolTip(message);
    m_error->setVisible(!message.isEmpty());
}

QString AnalyseInputPanel::errorText() const
{
    return m_error->toolTip();
}

void AnalyseInputPanel::updateRouteEnabled()
{
    // A folder with a problem may have been fixed since it was picked, so only an empty folder or
    // text, or a run in progress, disables Route; the run reports what is still wrong.
    m_route->setEnabled(!m_isBusy && !m_modelDir.isEmpty() && !m_text->toPlainText().trimmed().isEmpty());
}

}  // namespace moe
