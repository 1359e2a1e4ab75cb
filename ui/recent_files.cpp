#include "ui/recent_files.h"

#include <QDir>
#include <QFileInfo>
#include <QSettings>

namespace moe {

RecentFiles::RecentFiles(QString settingsKey, int maxEntries) : m_key(std::move(settingsKey)), m_max(maxEntries) {}

QStringList RecentFiles::stored() const
{
    return QSettings().value(m_key).toStringList();
}

void RecentFiles::add(const QString& path)
{
    if (path.isEmpty()) return;
    const QString clean = QDir::cleanPath(QFileInfo(path).absoluteFilePath());
    QStringList list = stored();
    list.removeAll(clean);
    list.prepend(clean);
    while (list.size() > m_max) list.removeLast();
    QSettings().setValue(m_key, list);
}

void RecentFiles::remove(const QString& path)
{
    QStringList list = stored();
    list.removeAll(QDir::cleanPath(QFileInfo(path).absoluteFilePath()));
    QSettings().setValue(m_key, list);
}

QStringList RecentFiles::paths() const
{
    QStringList out;
    // Entries that vanished (a deleted trace, an unmounted disk) are hidden, not forgotten: they come
    // back when the disk does.
    for (const QString& p : stored())
        if (QFileInfo::exists(p)) out << p;
    return out;
}

void RecentFiles::clear()
{
    QSettings().remove(m_key);
}

}  // namespace moe
