#include "ui/compose_json_view.h"

#include "ui/compose_document.h"

#include <QEvent>
#include <QFontDatabase>
#include <QLabel>
#include <QPlainTextEdit>
#include <QScrollBar>
#include <QVBoxLayout>

namespace moe {

namespace {
constexpr int kApplyDelayMs = 400;
}

ComposeJsonView::ComposeJsonView(ComposeDocument* document, QWidget* parent)
    : QWidget(parent), m_doc(document), m_edit(new QPlainTextEdit(this)), m_error(new QLabel(this))
{
    m_edit->setObjectName(QStringLiteral("jsonEdit"));
    m_edit->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_edit->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_edit->setTabChangesFocus(true);
    m_edit->installEventFilter(this);
    m_error->setObjectName(QStringLiteral("jsonError"));
    m_error->setWordWrap(true);
    m_error->setTextFormat(Qt::PlainText);
    m_error->setStyleSheet(QStringLiteral("color: palette(link);"));
    m_error->hide();
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_edit, 1);
    layout->addWidget(m_error);

    m_apply.setSingleShot(true);
    m_apply.setInterval(kApplyDelayMs);
    connect(&m_apply, &QTimer::timeout, this, &ComposeJsonView::applyPending);
    connect(m_edit, &QPlainTextEdit::textChanged, this, &ComposeJsonView::userEdited);
    connect(m_doc, &ComposeDocument::changed, this, [this] {
        if (!m_applying)
            showDocument();
    });
    showDocument();
}

QString ComposeJsonView::error() const
{
    return m_error->isHidden() ? QString() : m_error->text();
}

void ComposeJsonView::showDocument()
{
    m_apply.stop();
    const QString text = m_doc->jsonText();
    m_error->clear();
    m_error->hide();
    if (m_edit->toPlainText() == text)
        return;
    const int scroll = m_edit->verticalScrollBar()->value();
    m_settingText = true;
    m_edit->setPlainText(text);
    m_settingText = false;
    m_edit->verticalScrollBar()->setValue(scroll);
}

void ComposeJsonView::userEdited()
{
    if (!m_settingText)
        m_apply.start();
}

void ComposeJsonView::applyPending()
{
    if (!m_apply.isActive())
        return;
    m_apply.stop();
    QString error;
    m_applying = true;
    const bool ok = m_doc->setJsonText(m_edit->toPlainText(), &error);
    m_applying = false;
    m_error->setText(ok ? QString() : tr("Not applied: %1").arg(error));
    m_error->setVisible(!ok);
}

bool ComposeJsonView::eventFilter(QObject* watched, QEvent* event)
{
    if (watched == m_edit && event->type() == QEvent::FocusOut) {
        applyPending();
        showDocument();  // reformatted, or back to the last valid config
    }
    return QWidget::eventFilter(watched, event);
}

}  // namespace moe
