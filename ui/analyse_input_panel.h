#pragma once
// The Analyse page's input panel: the model folder (with a one-line summary of its architecture,
// method and experts, or why it cannot route text), a text box to type or paste into, "Open Text
// File…", and Route. While a run is in progress it shows a busy bar with the phase and Cancel; a
// failure shows its message under the buttons. Plain view: the page does the work.

#include <QString>
#include <QWidget>

class QLabel;
class QPlainTextEdit;
class QProgressBar;
class QPushButton;
class QToolButton;

namespace moe {

class ElidedLabel;

class AnalyseInputPanel : public QWidget {
    Q_OBJECT

public:
    explicit AnalyseInputPanel(QWidget* parent = nullptr);

    // `summary`: what the folder holds; `problem`: why it cannot route (empty when it can).
    void setModelFolder(const QString& dir, const QString& summary, const QString& problem);
    QString modelFolder() const { return m_modelDir; }
    QString text() const;
    void setText(const QString& text);

    // Busy: the bar, the phase and Cancel show, Route is disabled.
    void setBusy(bool busy, const QString& phase = {});
    bool isBusy() const { return m_isBusy; }
    QString phaseText() const;
    // A failure to show (empty hides it).
    void setError(const QString& message);
    QString errorText() const;

    QPushButton* routeButton() const { return m_route; }
    QToolButton* cancelButton() const { return m_cancel; }
    QPlainTextEdit* textEdit() const { return m_text; }
    QLabel* modelSummaryLabel() const { return m_modelFacts; }

signals:
    void chooseModelRequested();
    void openTextRequested();
    void routeRequested();
    void cancelRequested();

private:
    void updateRouteEnabled();

    QString m_modelDir;
    bool m_isBusy = false;
    ElidedLabel* m_modelPath = nullptr;
    QLabel* m_modelFacts = nullptr;
    QPlainTextEdit* m_text = nullptr;
    QPushButton* m_route = nullptr;
    QWidget* m_busy = nullptr;
    QProgressBar* m_bar = nullptr;
    QLabel* m_phase = nullptr;
    QToolButton* m_cancel = nullptr;
    QLabel* m_error = nullptr;
};

}  // namespace moe
