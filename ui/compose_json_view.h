#pragma once
// The live JSON of the composition config, editable: what the user types is applied to the document
// once typing pauses (one undo step per burst, merged), and document edits made elsewhere replace the
// text. While the text is not a JSON object the document keeps its last valid state and the error is
// shown under the editor; leaving the editor then puts the document's text back.

#include <QTimer>
#include <QWidget>

class QLabel;
class QPlainTextEdit;

namespace moe {

class ComposeDocument;

class ComposeJsonView : public QWidget {
    Q_OBJECT

public:
    explicit ComposeJsonView(ComposeDocument* document, QWidget* parent = nullptr);

    QPlainTextEdit* editor() const { return m_edit; }
    QLabel* errorLabel() const { return m_error; }
    QString error() const;
    // Applies pending typing now (tests; Build).
    void applyPending();

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void showDocument();
    void userEdited();

    ComposeDocument* m_doc;
    QPlainTextEdit* m_edit = nullptr;
    QLabel* m_error = nullptr;
    QTimer m_apply;
    bool m_applying = false;  // the document change comes from this view: keep the user's text
    bool m_settingText = false;
};

}  // namespace moe
