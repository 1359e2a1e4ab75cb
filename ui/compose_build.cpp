#include "ui/compose_build.h"

#include <QDir>
#include <QMutexLocker>
#include <QThread>

#include <exception>

namespace moe {

namespace {
constexpr int kPollMs = 100;
}

ComposeBuild::ComposeBuild(QObject* parent) : QObject(parent)
{
    qRegisterMetaType<moe::ComposeBuildProgress>();
    m_poll.setInterval(kPollMs);
    connect(&m_poll, &QTimer::timeout, this, [this] { emit progressChanged(progress()); });
}

ComposeBuild::~ComposeBuild()
{
    if (m_thread) {
        m_cancel = true;
        m_thread->wait();  // compose() polls the flag between tensors: not long
        delete m_thread;
    }
}

bool ComposeBuild::start(const ComposeConfig& config, const QString& outDir, bool force, bool native)
{
    if (m_thread)
        return false;
    m_cancel = false;
    m_outDir = outDir;
    {
        QMutexLocker lock(&m_mutex);
        m_progress = {};
        m_summary.reset();
        m_error.clear();
    }
    m_clock.start();
    ComposeOptions options;
    options.outDir = QDir::toNativeSeparators(outDir).toStdString();
    options.force = force;
    options.native = native;
    options.isCancelled = [this] { return m_cancel.load(); };
    options.onProgress = [this](const ComposeProgress& p) {
        QMutexLocker lock(&m_mutex);
        m_progress = p;
    };
    m_thread = QThread::create([this, config, options] {
        try {
            auto summary = std::make_unique<ComposeSummary>(compose(config, options));
            QMutexLocker lock(&m_mutex);
            m_summary = std::move(summary);
        } catch (const std::exception& e) {
            QMutexLocker lock(&m_mutex);
            m_error = QString::fromStdString(e.what());
        }
    });
    connect(m_thread, &QThread::finished, this, &ComposeBuild::finish);
    m_thread->start();
    m_poll.start();
    return true;
}

void ComposeBuild::cancel()
{
    if (m_thread)
        m_cancel = true;
}

ComposeBuildProgress ComposeBuild::progress() const
{
    ComposeBuildProgress out;
    {
        QMutexLocker lock(&m_mutex);
        out.tensorsDone = qint64(m_progress.tensorsDone);
        out.tensorsTotal = qint64(m_progress.tensorsTotal);
        out.bytesDone = qint64(m_progress.bytesDone);
        out.bytesTotal = qint64(m_progress.bytesTotal);
        out.current = QString::fromStdString(m_progress.current);
        out.message = QString::fromStdString(m_progress.message);
    }
    out.elapsedSeconds = m_clock.isValid() ? double(m_clock.elapsed()) / 1000.0 : 0;
    // Bytes, not tensors, predict the time: tensors range from a norm vector to an embedding.
    if (out.bytesDone > 0 && out.bytesTotal >= out.bytesDone)
        out.etaSeconds = out.elapsedSeconds * double(out.bytesTotal - out.bytesDone) / double(out.bytesDone);
    return out;
}

void ComposeBuild::finish()
{
    m_poll.stop();
    m_thread->deleteLater();
    m_thread = nullptr;
    emit progressChanged(progress());
    std::unique_ptr<ComposeSummary> summary;
    QString error;
    {
        QMutexLocker lock(&m_mutex);
        summary = std::move(m_summary);
        error = m_error;
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
