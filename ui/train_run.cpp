// LibTorch headers (through the model) come before any Qt header: Qt's `slots` macro breaks ATen's.
#include "core/error.h"
#include "core/model/model.h"
#include "core/routing/route_text.h"
#include "core/tokenizer/tokenizer.h"

#include <ATen/ATen.h>

#include "ui/train_run.h"

#include <QDir>
#include <QMutexLocker>
#include <QThread>

#include <exception>
#include <optional>
#include <utility>

namespace moe {

namespace {

constexpr int kPollMs = 100;

QString messageOf(const std::exception& e, const QString& dir)
{
    if (dynamic_cast<const Error*>(&e)) return QString::fromStdString(e.what());
    // LibTorch and the standard library do not name the folder; say which one failed.
    return QStringLiteral("%1: %2").arg(QDir::toNativeSeparators(dir), QString::fromLocal8Bit(e.what()));
}

}  // namespace

TrainRun::TrainRun(QObject* parent) : QObject(parent), m_shared(std::make_shared<Shared>())
{
    qRegisterMetaType<moe::TrainProgress>();
    m_poll.setInterval(kPollMs);
    connect(&m_poll, &QTimer::timeout, this, &TrainRun::flushProgress);
}

TrainRun::~TrainRun()
{
    if (m_thread) {
        m_cancel = true;
        m_thread->wait();  // the trainer polls the flag between steps
        delete m_thread;
    }
}

bool TrainRun::start(const QString& modelDir, const QStringList& dataFiles, const QString& outDir, bool force,
                     const TrainOptions& options)
{
    if (m_thread)
        return false;
    m_cancel = false;
    m_modelDir = modelDir;
    m_outDir = outDir;
    m_endSeconds = -1;
    m_shared = std::make_shared<Shared>();  // a job of an earlier run can no longer write into this one
    m_clock.start();

    TrainRequest request;
    request.modelDir = QDir::toNativeSeparators(modelDir).toStdString();
    for (const QString& f : dataFiles)
        request.dataFiles.push_back(QDir::toNativeSeparators(f).toStdString());
    request.outDir = QDir::toNativeSeparators(outDir).toStdString();
    request.force = force;
    request.options = options;
    request.isCancelled = [this] { return m_cancel.load(); };
    const std::shared_ptr<Shared> shared = m_shared;
    request.onStep = [shared](const TrainProgress& p) {
        QMutexLocker lock(&shared->mutex);
        shared->steps.append(p);
        shared->lastStep = p.step;
    };
    // Between steps: route a requested sample with the model as it is now. The tokenizer is read once.
    auto tokenizer = std::make_shared<std::optional<Tokenizer>>();
    request.betweenSteps = [this, shared, tokenizer, modelDir, dir = request.modelDir](const Model& model) {
        QString text;
        int step = 0;
        {
            QMutexLocker lock(&shared->mutex);
            if (shared->sample.isEmpty()) return;
            text = std::exchange(shared->sample, QString());
            step = shared->lastStep;
        }
        try {
            if (!*tokenizer) tokenizer->emplace(Tokenizer::fromDir(dir));
            at::NoGradGuard noGrad;
            const std::string name = dir + " (step " + std::to_string(step) + ")";
            auto trace = std::make_shared<Trace>(routeText(model, **tokenizer, text.toStdString(), name));
            QMetaObject::invokeMethod(this, [this, trace, step] { emit sampleRouted(*trace, step); }, Qt::QueuedConnection);
        } catch (const std::exception& e) {
            // A sample that cannot be routed (e.g. no token) never stops the training.
            QMetaObject::invokeMethod(this, [this, message = messageOf(e, modelDir)] { emit sampleFailed(message); },
                                      Qt::QueuedConnection);
        }
    };

    m_thread = QThread::create([shared, request, modelDir] {
        try {
            auto summary = std::make_unique<TrainSummary>(trainRouters(request));
            QMutexLocker lock(&shared->mutex);
            shared->summary = std::move(summary);
        } catch (const std::exception& e) {
            const QString message = messageOf(e, modelDir);
            QMutexLocker lock(&shared->mutex);
            shared->error = message;
        }
    });
    connect(m_thread, &QThread::finished, this, &TrainRun::finish);
    m_thread->start();
    m_poll.start();
    return true;
}

void TrainRun::cancel()
{
    if (m_thread)
        m_cancel = true;
}

double TrainRun::elapsedSeconds() const
{
    if (m_endSeconds >= 0) return m_endSeconds;
    return m_clock.isValid() ? double(m_clock.elapsed()) / 1000.0 : 0;
}

bool TrainRun::requestSample(const QString& text)
{
    if (!m_thread || text.isEmpty())
        return false;
    QMutexLocker lock(&m_shared->mutex);
    m_shared->sample = text;
    return true;
}

QString TrainRun::takePendingSample()
{
    QMutexLocker lock(&m_shared->mutex);
    return std::exchange(m_shared->sample, QString());
}

void TrainRun::flushProgress()
{
    QList<TrainProgress> steps;
    {
        QMutexLocker lock(&m_shared->mutex);
        steps.swap(m_shared->steps);
    }
    if (!steps.isEmpty())
        emit progressed(steps);
}

void TrainRun::finish()
{
    m_poll.stop();
    m_endSeconds = double(m_clock.elapsed()) / 1000.0;
    m_thread->deleteLater();
    m_thread = nullptr;
    flushProgress();
    std::unique_ptr<TrainSummary> summary;
    QString error;
    {
        QMutexLocker lock(&m_shared->mutex);
        summary = std::move(m_shared->summary);
        error = m_shared->error;
    }
    if (summary)
        emit succeeded(*summary);
    else if (m_cancel.load())
        emit cancelled();
    else
        emit failed(error);
    emit finished();
}

}  // namespace moe
