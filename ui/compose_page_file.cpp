// The Compose page's files: new / open / save / save as, recent configs (QSettings) and the
// "save changes?" question the main window asks before closing.

#include "ui/compose_build.h"
#include "ui/compose_document.h"
#include "ui/compose_page.h"

#include <QAction>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QMenu>
#include <QMessageBox>
#include <QSettings>
#include <QToolBar>
#include <QToolButton>
#include <QUndoStack>

namespace moe {

namespace {

const char* const kRecentKey = "compose/recentConfigs";
const char* const kConfigDirKey = "compose/lastConfigDirectory";
constexpr int kMaxRecent = 8;

QString configFilter()
{
    return ComposePage::tr("Composition configs (*.json);;mergekit-moe configs (*.yaml *.yml);;All files (*)");
}

}  // namespace

QToolBar* ComposePage::createFileToolBar()
{
    auto* bar = new QToolBar(tr("Compose"));
    bar->setObjectName(QStringLiteral("composeToolBar"));
    bar->setToolButtonStyle(Qt::ToolButtonTextOnly);
    const auto add = [&](const QString& text, const char* name, auto slot) {
        QAction* action = bar->addAction(text);
        action->setObjectName(QLatin1String(name));
        connect(action, &QAction::triggered, this, slot);
        return action;
    };
    add(tr("New Config"), "composeNewAction", &ComposePage::newConfig);
    add(tr("Open Config…"), "composeOpenAction", &ComposePage::openConfigInteractively);
    m_recentMenu = new QMenu(tr("Open Recent"), this);
    m_recentMenu->setObjectName(QStringLiteral("composeRecentMenu"));
    connect(m_recentMenu, &QMenu::aboutToShow, this, &ComposePage::fillRecentMenu);
    auto* recent = new QToolButton;
    recent->setText(tr("Recent"));
    recent->setMenu(m_recentMenu);
    recent->setPopupMode(QToolButton::InstantPopup);
    bar->addWidget(recent);
    QAction* save = add(tr("Save"), "composeSaveAction", &ComposePage::saveConfig);
    save->setShortcut(QKeySequence::Save);
    save->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    addAction(save);
    add(tr("Save As…"), "composeSaveAsAction", &ComposePage::saveConfigAs);
    bar->addSeparator();
    bar->addAction(m_undoAction);
    bar->addAction(m_redoAction);
    return bar;
}

QString ComposePage::titleText() const
{
    return m_doc->displayName() + QStringLiteral("[*]");
}

void ComposePage::newConfig()
{
    if (maybeSave())
        m_doc->newConfig();
}

bool ComposePage::openConfig(const QString& path, QString* error)
{
    QString message;
    if (!m_doc->load(path, &message)) {
        if (error)
            *error = message;
        emit statusMessage(message);
        return false;
    }
    addRecent(m_doc->fileName());
    emit statusMessage(tr("Opened %1").arg(QDir::toNativeSeparators(m_doc->fileName())));
    return true;
}

void ComposePage::openConfigInteractively()
{
    if (!maybeSave())
        return;
    QSettings settings;
    const QString path = QFileDialog::getOpenFileName(this, tr("Open Composition Config"),
                                                      settings.value(kConfigDirKey, QDir::homePath()).toString(),
                                                      configFilter());
    if (path.isEmpty())
        return;
    settings.setValue(kConfigDirKey, QFileInfo(path).absolutePath());
    QString error;
    if (!openConfig(path, &error))
        QMessageBox::warning(this, tr("Cannot Open Config"), error);
}

bool ComposePage::saveConfigTo(const QString& path, QString* error)
{
    QString message;
    if (!m_doc->save(path, &message)) {
        if (error)
            *error = message;
        return false;
    }
    addRecent(m_doc->fileName());
    emit statusMessage(tr("Saved %1").arg(QDir::toNativeSeparators(m_doc->fileName())));
    return true;
}

bool ComposePage::saveConfig()
{
    if (m_doc->fileName().isEmpty())
        return saveConfigAs();
    QString error;
    if (saveConfigTo(m_doc->fileName(), &error))
        return true;
    QMessageBox::warning(this, tr("Cannot Save Config"), error);
    return false;
}

bool ComposePage::saveConfigAs()
{
    QSettings settings;
    const QString start = m_doc->fileName().isEmpty()
                              ? settings.value(kConfigDirKey, QDir::homePath()).toString() + QStringLiteral("/moe.json")
                              : m_doc->fileName();
    QString path = QFileDialog::getSaveFileName(this, tr("Save Composition Config"), start, configFilter());
    if (path.isEmpty())
        return false;
    if (QFileInfo(path).suffix().isEmpty())
        path += QStringLiteral(".json");
    settings.setValue(kConfigDirKey, QFileInfo(path).absolutePath());
    QString error;
    if (saveConfigTo(path, &error))
        return true;
    QMessageBox::warning(this, tr("Cannot Save Config"), error);
    return false;
}

bool ComposePage::maybeSave()
{
    if (m_doc->isModified()) {
        QMessageBox box(QMessageBox::Warning, tr("Save Changes?"),
                        tr("The composition config \"%1\" has changes that are not saved.").arg(m_doc->displayName()),
                        QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel, this);
        box.setObjectName(QStringLiteral("saveChangesBox"));
        box.setInformativeText(tr("Save them before closing it?"));
        box.setDefaultButton(QMessageBox::Save);
        const int answer = box.exec();
        if (answer == QMessageBox::Cancel || (answer == QMessageBox::Save && !saveConfig()))
            return false;
    }
    return true;
}

bool ComposePage::confirmClose()
{
    if (!maybeSave())
        return false;
    if (m_build->isRunning()) {
        QMessageBox box(QMessageBox::Question, tr("Stop the Build?"),
                        tr("A model is being built. Stop it? Nothing of it will be kept."),
                        QMessageBox::Yes | QMessageBox::Cancel, this);
        box.setObjectName(QStringLiteral("stopBuildBox"));
        if (box.exec() != QMessageBox::Yes)
            return false;
        m_build->cancel();
    }
    return true;
}

QStringList ComposePage::recentConfigs() const
{
    return QSettings().value(kRecentKey).toStringList();
}

void ComposePage::addRecent(const QString& path)
{
    QStringList list = recentConfigs();
    list.removeAll(path);
    list.prepend(path);
    while (list.size() > kMaxRecent)
        list.removeLast();
    QSettings().setValue(kRecentKey, list);
}

void ComposePage::fillRecentMenu()
{
    m_recentMenu->clear();
    const QStringList list = recentConfigs();
    for (const QString& path : list) {
        QAction* action = m_recentMenu->addAction(QDir::toNativeSeparators(path));
        action->setEnabled(QFileInfo::exists(path));
        connect(action, &QAction::triggered, this, [this, path] {
            if (!maybeSave())
                return;
            QString error;
            if (!openConfig(path, &error))
                QMessageBox::warning(this, tr("Cannot Open Config"), error);
        });
    }
    if (list.isEmpty())
        m_recentMenu->addAction(tr("No recent configs"))->setEnabled(false);
    else {
        m_recentMenu->addSeparator();
        connect(m_recentMenu->addAction(tr("Clear List")), &QAction::triggered, this,
                [] { QSettings().remove(kRecentKey); });
    }
}

}  // namespace moe
