#pragma once
// The built-in demo in the GUI: builds it (core/demo, on a worker thread, behind a window-modal progress
// dialog with the phase, overall progress, ETA and Cancel) into the application's data folder, or finds
// it there from an earlier start, then says `ready` with the folder. A cancelled build leaves nothing
// (the core writes the folder atomically); a failed one says why.

#include "core/demo/demo.h"  // no ATen: safe after Qt headers

#include <QElapsedTimer>
#include <QMutex>
#include <QObject>
#include <QPointer>
#include <QProgressDialog>
#include <QString>
#include <QTimer>

#include <atomic>

class QThread;
class QWidget;

namespace moe {

class DemoLauncher : public QObject {
    Q_OBJECT

public:
    explicit DemoLauncher(QWidget* window, QObject* parent = nullptr);
    ~DemoLauncher() override;  // cancels a build and waits for it

    // <application data>/demo; the GUI's cache of the demo.
    static QString defaultDir();
    void setDir(const QString& dir) { m_dir = dir; }
    void setScale(const demo::DemoScale& scale) { m_scale = scale; }
    QString dir() const { return m_dir; }

    // Says `ready` at once when the folder holds this build's demo; otherwise builds it (false: busy).
    bool start();
    void cancel();
    bool isRunning() const { return m_thread != nullptr; }
    int builds() const { return m_builds; }  // demos built by this launcher (tests)
    QProgressDialog* dialog() const { return m_dialog; }
    // "[3/7] Training the english expert" and "41 % · 0:35 elapsed · about 0:50 left" (tests, dialog).
    QString progressText() const;

signals:
    void ready(const QString& dir);
    void failed(const QString& message);
    void cancelled();

private:
    void finish();
    void showProgress();

    QWidget* m_window = nullptr;
    QString m_dir;
    demo::DemoScale m_scale = demo::DemoScale::full();
    QThread* m_thread = nullptr;
    QPointer<QProgressDialog> m_dialog;
    QTimer m_poll;
    QElapsedTimer m_clock;
    std::atomic<bool> m_cancel{false};
    int m_builds = 0;

    mutable QMutex m_mutex;  // guards what the worker writes
    demo::DemoProgress m_progress;
    QString m_error;
    bool m_done = false;
};

}  // namespace moe
