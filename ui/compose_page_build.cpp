// The Compose page's output settings and build: the Build button (enabled only for a valid config),
// progress with tensors / bytes / ETA, Cancel, and the summary with "Open in Analyse".

#include "ui/compose_build.h"
#include "ui/compose_document.h"
#include "ui/compose_json_view.h"
#include "ui/compose_page.h"

#include <QComboBox>
#include <QDir>
#include <QFileDialog>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QMessageBox>
#include <QProgressBar>
#include <QPushButton>
#include <QSignalBlocker>
#include <QStandardItemModel>
#include <QVBoxLayout>

#include <algorithm>

namespace moe {

namespace {

constexpr int kBarResolution = 1000;

QString duration(double seconds)
{
    const qint64 s = qint64(seconds + 0.5);
    return s >= 3600 ? QStringLiteral("%1:%2:%3").arg(s / 3600).arg(s / 60 % 60, 2, 10, QLatin1Char('0')).arg(s % 60, 2, 10, QLatin1Char('0'))
                     : QStringLiteral("%1:%2").arg(s / 60).arg(s % 60, 2, 10, QLatin1Char('0'));
}

}  // namespace

QWidget* ComposePage::createOutputGroup()
{
    auto* box = new QGroupBox(tr("Output"));
    m_output = new QLineEdit;
    m_output->setObjectName(QStringLiteral("outputEdit"));
    m_output->setPlaceholderText(tr("folder to write the composed model to"));
    connect(m_output, &QLineEdit::textEdited, m_doc, &ComposeDocument::setOutputDir);
    auto* browse = new QPushButton(tr("Browse…"));
    browse->setObjectName(QStringLiteral("browseOutputButton"));
    connect(browse, &QPushButton::clicked, this, &ComposePage::chooseOutputFolder);

    m_dtype = new QComboBox;
    m_dtype->setObjectName(QStringLiteral("dtypeCombo"));
    m_dtype->addItem(tr("Same as the experts"), QString());
    for (const char* d : {"bfloat16", "float16", "float32"})
        m_dtype->addItem(QLatin1String(d), QLatin1String(d));
    connect(m_dtype, &QComboBox::activated, this, [this](int i) { m_doc->setDtype(m_dtype->itemData(i).toString()); });

    m_format = new QComboBox;
    m_format->setObjectName(QStringLiteral("formatCombo"));
    m_format->addItem(tr("mixturekit (transformers with trust_remote_code)"), QStringLiteral("mixturekit"));
    m_format->addItem(tr("native (mixtral / qwen MoE: vLLM, llama.cpp)"), QStringLiteral("native"));
    connect(m_format, &QComboBox::activated, this,
            [this](int i) { m_doc->setFormat(m_format->itemData(i).toString()); });

    auto* folder = new QHBoxLayout;
    folder->addWidget(new QLabel(tr("Folder:")));
    folder->addWidget(m_output, 1);
    folder->addWidget(browse);
    auto* options = new QHBoxLayout;
    options->addWidget(new QLabel(tr("dtype:")));
    options->addWidget(m_dtype);
    options->addSpacing(12);
    options->addWidget(new QLabel(tr("Format:")));
    options->addWidget(m_format);
    options->addStretch(1);
    auto* layout = new QVBoxLayout(box);
    layout->addLayout(folder);
    layout->addLayout(options);
    return box;
}

QWidget* ComposePage::createBuildBar()
{
    auto* bar = new QWidget;
    bar->setObjectName(QStringLiteral("buildBar"));
    m_buildButton = new QPushButton(tr("Build"));
    m_buildButton->setObjectName(QStringLiteral("buildButton"));
    m_buildButton->setDefault(true);
    connect(m_buildButton, &QPushButton::clicked, this, &ComposePage::startBuild);
    m_progress = new QProgressBar;
    m_progress->setObjectName(QStringLiteral("buildProgress"));
    m_progress->setRange(0, kBarResolution);
    m_progress->setValue(0);
    m_progressText = new QLabel;
    m_progressText->setObjectName(QStringLiteral("buildProgressText"));
    m_cancelButton = new QPushButton(tr("Cancel"));
    m_cancelButton->setObjectName(QStringLiteral("cancelBuildButton"));
    m_cancelButton->setEnabled(false);
    connect(m_cancelButton, &QPushButton::clicked, this, &ComposePage::cancelBuild);
    m_summary = new QLabel;
    m_summary->setObjectName(QStringLiteral("buildSummary"));
    m_summary->setWordWrap(true);
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_openInAnalyse = new QPushButton(tr("Open in Analyse"));
    m_openInAnalyse->setObjectName(QStringLiteral("openInAnalyseButton"));
    m_openInAnalyse->setVisible(false);
    connect(m_openInAnalyse, &QPushButton::clicked, this, [this] { emit openInAnalyseRequested(m_builtDir); });

    auto* row = new QHBoxLayout;
    row->addWidget(m_buildButton);
    row->addWidget(m_progress, 1);
    row->addWidget(m_progressText);
    row->addWidget(m_cancelButton);
    auto* summary = new QHBoxLayout;
    summary->addWidget(m_summary, 1);
    summary->addWidget(m_openInAnalyse, 0, Qt::AlignTop);
    auto* layout = new QVBoxLayout(bar);
    layout->addLayout(row);
    layout->addLayout(summary);

    connect(m_build, &ComposeBuild::progressChanged, this, &ComposePage::showBuildProgress);
    connect(m_build, &ComposeBuild::succeeded, this, &ComposePage::buildSucceeded);
    connect(m_build, &ComposeBuild::failed, this,
            [this](const QString& message) { buildEnded(tr("Build failed: %1").arg(message), true); });
    connect(m_build, &ComposeBuild::cancelled, this,
            [this] { buildEnded(tr("Build cancelled: nothing was written."), false); });
    connect(m_build, &ComposeBuild::finished, this, &ComposePage::updateBuildButton);
    return bar;
}

void ComposePage::refreshOutput()
{
    const ComposeState& state = m_doc->state();
    if (m_output->text() != state.outputDir)
        m_output->setText(state.outputDir);
    m_dtype->setCurrentIndex(std::max(0, m_dtype->findData(QString::fromStdString(m_doc->config().dtype))));
    m_format->setCurrentIndex(std::max(0, m_format->findData(state.format)));
    // "native where possible": the item is disabled unless this method and architecture have a native
    // MoE class (a loaded choice that is not possible stays selected and is reported as a problem).
    if (auto* model = qobject_cast<QStandardItemModel*>(m_format->model()))
        model->item(1)->setEnabled(m_doc->nativePossible());
}

void ComposePage::chooseOutputFolder()
{
    const QString start = m_output->text().isEmpty() ? QDir::homePath() : QFileInfo(m_output->text()).absolutePath();
    const QString dir = QFileDialog::getSaveFileName(this, tr("Output Folder"), start, QString(), nullptr,
                                                     QFileDialog::ShowDirsOnly | QFileDialog::DontConfirmOverwrite);
    if (!dir.isEmpty())
        m_doc->setOutputDir(dir);
}

void ComposePage::startBuild()
{
    m_json->applyPending();
    if (m_build->isRunning() || !m_doc->isValid())
        return;
    const QString out = m_doc->state().outputDir;
    const QDir dir(out);
    bool force = false;
    if (dir.exists() && !dir.isEmpty(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden | QDir::System)) {
        QMessageBox box(QMessageBox::Warning, tr("Replace Folder?"),
                        tr("%1 is not empty. Replace its contents with the composed model?\nThe old contents are "
                           "removed only once the new model is complete.")
                            .arg(QDir::toNativeSeparators(out)),
                        QMessageBox::Yes | QMessageBox::Cancel, this);
        box.setObjectName(QStringLiteral("replaceOutputBox"));
        if (box.exec() != QMessageBox::Yes)
            return;
        force = true;
    }
    m_summary->clear();
    m_openInAnalyse->setVisible(false);
    m_progress->setValue(0);
    m_progressText->setText(tr("Starting…"));
    m_build->start(m_doc->config(), out, force, m_doc->state().format == QLatin1String("native"));
    updateBuildButton();
    emit statusMessage(tr("Building %1…").arg(QDir::toNativeSeparators(out)));
}

void ComposePage::cancelBuild()
{
    m_build->cancel();
    m_progressText->setText(tr("Cancelling…"));
    updateBuildButton();
}

void ComposePage::showBuildProgress(const ComposeBuildProgress& p)
{
    if (!p.message.isEmpty() && p.tensorsDone == 0) {  // e.g. gate_init running the prompts
        m_progress->setRange(0, 0);
        m_progressText->setText(p.message);
        return;
    }
    m_progress->setRange(0, kBarResolution);
    m_progress->setValue(p.bytesTotal > 0 ? int(double(p.bytesDone) / double(p.bytesTotal) * kBarResolution) : 0);
    const QLocale locale;
    QString text = tr("%1 / %2 tensors · %3 / %4")
                       .arg(p.tensorsDone)
                       .arg(p.tensorsTotal)
                       .arg(locale.formattedDataSize(p.bytesDone), locale.formattedDataSize(p.bytesTotal));
    if (p.etaSeconds >= 0 && p.bytesDone < p.bytesTotal)
        text += tr(" · ETA %1").arg(duration(p.etaSeconds));
    if (m_build->isCancelRequested() && m_build->isRunning())
        text = tr("Cancelling… ") + text;
    m_progressText->setText(text);
    m_progressText->setToolTip(p.current);
}

void ComposePage::buildSucceeded(const ComposeSummary& s)
{
    m_builtDir = m_build->outDir();
    const QLocale locale;
    QString text = tr("Wrote %1 in %2: %n file(s).", nullptr, int(s.files.size()))
                       .arg(QDir::toNativeSeparators(m_builtDir), duration(m_build->progress().elapsedSeconds));
    text += QLatin1Char(' ') + tr("Parameters: %1 total, %2 active per token.")
                                   .arg(locale.toString(qlonglong(s.totalParams)), locale.toString(qlonglong(s.activeParams)));
    text += QLatin1Char(' ') + tr("Tensors: %1 averaged, %2 expert, %3 router, %4 stitch.")
                                   .arg(s.averaged)
                                   .arg(s.expertTensors)
                                   .arg(s.routers)
                                   .arg(s.stitches);
    if (!s.padded.empty())
        text += QLatin1Char(' ') + tr("%n tensor(s) zero-padded (vocabularies differ).", nullptr, int(s.padded.size()));
    QStringList files;
    for (const auto& f : s.files)
        files << QString::fromStdString(f);
    m_summary->setText(text);
    m_summary->setStyleSheet(QString());
    m_summary->setToolTip(files.join(QLatin1Char('\n')));
    m_openInAnalyse->setVisible(true);
    m_progress->setRange(0, kBarResolution);
    m_progress->setValue(kBarResolution);
    m_progressText->setText(tr("Done"));
    emit statusMessage(tr("Built %1").arg(QDir::toNativeSeparators(m_builtDir)));
    m_doc->checkNow();  // the output folder is no longer empty: its warning changes
}

void ComposePage::buildEnded(const QString& text, bool error)
{
    m_summary->setText(text);
    m_summary->setToolTip(QString());
    m_summary->setStyleSheet(error ? QStringLiteral("color: palette(link);") : QString());
    m_progress->setRange(0, kBarResolution);
    m_progress->setValue(0);
    m_progressText->setText(error ? tr("Failed") : tr("Cancelled"));
    emit statusMessage(text);
}

}  // namespace moe
