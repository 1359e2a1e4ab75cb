#include "ui/demo_launcher.h"

#include <QDir>
#include <QFileInfo>
#include <QMutexLocker>
#include <QProgressDialog>
#include <QStandardPaths>
#include <QThread>

#include <exception>

namespace moe {
namespace {

constexpr int kPollMs = 200;
constexpr std::uint64_t kSeed = 1;

// Rough share of the total time of each phase (measured at full scale): overall progress and ETA.
constexpr double kPhaseWeight[] = {1, 12, 8, 8, 8, 1, 12, 3};

QString clock(double seconds) {
    const int s = static_cast<int>(seconds + 0.5);
    return QStringLiteral("%1:%2").arg(s / 60).arg(s % 60, 2, 10, QLatin1Char('0'));
}

double overallFraction(const demo::DemoProgress& p) {
    double total = 0, done = 0;
    for (int i = 0; i < static_cast<int>(std::size(kPhaseWeight)); ++i) {
        total += kPhaseWeight[i];
        if (i + 1 < p.phase) done += kPhaseWeight[i];
        else if (i + 1 == p.phase) done += kPhaseWeight[i] * p.fraction;
    }
    return done / total;
}

}  // namespace

DemoLauncher::DemoLauncher(QWidget* window, QObject* parent) : QObject(parent), m_window(window), m_dir(defaultDir())
{
    m_poll.setInterval(kPollMs);
    connect(&m_poll, &QTimer::timeout, this, &DemoLauncher::showProgress);
}

DemoLauncher::~DemoLauncher()
{
    if (m_thread) {
        m_cancel = true;
        m_thread->wait();  // the trainer polls the flag between steps: well under a second
        delete m_thread;
    }
}

QString DemoLauncher::defaultDir()
{
    return QStandardPaths::writableLocation(QStandardPaths::AppLocalDataLocation) + QStringLiteral("/demo");
}

bool DemoLauncher::start()
{
    if (m_thread)
        return false;
    const auto dir = QDir::toNativeSeparators(m_dir).toStdString();
    if (demo::isDemoCurrent(dir, kSeed, m_scale.name)) {
        emit ready(m_dir);
        return true;
    }
    QDir().mkpath(QFileInfo(m_dir).absolutePath());
    m_cancel = false;
    {
        QMutexLocker lock(&m_mutex);
        m_progress = {};
        m_error.clear();
        m_done = false;
    }
    m_dialog = new QProgressDialog(tr("Building the built-in demo…"), tr("Cancel"), 0, 1000, m_window);
    m_dialog->setWindowTitle(tr("MoE Studio demo"));
    m_dialog->setWindowModality(Qt::WindowModal);
    m_dialog->setMinimumDuration(0);
    m_dialog->setAutoClose(false);
    m_dialog->setAutoReset(false);
    m_dialog->setMinimumWidth(460);
    connect(m_dialog, &QProgressDialog::canceled, this, &DemoLauncher::cancel);

    demo::DemoRequest req;
    req.outDir = dir;
    req.force = true;  // an outdated demo (another version or scale) is replaced
    req.seed = kSeed;
    req.scale = m_scale;
    req.isCancelled = [this] { return m_cancel.load(); };
    req.onProgress = [this](const demo::DemoProgress& p) {
        QMutexLocker lock(&m_mutex);
        m_progress = p;
    };
    m_thread = QThread::create([this, req] {
        try {
            demo::runDemo(req);
            QMutexLocker lock(&m_mutex);
            m_done = true;
        } catch (const std::exception& e) {
            QMutexLocker lock(&m_mutex);
            m_error = QString::fromStdString(e.what());
        }
    });
    connect(m_thread, &QThread::finished, this, &DemoLauncher::finish);
    m_clock.start();
    m_thread->start();
    m_poll.start();
    showProgress();
    return true;
}

void DemoLauncher::cancel()
{
    if (m_thread)
        m_cancel = true;
}

QString DemoLauncher::progressText() const
{
    demo::DemoProgress p;
    {
        QMutexLocker lock(&m_mutex);
        p = m_progress;
    }
    if (p.phase == 0)
        return tr("Starting…");
    const double f = overallFraction(p), elapsed = m_clock.isValid() ? double(m_clock.elapsed()) / 1000.0 : 0;
    QString text = QStringLiteral("[%1/%2] %3\n%4 % · %5 elapsed")
                       .arg(p.phase)
                       .arg(p.phases)
                       .arg(QString::fromStdString(p.label))
                       .arg(static_cast<int>(100 * f))
                       .arg(clock(elapsed));
    if (f > 0.02)
        text += tr(" · about %1 left").arg(clock(elapsed * (1 - f) / f));
    return text;
}

void DemoLauncher::showProgress()
{
    if (!m_dialog)
        return;
    demo::DemoProgress p;
    {
        QMutexLocker lock(&m_mutex);
        p = m_progress;
    }
    m_dialog->setLabelText(tr("Training three tiny experts (Arabic, English, C++), composing them with BTX and "
                              "training the routers.\n\n") +
                           (m_cancel ? tr("Cancelling…") : progressText()));
    m_dialog->setValue(static_cast<int>(1000 * overallFraction(p)));
}

void DemoLauncher::finish()
{
    m_poll.stop();
    m_thread->deleteLater();
    m_thread = nullptr;
    if (m_dialog) {
        m_dialog->hide();
        m_dialog->deleteLater();
    }
    bool done = false;
    QString error;
    {
        QMutexLocker lock(&m_mutex);
        done = m_done;
        error = m_error;
    }
    if (done) {
        ++m_builds;
        emit ready(m_dir);
    } else if (m_cancel.load()) {
        emit cancelled();
    } else {
        emit failed(error);
    }
}

}  // namespace moe
