#include "ui/compose_prompts_dialog.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QPlainTextEdit>
#include <QVBoxLayout>

namespace moe {

ComposePromptsDialog::ComposePromptsDialog(const QString& expertName, const QStringList& positive,
                                           const QStringList& negative, QWidget* parent)
    : QDialog(parent), m_positive(new QPlainTextEdit(this)), m_negative(new QPlainTextEdit(this))
{
    setObjectName(QStringLiteral("promptsDialog"));
    setWindowTitle(tr("Prompts for %1").arg(expertName));
    auto* intro = new QLabel(tr("The router of each block is initialised so that tokens like the positive prompts go "
                                "to this expert and tokens like the negative prompts do not. One prompt per line."),
                             this);
    intro->setWordWrap(true);
    m_positive->setObjectName(QStringLiteral("positivePrompts"));
    m_negative->setObjectName(QStringLiteral("negativePrompts"));
    m_positive->setPlainText(positive.join(QLatin1Char('\n')));
    m_negative->setPlainText(negative.join(QLatin1Char('\n')));
    m_positive->setPlaceholderText(tr("e.g. Write a Python function that…"));
    m_negative->setPlaceholderText(tr("optional"));
    auto* form = new QFormLayout;
    form->addRow(tr("Positive:"), m_positive);
    form->addRow(tr("Negative:"), m_negative);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addLayout(form, 1);
    layout->addWidget(buttons);
    resize(520, 380);
}

QStringList ComposePromptsDialog::lines(const QString& text)
{
    QStringList out;
    for (const QString& line : text.split(QLatin1Char('\n')))
        if (!line.trimmed().isEmpty())
            out << line;
    return out;
}

QStringList ComposePromptsDialog::positivePrompts() const
{
    return lines(m_positive->toPlainText());
}

QStringList ComposePromptsDialog::negativePrompts() const
{
    return lines(m_negative->toPlainText());
}

}  // namespace moe
