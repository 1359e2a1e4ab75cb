#pragma once
// A compact progress area for long work: a label, a progress bar and a Cancel button. Hidden while
// idle; start() shows it, finish() hides it. Cancel emits cancelRequested() once and shows that the
// request is pending until the owner calls finish().

#include <QWidget>

class QLabel;
class QProgressBar;
class QToolButton;

namespace moe {

class ProgressPanel : public QWidget {
    Q_OBJECT

public:
    explicit ProgressPanel(QWidget* parent = nullptr);

    // Shows the panel. total > 0 gives a determinate bar (see setProgress()); 0 a busy indicator.
    void start(const QString& text, qint64 total = 0, bool cancellable = true);
    // Updates the bar; values are 64-bit so that byte counts of large checkpoints fit. A total <= 0
    // switches to a busy indicator. Ignored while idle.
    void setProgress(qint64 done, qint64 total);
    void setText(const QString& text);
    // Hides the panel and resets it for the next start().
    void finish();

    bool isActive() const { return m_active; }
    bool isCancelPending() const { return m_cancelPending; }
    QString text() const;
    // 0..100 for a determinate bar, -1 while busy or idle.
    int percent() const;

    QToolButton* cancelButton() const { return m_cancel; }

public slots:
    // Same as clicking Cancel: emits cancelRequested() unless already pending or not cancellable.
    void requestCancel();

signals:
    void cancelRequested();

private:
    static constexpr int kResolution = 1000;

    QLabel* m_label = nullptr;
    QProgressBar* m_bar = nullptr;
    QToolButton* m_cancel = nullptr;
    bool m_active = false;
    bool m_cancellable = true;
    bool m_cancelPending = false;
};

}  // namespace moe
