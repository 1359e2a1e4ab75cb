#pragma once
// Runs a model on text off the GUI thread (DESIGN §7): checks the folder, loads the model and its
// tokenizer, tokenizes, runs the forward pass and records the routing trace, reporting each phase.
// The loaded model and tokenizer are kept for the next run on the same folder (until its config or
// weights change), so routing another text through it is fast.
//
// Cancel: LibTorch's forward pass cannot be interrupted midway, so cancel() forgets the current job
// at once — the caller's UI goes on, no signal of that job arrives any more — while the job finishes in
// the background, skipping the phases it has not started (a model it was loading is still cached).
// Jobs run one after another on a private one-thread pool, so a run started right after a cancel
// waits for the old forward pass to end (phase "waiting"). No LibTorch in this header.

#include "core/routing/trace.h"

#include <QObject>
#include <QString>

#include <memory>

class QThreadPool;

namespace moe {

// What the Analyse page shows about a model folder, read from its config.json (no weights loaded).
struct ModelFolderInfo {
    bool ok = false;        // config.json readable, the architecture supported, routers and a tokenizer
    QString summary;        // e.g. "qwen3_moe · native MoE · 4 experts, top-2 · 3 blocks"
    QString problem;        // why it cannot route text (moe::Error message), else empty
    bool hasTokenizer = false;
    bool hasRouters = false;
};
ModelFolderInfo inspectModelFolder(const QString& dir);

class RouteRunner : public QObject {
    Q_OBJECT

public:
    enum class Phase { Waiting, LoadingModel, Tokenizing, Running };
    Q_ENUM(Phase)

    explicit RouteRunner(QObject* parent = nullptr);
    // Waits for a job still running in the background (a cancelled forward pass).
    ~RouteRunner() override;

    // Starts routing `text` through the model in `modelDir`; a current job is cancelled first.
    void route(const QString& modelDir, const QString& text);
    // Forgets the current job (see above); no-op when idle.
    void cancel();
    bool isBusy() const { return m_current != 0; }

    // The folder whose model is cached (canonical path; empty if none) and how many times a model was
    // loaded — tests check that a second run on the same folder reuses it.
    QString cachedModelDir() const;
    int modelLoads() const;
    // Blocks until no job runs any more (tests; shutdown).
    void waitForIdle();

    static QString phaseText(Phase phase, qsizetype tokens = 0);

signals:
    void phaseChanged(moe::RouteRunner::Phase phase, const QString& text);
    void finished(const moe::Trace& trace);
    // A moe::Error message naming the folder or file and what is wrong.
    void failed(const QString& message);

private:
    struct Shared;
    void runJob(int job, const QString& modelDir, const QString& text);

    std::shared_ptr<Shared> m_shared;
    QThreadPool* m_pool = nullptr;
    int m_nextJob = 1;
    int m_current = 0;  // 0: idle
};

}  // namespace moe
