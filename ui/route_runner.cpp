// LibTorch headers (through the model) come before any Qt header: Qt's `slots` macro breaks ATen's.
#include "core/error.h"
#include "core/io/checkpoint.h"
#include "core/model/arch.h"
#include "core/model/hparams.h"
#include "core/model/model.h"
#include "core/routing/route_text.h"
#include "core/tokenizer/tokenizer.h"

#include "ui/route_runner.h"

#include <QDateTime>
#include <QDir>
#include <QFileInfo>
#include <QMutex>
#include <QMutexLocker>
#include <QPointer>
#include <QThreadPool>

#include <atomic>
#include <optional>

namespace moe {
namespace {

QString errorText(const std::exception& e, const QString& dir)
{
    if (dynamic_cast<const Error*>(&e)) return QString::fromStdString(e.what());
    // LibTorch and the standard library do not name the folder; say which one failed.
    return QStringLiteral("%1: %2").arg(QDir::toNativeSeparators(dir), QString::fromLocal8Bit(e.what()));
}

// What identifies a loaded model: the folder and the time stamps and sizes of its config and weights,
// so a checkpoint rewritten in place (moe build --force) is loaded afresh.
QString folderSignature(const QString& canonicalDir)
{
    QString sig = canonicalDir;
    const QDir dir(canonicalDir);
    for (const QFileInfo& f : dir.entryInfoList({QStringLiteral("config.json"), QStringLiteral("*.safetensors"),
                                                 QStringLiteral("tokenizer*.json"), QStringLiteral("moe_studio.json")},
                                                QDir::Files, QDir::Name))
        sig += QStringLiteral("|%1:%2:%3").arg(f.fileName()).arg(f.size()).arg(f.lastModified().toMSecsSinceEpoch());
    return sig;
}

}  // namespace

ModelFolderInfo inspectModelFolder(const QString& dir)
{
    ModelFolderInfo info;
    info.hasTokenizer = QFileInfo(QDir(dir).filePath(QStringLiteral("tokenizer.json"))).isFile();
    try {
        const HParams hp = loadHParams(QDir::toNativeSeparators(dir).toStdString());
        // The weights' headers too (mmap, cheap): a pickle, truncated or incomplete folder shows at once.
        const Checkpoint checkpoint(QDir::toNativeSeparators(dir).toStdString());
        const QString type = QString::fromStdString(hp.modelType);
        const QString arch = hp.arch && hp.arch->modelType != hp.modelType
                                 ? QStringLiteral("%1 (%2)").arg(type, QString::fromStdString(hp.arch->modelType))
                                 : type;
        QString method;
        if (hp.composed) method = QString::fromStdString(hp.composed->method).toUpper();
        else method = hp.numExperts > 0 ? QObject::tr("native MoE") : QObject::tr("dense");
        info.hasRouters = hp.numExperts > 0;
        QStringList parts{arch, method};
        if (info.hasRouters) {
            if (hp.composed && hp.composed->method == "bts")
                parts << QObject::tr("%1 streams (hub + %2 experts)").arg(hp.numExperts).arg(hp.numExperts - 1);
            else
                parts << QObject::tr("%1 experts, top-%2").arg(hp.numExperts).arg(hp.topK);
        }
        parts << (hp.numLayers == 1 ? QObject::tr("1 block") : QObject::tr("%1 blocks").arg(hp.numLayers));
        info.summary = parts.join(QStringLiteral(" · "));
        if (!info.hasRouters)
            info.problem = QObject::tr("%1: the model has no routers: %2 is a dense model").arg(QDir::toNativeSeparators(dir), type);
        else if (!info.hasTokenizer)
            info.problem = QObject::tr("%1: no tokenizer.json in the model folder: routing text needs one")
                               .arg(QDir::toNativeSeparators(dir));
    } catch (const std::exception& e) {
        info.problem = errorText(e, dir);
    }
    info.ok = info.problem.isEmpty();
    return info;
}

// The cache and the cancel flag, shared with jobs that may outlive a cancel. The model and tokenizer
// are touched only by the pool's single thread; the mutex guards what the GUI thread asks about.
struct RouteRunner::Shared {
    std::atomic<int> current{0};
    std::atomic<bool> running{false};
    std::unique_ptr<Model> model;
    std::optional<Tokenizer> tokenizer;
    mutable QMutex mutex;
    QString signature;
    QString cachedDir;
    int loads = 0;
};

RouteRunner::RouteRunner(QObject* parent) : QObject(parent), m_shared(std::make_shared<Shared>()), m_pool(new QThreadPool(this))
{
    m_pool->setMaxThreadCount(1);  // jobs in order; the cache needs no more locking
    m_pool->setExpiryTimeout(-1);  // one long-lived thread: LibTorch's thread-local state is set up once
}

RouteRunner::~RouteRunner()
{
    cancel();
    m_pool->clear();
    m_pool->waitForDone();
}

QString RouteRunner::phaseText(Phase phase, qsizetype tokens)
{
    switch (phase) {
    case Phase::Waiting: return tr("Waiting for the cancelled run to finish…");
    case Phase::LoadingModel: return tr("Loading the model…");
    case Phase::Tokenizing: return tr("Tokenizing…");
    case Phase::Running: return tokens == 1 ? tr("Running the model on 1 token…") : tr("Running the model on %1 tokens…").arg(tokens);
    }
    return {};
}

void RouteRunner::route(const QString& modelDir, const QString& text)
{
    cancel();
    const int job = m_nextJob++;
    m_current = job;
    m_shared->current = job;
    if (m_shared->running) emit phaseChanged(Phase::Waiting, phaseText(Phase::Waiting));
    m_pool->start([this, job, modelDir, text] { runJob(job, modelDir, text); });
}

void RouteRunner::cancel()
{
    m_current = 0;
    m_shared->current = 0;
}

QString RouteRunner::cachedModelDir() const
{
    QMutexLocker lock(&m_shared->mutex);
    return m_shared->cachedDir;
}

int RouteRunner::modelLoads() const
{
    QMutexLocker lock(&m_shared->mutex);
    return m_shared->loads;
}

void RouteRunner::waitForIdle()
{
    m_pool->waitForDone();
}

// On the pool thread. `this` outlives the job: the destructor waits for the pool. Results travel to
// the GUI thread as queued calls that deliver only while the job is still the current one.
void RouteRunner::runJob(int job, const QString& modelDir, const QString& text)
{
    Shared& s = *m_shared;
    const auto live = [&s, job] { return s.current.load() == job; };
    if (!live()) return;
    s.running = true;
    const auto post = [this, job](auto deliver) {
        QMetaObject::invokeMethod(this, [this, job, deliver] {
            if (m_current == job) deliver();
        }, Qt::QueuedConnection);
    };
    const auto phase = [&](Phase p, qsizetype tokens = 0) {
        post([this, p, text = phaseText(p, tokens)] { emit phaseChanged(p, text); });
    };
    try {
        const QFileInfo folder(modelDir);
        if (!folder.isDir())
            throw Error("not a model folder (it does not exist or is not a folder)", {.file = QDir::toNativeSeparators(modelDir).toStdString()});
        const ModelFolderInfo info = inspectModelFolder(modelDir);
        if (!info.ok) throw Error(info.problem.toStdString());
        const QString dir = folder.canonicalFilePath();
        const QString signature = folderSignature(dir);
        if (!s.model || s.signature != signature) {
            phase(Phase::LoadingModel);
            {
                QMutexLocker lock(&s.mutex);
                s.cachedDir.clear();
                s.signature.clear();
            }
            // Free the old model first: two large checkpoints need not fit in memory together.
            s.model.reset();
            s.tokenizer.reset();
            const std::string path = QDir::toNativeSeparators(dir).toStdString();
            auto model = Model::load(path, at::kFloat);
            s.tokenizer.emplace(Tokenizer::fromDir(path));
            s.model = std::move(model);
            QMutexLocker lock(&s.mutex);
            s.signature = signature;
            s.cachedDir = dir;
            ++s.loads;
        }
        if (!live()) {
            s.running = false;
            return;
        }
        phase(Phase::Tokenizing);
        const TokenizedText tokens = tokenizeForRouting(*s.tokenizer, text.toStdString());
        if (!live()) {
            s.running = false;
            return;
        }
        phase(Phase::Running, qsizetype(tokens.ids.size()));
        auto trace = std::make_shared<Trace>(routeTokens(*s.model, tokens, QDir::toNativeSeparators(modelDir).toStdString()));
        post([this, trace] {
            m_current = 0;
            emit finished(*trace);
        });
    } catch (const std::exception& e) {
        post([this, message = errorText(e, modelDir)] {
            m_current = 0;
            emit failed(message);
        });
    }
    s.running = false;
}

}  // namespace moe
