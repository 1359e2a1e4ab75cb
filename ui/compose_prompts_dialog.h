#pragma once
// The prompts of one expert for gate_init hidden / cheap_embed: positive prompts (what this expert
// should receive) and negative ones (what it should not), one prompt per line.

#include <QDialog>
#include <QStringList>

class QPlainTextEdit;

namespace moe {

class ComposePromptsDialog : public QDialog {
    Q_OBJECT

public:
    ComposePromptsDialog(const QString& expertName, const QStringList& positive, const QStringList& negative,
                         QWidget* parent = nullptr);

    QStringList positivePrompts() const;
    QStringList negativePrompts() const;
    QPlainTextEdit* positiveEdit() const { return m_positive; }
    QPlainTextEdit* negativeEdit() const { return m_negative; }

    // Non-empty lines of `text`, as typed (a prompt may start or end with spaces on purpose).
    static QStringList lines(const QString& text);

private:
    QPlainTextEdit* m_positive = nullptr;
    QPlainTextEdit* m_negative = nullptr;
};

}  // namespace moe
