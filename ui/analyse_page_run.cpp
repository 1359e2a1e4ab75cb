// AnalysePage: running the model on text (through RouteRunner), the model folder and text files,
// saving traces, the comparison, recent files, the expert palette and the remembered settings.

#include "ui/analyse_page.h"

#include "core/error.h"
#include "core/io/read_file.h"
#include "ui/analyse_compare.h"
#include "ui/analyse_filter_panel.h"
#include "ui/analyse_input_panel.h"
#include "ui/recent_files.h"
#include "ui/route_runner.h"
#include "widgets/elided_label.h"
#include "widgets/expert_weight_plot.h"
#include "widgets/token_view.h"

#include <QAction>
#include <QActionGroup>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QMenu>
#include <QMessageBox>
#include <QMetaMethod>
#include <QPlainTextEdit>
#include <QSettings>
#include <QSplitter>
#include <QTabWidget>

namespace moe {
namespace {

const char* const kSplitterKey = "analyse/splitter";
const char* const kMainSplitterKey = "analyse/mainSplitter";
const char* const kCompareSplitterKey = "analyse/compareSplitter";
const char* const kTabKey = "analyse/tab";
const char* const kPaletteKey = "analyse/palette";
const char* const kModelKey = "analyse/modelFolder";
const char* const kTextKey = "analyse/text";
const char* const kTextDirKey = "analyse/textDirectory";
const char* const kTraceDirKey = "analyse/traceDirectory";
const char* const kLastDirKey = "paths/lastDirectory";  // shared with the main window's open dialogs

// The text box is remembered up to this size; longer texts are better reopened from their file.
constexpr qsizetype kMaxRememberedText = 64 * 1024;

}  // namespace

void AnalysePage::createRunActions()
{
    m_saveAction = new QAction(tr("&Save Trace…"), this);
    m_saveAction->setObjectName(QStringLiteral("saveTraceAction"));
    m_saveAction->setStatusTip(tr("Save the shown routing trace (.safetensors) to reopen or share without the model"));
    connect(m_saveAction, &QAction::triggered, this, &AnalysePage::saveTraceInteractively);

    m_openTextAction = new QAction(tr("Open Te&xt File…"), this);
    m_openTextAction->setObjectName(QStringLiteral("openTextAction"));
    m_openTextAction->setStatusTip(tr("Load the text to route from a UTF-8 text file"));
    connect(m_openTextAction, &QAction::triggered, this, &AnalysePage::openTextFileInteractively);

    m_recentMenu = new QMenu(tr("Open &Recent"), this);
    m_recentMenu->setObjectName(QStringLiteral("recentMenu"));
    connect(m_recentMenu, &QMenu::aboutToShow, this, &AnalysePage::populateRecentMenu);

    m_compareMenu = new QMenu(tr("Co&mpare With"), this);
    m_compareMenu->setObjectName(QStringLiteral("compareMenu"));
    m_compareTraceAction = m_compareMenu->addAction(tr("&Trace File…"));
    m_compareTraceAction->setObjectName(QStringLiteral("compareTraceAction"));
    m_compareTraceAction->setStatusTip(tr("Show a second trace beside this one, under the same filters"));
    connect(m_compareTraceAction, &QAction::triggered, this, &AnalysePage::compareWithTraceInteractively);
    m_compareModelAction = m_compareMenu->addAction(tr("&Model Folder (Same Text)…"));
    m_compareModelAction->setObjectName(QStringLiteral("compareModelAction"));
    m_compareModelAction->setStatusTip(tr("Route this trace's text through a second model and show both"));
    connect(m_compareModelAction, &QAction::triggered, this, &AnalysePage::compareWithModelInteractively);
    m_compareMenu->addSeparator();
    m_closeCompareAction = m_compareMenu->addAction(tr("&Close Comparison"));
    m_closeCompareAction->setObjectName(QStringLiteral("closeCompareAction"));
    connect(m_closeCompareAction, &QAction::triggered, this, &AnalysePage::closeCompare);

    m_paletteMenu = new QMenu(tr("Expert &Colours"), this);
    m_paletteMenu->setObjectName(QStringLiteral("paletteMenu"));
    m_paletteGroup = new QActionGroup(this);
    m_paletteGroup->setExclusive(true);
    for (int i = 0; i < ExpertPalette::kSchemeCount; ++i) {
        const auto scheme = static_cast<ExpertPalette::Scheme>(i);
        QAction* a = m_paletteMenu->addAction(ExpertPalette::schemeName(scheme));
        a->setCheckable(true);
        a->setData(i);
        m_paletteGroup->addAction(a);
        connect(a, &QAction::triggered, this, [this, scheme] { setPaletteScheme(scheme); });
    }
}

void AnalysePage::restoreSettings()
{
    QSettings settings;
    m_splitter->restoreState(settings.value(kSplitterKey).toByteArray());
    m_mainSplitter->restoreState(settings.value(kMainSplitterKey).toByteArray());
    m_compareSplitter->restoreState(settings.value(kCompareSplitterKey).toByteArray());
    m_tabs->setCurrentIndex(std::clamp(settings.value(kTabKey, 0).toInt(), 0, m_tabs->count() - 1));
    // Saved as they change, not only on a clean exit.
    const std::pair<QSplitter*, const char*> splitters[] = {
        {m_splitter, kSplitterKey}, {m_mainSplitter, kMainSplitterKey}, {m_compareSplitter, kCompareSplitterKey}};
    for (const auto& [splitter, key] : splitters)
        connect(splitter, &QSplitter::splitterMoved, this, [splitter, key] { QSettings().setValue(key, splitter->saveState()); });
    connect(m_tabs, &QTabWidget::currentChanged, this, [](int index) { QSettings().setValue(kTabKey, index); });

    const int scheme = std::clamp(settings.value(kPaletteKey, 0).toInt(), 0, ExpertPalette::kSchemeCount - 1);
    m_scheme = static_cast<ExpertPalette::Scheme>(scheme);
    m_paletteGroup->actions().at(scheme)->setChecked(true);
    const QString model = settings.value(kModelKey).toString();
    if (!model.isEmpty() && QFileInfo(model).isDir()) setModelFolder(model);
    m_input->setText(settings.value(kTextKey).toString());
}

void AnalysePage::saveSession() const
{
    QSettings settings;
    const QString text = m_input->text();
    if (text.size() <= kMaxRememberedText) settings.setValue(kTextKey, text);
    settings.setValue(kSplitterKey, m_splitter->saveState());
    settings.setValue(kMainSplitterKey, m_mainSplitter->saveState());
    if (m_compare->isVisible()) settings.setValue(kCompareSplitterKey, m_compareSplitter->saveState());
}

QString AnalysePage::dialogDirectory(const char* key) const
{
    QSettings settings;
    for (const char* k : {key, kLastDirKey}) {
        const QString dir = settings.value(k).toString();
        if (!dir.isEmpty() && QFileInfo(dir).isDir()) return dir;
    }
    return QDir::homePath();
}

void AnalysePage::updateActions()
{
    const bool trace = hasTrace();
    m_saveAction->setEnabled(trace);
    m_exportMenu->setEnabled(trace);
    m_copyAction->setEnabled(trace);
    m_compareTraceAction->setEnabled(trace);
    m_compareModelAction->setEnabled(trace);
    m_closeCompareAction->setEnabled(isComparing());
}

// ---- Model folder, text, routing ----

void AnalysePage::setModelFolder(const QString& dir)
{
    const QString clean = dir.isEmpty() ? QString() : QDir::cleanPath(QFileInfo(dir).absoluteFilePath());
    const ModelFolderInfo info = clean.isEmpty() ? ModelFolderInfo{} : inspectModelFolder(clean);
    m_input->setModelFolder(clean, info.summary, info.problem);
    m_input->setError({});
    if (QFileInfo(clean).isDir()) {
        m_recentModels->add(clean);
        QSettings().setValue(kModelKey, clean);
    }
}

QString AnalysePage::modelFolder() const
{
    return m_input->modelFolder();
}

void AnalysePage::setText(const QString& text)
{
    m_input->setText(text);
}

QString AnalysePage::text() const
{
    return m_input->text();
}

bool AnalysePage::loadTextFile(const QString& path, QString* error)
{
    // The core reads it as `moe route --text-file` does: a regular file of UTF-8 text without NUL bytes,
    // at most kMaxRouteTextBytes (a FIFO is refused, not waited on), with the same messages.
    std::string bytes;
    try {
        bytes = readTextFile(QDir::toNativeSeparators(path).toStdString(), kMaxRouteTextBytes);
    } catch (const Error& e) {
        if (error) *error = QString::fromStdString(e.what());
        return false;
    }
    m_input->setText(QString::fromStdString(bytes));
    m_input->setError({});
    m_recentTexts->add(path);
    QSettings().setValue(kTextDirKey, QFileInfo(path).absolutePath());
    return true;
}

bool AnalysePage::route()
{
    const QString dir = m_input->modelFolder(), text = m_input->text();
    if (dir.isEmpty() || text.trimmed().isEmpty()) {
        m_input->setError(dir.isEmpty() ? tr("Choose a model folder first") : tr("Type or open a text to route first"));
        return false;
    }
    saveSession();
    startRoute(dir, text, RouteTarget::Primary);
    return true;
}

void AnalysePage::startRoute(const QString& dir, const QString& text, RouteTarget target)
{
    m_routeTarget = target;
    m_input->setBusy(true, tr("Starting…"));
    m_runner->route(dir, text);
}

void AnalysePage::cancelRoute()
{
    if (!m_runner->isBusy()) return;
    m_runner->cancel();
    m_input->setBusy(false);
    emit statusMessage(tr("Routing cancelled; a forward pass already under way finishes in the background"));
}

bool AnalysePage::isRouting() const
{
    return m_runner->isBusy();
}

void AnalysePage::onRouted(const Trace& trace)
{
    m_input->setBusy(false);
    if (m_routeTarget == RouteTarget::Compare) {
        setCompareDocument(TraceDocument(trace), tr("%1 (routed)").arg(QFileInfo(m_compareModel).fileName()));
    } else {
        setDocument(TraceDocument(trace));
        emit statusMessage(tr("Routed %1 through %2").arg(trace.numTokens() == 1 ? tr("1 token") : tr("%1 tokens").arg(trace.numTokens()))
                               .arg(QDir::toNativeSeparators(QString::fromStdString(trace.model))));
    }
    emit traceRouted();
}

void AnalysePage::onRouteFailed(const QString& message)
{
    m_input->setBusy(false);
    m_input->setError(message);
    emit statusMessage(tr("Routing failed"));
}

void AnalysePage::chooseModelFolder()
{
    const QString start = modelFolder().isEmpty() ? dialogDirectory(kModelKey) : QFileInfo(modelFolder()).absolutePath();
    const QString dir = QFileDialog::getExistingDirectory(this, tr("Choose Model Folder"), start);
    if (dir.isEmpty()) return;
    setModelFolder(dir);
    QSettings().setValue(kLastDirKey, QFileInfo(dir).absolutePath());
}

void AnalysePage::openTextFileInteractively()
{
    const QString path = QFileDialog::getOpenFileName(this, tr("Open Text File"), dialogDirectory(kTextDirKey),
                                                      tr("Text files (*.txt *.md *.text);;All files (*)"));
    if (path.isEmpty()) return;
    QString error;
    if (!loadTextFile(path, &error)) QMessageBox::warning(this, tr("Open Text File"), error);
}

// ---- Saving ----

bool AnalysePage::saveTrace(const QString& path, QString* error)
{
    if (!hasTrace()) {
        if (error) *error = tr("no trace is shown");
        return false;
    }
    try {
        writeTrace(QDir::toNativeSeparators(path).toStdString(), m_doc->trace());
    } catch (const std::exception& e) {
        if (error) *error = dynamic_cast<const Error*>(&e) ? QString::fromStdString(e.what())
                                                             : QStringLiteral("%1: %2").arg(path, QString::fromLocal8Bit(e.what()));
        return false;
    }
    m_doc->setPath(QDir::toNativeSeparators(path).toStdString());
    m_title->setText(QFileInfo(path).fileName());
    m_recentTraces->add(path);
    emit traceOpened(path);
    return true;
}

void AnalysePage::saveTraceInteractively()
{
    if (!hasTrace()) return;
    QString suggested = tracePath();
    if (suggested.isEmpty()) {
        const QString model = QFileInfo(QString::fromStdString(m_doc->trace().model)).fileName();
        suggested = QDir(dialogDirectory(kTraceDirKey)).filePath((model.isEmpty() ? QStringLiteral("routing") : model) + QStringLiteral("-trace.safetensors"));
    }
    QString path = QFileDialog::getSaveFileName(this, tr("Save Trace"), suggested, tr("Routing traces (*.safetensors)"));
    if (path.isEmpty()) return;
    if (QFileInfo(path).suffix().isEmpty()) path += QStringLiteral(".safetensors");
    QSettings().setValue(kTraceDirKey, QFileInfo(path).absolutePath());
    QString error;
    if (!saveTrace(path, &error))
        QMessageBox::warning(this, tr("Save Trace"), error);
    else
        emit statusMessage(tr("Saved %1").arg(QDir::toNativeSeparators(path)));
}

// ---- Comparison ----

bool AnalysePage::openCompareTrace(const QString& path, QString* error)
{
    try {
        TraceDocument doc = TraceDocument::open(QDir::toNativeSeparators(path).toStdString());
        setCompareDocument(std::move(doc), QFileInfo(path).fileName());
    } catch (const std::exception& e) {
        if (error) *error = dynamic_cast<const Error*>(&e) ? QString::fromStdString(e.what())
                                                             : QStringLiteral("%1: %2").arg(path, QString::fromLocal8Bit(e.what()));
        return false;
    }
    m_recentTraces->add(path);
    return true;
}

void AnalysePage::setCompareDocument(TraceDocument document, const QString& title)
{
    if (!hasTrace()) {  // nothing to compare with yet: it becomes the trace
        setDocument(std::move(document));
        return;
    }
    const auto colors = ExpertPalette::colors(int(document.trace().numExperts()), m_scheme);
    m_compare->setDocument(std::move(document), title, colors, m_doc->selectedBlocks(), m_doc->selectedProjections());
    m_compare->setVisible(true);
    // Never reappear squeezed to nothing: split evenly unless the user's split is usable.
    const QList<int> sizes = m_compareSplitter->sizes();
    if (sizes.value(1) < 150 || sizes.value(0) < 150)
        m_compareSplitter->setSizes({m_compareSplitter->width() / 2, m_compareSplitter->width() / 2});
    updateActions();
}

bool AnalysePage::compareWithModel(const QString& dir)
{
    // The same text as the shown trace; a trace made from ids alone has none, then the text box's.
    QString text = hasTrace() ? QString::fromStdString(m_doc->trace().text) : QString();
    if (text.trimmed().isEmpty()) text = m_input->text();
    if (!hasTrace() || text.trimmed().isEmpty()) {
        m_input->setError(tr("Open or route a trace with a text first; then compare it with a second model"));
        return false;
    }
    m_compareModel = QDir::cleanPath(QFileInfo(dir).absoluteFilePath());
    m_recentModels->add(m_compareModel);
    startRoute(m_compareModel, text, RouteTarget::Compare);
    return true;
}

void AnalysePage::closeCompare()
{
    m_compare->clear();
    m_compare->setVisible(false);
    updateActions();
}

bool AnalysePage::isComparing() const
{
    return m_compare->hasTrace();
}

void AnalysePage::compareWithTraceInteractively()
{
    const QString path = QFileDialog::getOpenFileName(this, tr("Compare With Trace"), dialogDirectory(kTraceDirKey),
                                                      tr("Routing traces (*.safetensors);;All files (*)"));
    if (path.isEmpty()) return;
    QString error;
    if (!openCompareTrace(path, &error)) QMessageBox::warning(this, tr("Compare With Trace"), error);
}

void AnalysePage::compareWithModelInteractively()
{
    const QString dir = QFileDialog::getExistingDirectory(this, tr("Compare With Model Folder"), dialogDirectory(kModelKey));
    if (!dir.isEmpty()) compareWithModel(dir);
}

// ---- Recent files ----

QStringList AnalysePage::recentTraces() const { return m_recentTraces->paths(); }
QStringList AnalysePage::recentModelFolders() const { return m_recentModels->paths(); }
QStringList AnalysePage::recentTextFiles() const { return m_recentTexts->paths(); }

void AnalysePage::populateRecentMenu()
{
    m_recentMenu->clear();
    bool any = false;
    const auto section = [&](const QString& title, const QStringList& paths, auto open) {
        if (paths.isEmpty()) return;
        m_recentMenu->addSection(title);
        for (const QString& path : paths) {
            QAction* a = m_recentMenu->addAction(QFileInfo(path).fileName());
            a->setToolTip(QDir::toNativeSeparators(path));
            a->setStatusTip(QDir::toNativeSeparators(path));
            a->setData(path);
            connect(a, &QAction::triggered, this, [open, path] { open(path); });
        }
        any = true;
    };
    section(tr("Traces"), recentTraces(), [this](const QString& p) { openRecent(p, true); });
    section(tr("Model folders"), recentModelFolders(), [this](const QString& p) { openRecent(p, false); });
    section(tr("Text files"), recentTextFiles(), [this](const QString& p) {
        QString error;
        if (!loadTextFile(p, &error)) emit statusMessage(error);
    });
    if (!any) m_recentMenu->addAction(tr("No recent files"))->setEnabled(false);
    m_recentMenu->addSeparator();
    QAction* clear = m_recentMenu->addAction(tr("&Clear Recent Files"));
    clear->setEnabled(any);
    connect(clear, &QAction::triggered, this, [this] {
        for (RecentFiles* r : {m_recentTraces.get(), m_recentModels.get(), m_recentTexts.get()}) r->clear();
    });
}

void AnalysePage::openRecent(const QString& path, bool isTrace)
{
    // The main window opens traces and folders itself (status bar, title); a bare page does it here.
    if (isSignalConnected(QMetaMethod::fromSignal(&AnalysePage::openPathRequested))) {
        emit openPathRequested(path);
        return;
    }
    QString error;
    if (!isTrace) setModelFolder(path);
    else if (!openTrace(path, &error)) emit statusMessage(error);
}

// ---- Palette ----

void AnalysePage::setPaletteScheme(ExpertPalette::Scheme scheme)
{
    m_scheme = scheme;
    QSettings().setValue(kPaletteKey, int(scheme));
    if (QAction* a = m_paletteGroup->actions().value(int(scheme))) a->setChecked(true);
    if (m_doc) {
        QStringList names;
        for (const auto& s : m_doc->expertLabels()) names << QString::fromStdString(s);
        const QList<QColor> colors = expertColors();
        m_filters->setColors(colors);
        m_tokens->setExperts(names, colors);
        m_weights->setExperts(names, colors);
        updateViews();
    }
    if (const TraceDocument* other = m_compare->document())
        m_compare->setColors(ExpertPalette::colors(int(other->trace().numExperts()), scheme));
}

}  // namespace moe
