#include "widgets/progress_panel.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QProgressBar>
#include <QToolButton>

namespace moe {

ProgressPanel::ProgressPanel(QWidget* parent)
    : QWidget(parent), m_label(new QLabel(this)), m_bar(new QProgressBar(this)), m_cancel(new QToolButton(this))
{
    m_label->setObjectName(QStringLiteral("progressLabel"));
    m_label->setTextFormat(Qt::PlainText);
    m_bar->setObjectName(QStringLiteral("progressBar"));
    m_bar->setRange(0, kResolution);
    m_bar->setTextVisible(true);
    m_bar->setFixedWidth(fontMetrics().horizontalAdvance(QLatin1Char('0')) * 22);
    m_bar->setMaximumHeight(fontMetrics().height() + 4);
    m_cancel->setObjectName(QStringLiteral("cancelButton"));
    m_cancel->setText(tr("Cancel"));
    m_cancel->setToolButtonStyle(Qt::ToolButtonTextOnly);
    m_cancel->setAutoRaise(false);
    m_cancel->setToolTip(tr("Stop the running task"));

    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(6);
    layout->addWidget(m_label);
    layout->addWidget(m_bar);
    layout->addWidget(m_cancel);

    connect(m_cancel, &QToolButton::clicked, this, &ProgressPanel::requestCancel);
    setVisible(false);
}

void ProgressPanel::start(const QString& text, qint64 total, bool cancellable)
{
    m_active = true;
    m_cancelPending = false;
    m_cancellable = cancellable;
    m_label->setText(text);
    m_cancel->setVisible(cancellable);
    m_cancel->setEnabled(cancellable);
    m_cancel->setText(tr("Cancel"));
    m_bar->setValue(0);
    setProgress(0, total);
    show();
}

void ProgressPanel::setProgress(qint64 done, qint64 total)
{
    if (!m_active)
        return;
    if (total <= 0) {
        m_bar->setRange(0, 0);  // busy indicator
        return;
    }
    m_bar->setRange(0, kResolution);
    const qint64 clamped = qBound<qint64>(0, done, total);
    m_bar->setValue(int(clamped * kResolution / total));
    m_bar->setFormat(QStringLiteral("%1 %").arg(clamped * 100 / total));
}

void ProgressPanel::setText(const QString& text)
{
    m_label->setText(text);
}

void ProgressPanel::finish()
{
    m_active = false;
    m_cancelPending = false;
    m_label->clear();
    m_bar->setRange(0, kResolution);
    m_bar->setValue(0);
    m_cancel->setEnabled(true);
    m_cancel->setText(tr("Cancel"));
    hide();
}

QString ProgressPanel::text() const
{
    return m_label->text();
}

int ProgressPanel::percent() const
{
    if (!m_active || m_bar->maximum() == 0)
        return -1;
    return int(qint64(m_bar->value()) * 100 / kResolution);
}

void ProgressPanel::requestCancel()
{
    if (!m_active || m_cancelPending || !m_cancellable)
        return;
    m_cancelPending = true;
    m_cancel->setEnabled(false);
    m_cancel->setText(tr("Cancelling…"));
    emit cancelRequested();
}

}  // namespace moe
