#pragma once
// Runs compose() on a worker thread for the Compose page: progress (tensors, bytes, ETA) is sampled
// by a timer on the GUI thread rather than posted per tensor, so a checkpoint with thousands of small
// tensors cannot flood the event loop. Cancel sets the flag compose() polls between tensors; compose()
// then removes its temporary folder, so a cancelled build leaves no output (and an existing folder
// being replaced stays as it was).

#include "core/compose/composer.h"

#include <QElapsedTimer>
#include <QMutex>
#include <QObject>
#include <QString>
#include <QStringList>
#include <QTimer>

#include <atomic>
#include <memory>

class QThread;

namespace moe {

struct ComposeBuildProgress {
    qint64 tensorsDone = 0, tensorsTotal = 0;
    qint64 bytesDone = 0, bytesTotal = 0;
    QString current;   // tensor being written
    QString message;   // a step before the tensors stream (gate_init running the prompts)
    double elapsedSeconds = 0;
    double etaSeconds = -1;  // -1: not known yet
};

class ComposeBuild : public QObject {
    Q_OBJECT

public:
    explicit ComposeBuild(QObject* parent = nullptr);
    ~ComposeBuild() override;  // cancels and waits

    // Starts a build; false if one is running.
    bool start(const ComposeConfig& config, const QString& outDir, bool force, bool native);
    void cancel();
    bool isRunning() const { return m_thread != nullptr; }
    bool isCancelRequested() const { return m_cancel.load(); }
    ComposeBuildProgress progress() const;
    QString outDir() const { return m_outDir; }

signals:
    void progressChanged(const moe::ComposeBuildProgress& progress);
    void succeeded(const moe::ComposeSummary& summary);
    void failed(const QString& message);
    void cancelled();
    void finished();  // after any of the three above

private:
    void finish();

    QThread* m_thread = nullptr;
    std::atomic<bool> m_cancel{false};
    QTimer m_poll;
    QElapsedTimer m_clock;
    QString m_outDir;

    mutable QMutex m_mutex;  // guards what the worker writes
    ComposeProgress m_progress;
    std::unique_ptr<ComposeSummary> m_summary;
    QString m_error;
};

}  // namespace moe

Q_DECLARE_METATYPE(moe::ComposeBuildProgress)
