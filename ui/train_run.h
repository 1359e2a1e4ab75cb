#pragma once
// Runs trainRouters() on a worker thread for the Train page. The worker stores every step's figures;
// a timer on the GUI thread hands them over in batches (progressed), so a fast run on a tiny model
// cannot flood the event loop or replot per step. Cancel sets the flag the trainer polls between steps;
// a cancelled run writes nothing (the trainer's output folder appears only when complete).
//
// Sample routing while training: requestSample() leaves a text for the worker; between two steps it
// routes the text with the model as it is (the current routers or stitches) and posts the trace back
// (sampleRouted). A text no step served before the run ended is handed back by takePendingSample().
// No LibTorch in this header.

#include "core/routing/trace.h"
#include "core/train/router_trainer.h"

#include <QElapsedTimer>
#include <QList>
#include <QMutex>
#include <QObject>
#include <QString>
#include <QStringList>
#include <QTimer>

#include <atomic>
#include <memory>

class QThread;

namespace moe {

class TrainRun : public QObject {
    Q_OBJECT

public:
    explicit TrainRun(QObject* parent = nullptr);
    ~TrainRun() override;  // cancels and waits for the current step

    // Starts a run; false if one is running.
    bool start(const QString& modelDir, const QStringList& dataFiles, const QString& outDir, bool force,
               const TrainOptions& options);
    void cancel();
    bool isRunning() const { return m_thread != nullptr; }
    bool isCancelRequested() const { return m_cancel.load(); }
    QString modelDir() const { return m_modelDir; }
    QString outDir() const { return m_outDir; }
    // Seconds since start() (until the run ended).
    double elapsedSeconds() const;

    // Asks the worker to route `text` with the current weights after the next step; false when no run
    // is going on. A newer request replaces one not served yet.
    bool requestSample(const QString& text);
    // The request no step served (the run ended first), cleared; empty if none.
    QString takePendingSample();

signals:
    // The steps finished since the last signal, in order.
    void progressed(const QList<moe::TrainProgress>& steps);
    // A sample routed between steps; `step` is the last step done.
    void sampleRouted(const moe::Trace& trace, int step);
    void sampleFailed(const QString& message);
    void succeeded(const moe::TrainSummary& summary);
    // The trainer's one-line moe::Error message.
    void failed(const QString& message);
    void cancelled();
    void finished();  // after any of the three above

private:
    void flushProgress();
    void finish();

    QThread* m_thread = nullptr;
    std::atomic<bool> m_cancel{false};
    QTimer m_poll;
    QElapsedTimer m_clock;
    double m_endSeconds = -1;
    QString m_modelDir, m_outDir;

    // Shared with the worker: what it has done and what is asked of it.
    struct Shared {
        QMutex mutex;
        QList<TrainProgress> steps;     // not yet handed to the GUI
        int lastStep = 0;
        QString sample;                 // a sample text to route, empty if none
        std::unique_ptr<TrainSummary> summary;
        QString error;
    };
    std::shared_ptr<Shared> m_shared;
};

}  // namespace moe

Q_DECLARE_METATYPE(moe::TrainProgress)
